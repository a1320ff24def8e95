"""Every page and API endpoint of the accidents module, for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, a supervisor of 江岸区 and one of 武昌区."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from yingji.accidents.models import AccidentSettings, DistrictTarget
from yingji.accidents.services import accidents, crosscheck, investigation
from yingji.accidents.tests.conftest import accident_data, seen
from yingji.accidents.tests.test_crosscheck import workbook
from yingji.core.models import Region
from yingji.core.services.objects import create_object
from yingji.core.testing import JIANGAN, JIANGAN_STREET, actor_for, system
from yingji.core.testing_scope import (
    Action,
    Detail,
    List,
    Page,
    Post,
    ScopeCase,
    World,
    city_wide_reference,
)


class TestAccidentScope(ScopeCase):
    apps = ("accidents",)
    roles = ("supervisor",)

    endpoints = {
        "accident_step": Action("accident", post={"name": "typical", "typical": "on",
                                                  "lessons": "范围测试的警示教育要点内容", "version": 0}),
        "accident_from_incident": Page(),
        "accident_stats": Page(),
        "accident_map": Page(),
        "accident_geojson": Page(anonymous=401),  # the map script's data; scope in test_map
        # The 安委办's page lists the scope's listed accidents (the world's is listed).
        "accident_office": List("accident", roles=("safety_office",)),
        "crosscheck_import": Page(),
        "accident_typical": Page(),
        **city_wide_reference("accidentsettings", page_actions=("edit",), api=False),
        "accident_casebook": Page(),
        "crosscheck_template": Page(),
        "crosscheckrow_verify": Action("crosscheckrow", post={"verdict": "not_accident",
                                                              "note": "范围测试非生产经营活动"}),
        "crosscheckrow-verify": Action("crosscheckrow", post={"verdict": "not_accident",
                                                              "note": "范围测试非生产经营活动"}),
        "accident_monthly_table": Page(),
        "accident-step": Action("accident", post={"name": "typical", "typical": True,
                                                  "lessons": "范围测试的警示教育要点内容", "version": 0}),
        "accident-from-incident": Post(),
        # Accidents are corrected, never deleted: DELETE is 405 for everyone.
        "accident-detail": Detail(
            "accident", write_methods=("put", "patch")),
    }

    def build(self, world: World) -> dict[str, Any]:
        street = Region.objects.get(code=JIANGAN_STREET)
        accident = accidents.create_accident(accident_data(street, title="范围测试事故"),
                                             actor=actor_for(world.permitted()))
        investigation.supervise(accident, expected_version=seen(accident),
                                actor=system(), department="武汉市安委办",
                                due=timezone.localdate() + timedelta(days=60))
        target = create_object(DistrictTarget, {"region": Region.objects.get(code=JIANGAN), "year": 2026,
                                                "max_accidents": 30, "max_deaths": 12,
                                                "note": "范围测试目标"}, actor=system())
        batch, _ = crosscheck.import_list("injury", "范围测试人社局", workbook(
            [[timezone.localdate(), "范围测试核查单位", "", "", JIANGAN_STREET, "", ""]]),
            actor=actor_for(world.permitted()))
        return {"accidentsettings": AccidentSettings.current(), "accident": accident,
                "districttarget": target, "crosscheckbatch": batch,
                "crosscheckrow": batch.rows.get()}

    def marker(self, key: str, obj: Any) -> str:
        if key in ("crosscheckrow",):
            return obj.unit_name
        if key == "crosscheckbatch":
            return obj.source_name
        if key == "districttarget":
            return obj.note
        return obj.title if key == "accident" else super().marker(key, obj)
