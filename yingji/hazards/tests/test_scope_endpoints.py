"""Every page and API endpoint of the hidden-hazard closed loop, for the four kinds of
caller (``core.testing_scope``): anonymous, unpermitted, a supervisor of 江岸区 and one
of 武昌区."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from yingji.core.testing import JIANGAN, JIANGAN_STREET, actor_for, make_department, make_user, system
from yingji.core.testing_scope import Action, Detail, Edit, List, Page, ScopeCase, World, city_wide_reference
from yingji.enterprises import services as enterprise_services
from yingji.enterprises.tests.factories import make_enterprise
from yingji.hazards.models import Checklist, HazardSettings
from yingji.hazards.services import extensions, hazards, inspections, steps
from yingji.hazards.tests.conftest import assign_data, hazard_data


class TestHazardScope(ScopeCase):
    apps = ("hazards",)
    roles = ("supervisor",)

    endpoints = {
        "hazard-history": Detail("hazard"),
        "hazard-plan": Detail("hazard"),
        "hazard_plan": Edit("hazard"),
        "hazard_transition": Action("hazard"),
        "hazard_extension": Action("hazard"),
        "hazard_listing": Action("hazard"),
        "hazard_map": Page(),
        "hazard_geojson": List("hazard", anonymous=401),  # data for the map's script
        # Hazards are closed through their workflow, never deleted (DELETE is 405 for all).
        "hazard-detail": Detail("hazard", write_methods=("put", "patch")),
        "hazard_import": Page(),
        "hazard_import_template": Page(),
        "hazard_analysis": Page(),
        "hazardanalysis-list": Page(),
        "extensionrequest_decide": Action("extensionrequest"),
        "selfinspection_coverage": List("selfinspection"),
        "selfinspection-coverage": Page(),
        # Running a self-inspection is on the enterprise: 404 for one outside the scope.
        "selfinspection_run": Detail("enterprise"),
        # The settings are city-wide: the page sends a city-wide user on to the edit form.
        **city_wide_reference("hazardsettings", page_actions=("edit",), api=False),
        **city_wide_reference("checklist", page_actions=("list", "detail", "add", "edit")),
        **city_wide_reference("checklistitem", page_actions=("add", "edit", "delete"), api=False),
    }
    exempt = {
        "hazards_public_list": "the public disclosure (公示) of listed major hazards, open to "
                               "everyone by design; its fields are tested in test_pages",
    }

    def build(self, world: World) -> dict[str, Any]:
        bureau = make_department("范围测试江岸区应急管理局", region_code=JIANGAN, kind="district_bureau")
        officer = world.permitted()
        enterprise = make_enterprise(902, street_code=JIANGAN_STREET, name="范围测试隐患企业",
                                     supervising_department=bureau, supervising_officer=officer)
        owner = make_user("scope_hz_owner", roles=["enterprise"], scope=JIANGAN)
        enterprise_services.add_member(enterprise, owner, actor=system())
        hazard = hazards.create_hazard(hazard_data(enterprise, title="范围测试隐患一"),
                                       actor=actor_for(officer))
        pending = steps.assign_rectification(
            hazards.create_hazard(hazard_data(enterprise, title="范围测试隐患二"), actor=actor_for(officer)),
            actor=actor_for(officer), **assign_data())
        request = extensions.request_extension(
            pending, actor=actor_for(owner), requested_deadline=timezone.now() + timedelta(days=40),
            reason="范围测试设备未到货")
        checklist = Checklist.objects.get(name="通用安全生产检查清单")
        inspection = inspections.run_self_inspection(
            enterprise, checklist, [inspections.Answer(i.pk, True) for i in checklist.items.all()],
            actor=actor_for(owner), inspector_name="范围测试检查员")
        return {
            "enterprise": enterprise,
            "hazard": hazard,
            "extensionrequest": request,
            "selfinspection": inspection,
            "checklist": checklist,
            "checklistitem": checklist.items.order_by("pk").first(),
            "hazardsettings": HazardSettings.current(),
        }

    def marker(self, key: str, obj: Any) -> str:
        if key == "hazard":
            return obj.title
        if key == "extensionrequest":
            return obj.reason
        if key == "selfinspection":
            return obj.enterprise.name
        return super().marker(key, obj)

