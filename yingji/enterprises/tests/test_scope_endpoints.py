"""Every page and API endpoint of the enterprise registry, for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, a supervisor of 江岸区 and one of 武昌区."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from yingji.core.testing import JIANGAN_STREET, system
from yingji.core.testing_scope import Detail, List, Page, Post, ScopeCase, World, city_wide_reference
from yingji.enterprises import services
from yingji.enterprises.models import AlphaBand, HazardCategory, HazardSubstance, RiskBand, SupervisionClass
from yingji.enterprises.tests.factories import make_enterprise, make_unit


class TestEnterpriseScope(ScopeCase):
    apps = ("enterprises",)
    roles = ("supervisor",)

    endpoints = {
        "enterprise_members": Detail("enterprise"),
        "enterprise-members": Detail("enterprise"),
        "enterprise_map": Page(),
        "enterprise_geojson": List("enterprise"),
        "enterprise_charts": Page(),
        "enterprise_import": Page(),
        "enterprise_import_template": Page(),
        "licence_expiring": List("licence"),
        "majorhazard_grade": Post(),
        **city_wide_reference("hazardsubstance"),
        **city_wide_reference("hazardcategory"),
        **city_wide_reference("alphaband"),
        **city_wide_reference("riskband"),
        **city_wide_reference("supervisionclass"),
    }

    def build(self, world: World) -> dict[str, Any]:
        enterprise = make_enterprise(901, street_code=JIANGAN_STREET, name="范围测试化工有限公司")
        unit = make_unit(enterprise, [("氯", 20)])
        licence = services.create_licence({
            "enterprise": enterprise, "kind": "safety_production", "number": "（鄂）WH安许证字[2099]901",
            "expires_on": timezone.localdate() + timedelta(days=20)}, actor=system())
        risk_point = services.create_risk_point({
            "enterprise": enterprise, "name": "范围测试装卸区", "method": "lec",
            "lec_l": 3, "lec_e": 6, "lec_c": 15}, actor=system())
        return {
            "enterprise": enterprise,
            "licence": licence,
            "majorhazard": unit.source,
            "majorhazardunit": unit,
            "majorhazardsubstance": unit.substances.first(),
            "riskpoint": risk_point,
            "hazardsubstance": HazardSubstance.objects.order_by("pk").first(),
            "hazardcategory": HazardCategory.objects.order_by("pk").first(),
            "alphaband": AlphaBand.objects.order_by("pk").first(),
            "riskband": RiskBand.objects.order_by("pk").first(),
            "supervisionclass": SupervisionClass.objects.order_by("pk").first(),
        }

    def marker(self, key: str, obj: Any) -> str:
        if key == "licence":
            return obj.number
        return super().marker(key, obj)
