"""Reference tables: city-wide staff edit them in pages and the API, every change
regrades what depends on it; district staff read but cannot write; bad values change
nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from yingji.core.models import AuditLog
from yingji.core.testing import WUHAN, actor_for, client_for, make_user, system
from yingji.enterprises import services
from yingji.enterprises.models import (
    AlphaBand,
    HazardCategory,
    HazardSubstance,
    MajorHazardUnit,
    RiskBand,
    RiskPoint,
)
from yingji.enterprises.services import reference as refs

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_supervisor(db: Any) -> Any:
    return make_user("city_sup", roles=["supervisor"], scope=WUHAN)


def _unit(enterprise: Any) -> MajorHazardUnit:
    return MajorHazardUnit.objects.get(source__enterprise=enterprise)


def test_fixture_grades_as_worked_by_hand(jiangan_enterprise: Any) -> None:
    # 氯 20 t (Q 5, β 4) + 氨 30 t (Q 10, β 2), 120 people → α 2:
    # S = 4 + 3 = 7; R = 2 × (4×4 + 2×3) = 44 → 三级; the LEC point D = 3×6×15 = 270 橙.
    unit = _unit(jiangan_enterprise)
    assert (unit.s_value, unit.r_value, unit.grade) == (7, 44, 3)
    jiangan_enterprise.refresh_from_db()
    assert jiangan_enterprise.risk_colour == "orange"


def test_changing_a_critical_quantity_regrades_units_and_enterprises(
        city_supervisor: Any, jiangan_enterprise: Any) -> None:
    chlorine = HazardSubstance.objects.get(name="氯")
    response = client_for(city_supervisor).post(
        reverse("hazardsubstance_edit", args=[chlorine.pk]),
        {"name": "氯", "aliases": chlorine.aliases, "cas": chlorine.cas, "critical_quantity": "1",
         "toxic_beta": "4", "category": chlorine.category_id or "", "sort_order": "0"})
    assert response.status_code == 302
    # 氯 q/Q = 20: S = 23; R = 2 × (4×20 + 2×3) = 172 → 一级, the enterprise turns red.
    unit = _unit(jiangan_enterprise)
    assert (unit.s_value, unit.r_value, unit.grade) == (23, 172, 1)
    jiangan_enterprise.refresh_from_db()
    assert (jiangan_enterprise.major_hazard_grade, jiangan_enterprise.risk_colour) == (1, "red")
    assert AuditLog.objects.filter(object_type="enterprises.hazardsubstance",
                                   action="update").exists()


def test_changing_an_alpha_band_regrades(city_supervisor: Any, jiangan_enterprise: Any) -> None:
    band = AlphaBand.objects.get(min_population=100)
    refs.update_reference(band, {"alpha": 1.0}, actor=actor_for(city_supervisor))
    assert _unit(jiangan_enterprise).r_value == 22  # α 1 × 22


def test_changing_a_risk_band_rescores_points(city_supervisor: Any,
                                              jiangan_enterprise: Any) -> None:
    orange = RiskBand.objects.get(method="lec", colour="orange")
    response = client_for(city_supervisor).patch(
        f"/api/v1/risk-bands/{orange.pk}/", {"minimum": 280}, content_type="application/json")
    assert response.status_code == 200, response.content
    point = RiskPoint.objects.get(enterprise=jiangan_enterprise)
    assert (point.score, point.colour, point.level) == (270, "yellow", "显著危险")
    jiangan_enterprise.refresh_from_db()
    assert jiangan_enterprise.risk_colour == "yellow"  # the point and the 三级 source


def test_bands_that_leave_a_score_uncovered_are_refused(city_supervisor: Any,
                                                        jiangan_enterprise: Any) -> None:
    services.create_risk_point({"enterprise": jiangan_enterprise, "name": "仓库", "method": "lec",
                                "lec_l": 1, "lec_e": 6, "lec_c": 3}, actor=system())  # D = 18
    lowest = RiskBand.objects.get(method="lec", minimum=0)
    response = client_for(city_supervisor).delete(f"/api/v1/risk-bands/{lowest.pk}/")
    assert response.status_code == 400
    assert "未覆盖" in response.content.decode()
    assert RiskBand.objects.filter(pk=lowest.pk).exists()


def test_a_category_still_in_use_cannot_be_deleted(city_supervisor: Any) -> None:
    category = HazardCategory.objects.get(code="W5.1")
    assert HazardSubstance.objects.filter(category=category).exists()
    response = client_for(city_supervisor).post(reverse("hazardcategory_delete",
                                                        args=[category.pk]), follow=True)
    assert "仍被其他数据引用" in response.content.decode()
    assert HazardCategory.objects.filter(pk=category.pk).exists()


@pytest.mark.parametrize(("field", "value"), [("critical_quantity", 0), ("beta", -1),
                                              ("critical_quantity", "NaN")])
def test_non_positive_factors_are_refused_by_field(city_supervisor: Any, field: str,
                                                   value: Any) -> None:
    category = HazardCategory.objects.get(code="W5.1")
    before = (category.critical_quantity, category.beta)
    response = client_for(city_supervisor).patch(
        f"/api/v1/hazard-categories/{category.pk}/", {field: value},
        content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    category.refresh_from_db()
    assert (category.critical_quantity, category.beta) == before


def test_district_staff_read_but_cannot_write(ja_supervisor: Any, jiangan_enterprise: Any) -> None:
    client = client_for(ja_supervisor)
    listing = client.get(reverse("hazardsubstance_list"))
    assert listing.status_code == 200 and "氯" in listing.content.decode()
    assert reverse("hazardsubstance_add") not in listing.content.decode()
    chlorine = HazardSubstance.objects.get(name="氯")
    assert client.get(reverse("hazardsubstance_edit", args=[chlorine.pk])).status_code == 403
    assert client.patch(f"/api/v1/hazard-substances/{chlorine.pk}/", {"critical_quantity": 1},
                        content_type="application/json").status_code == 403
    chlorine.refresh_from_db()
    assert chlorine.critical_quantity == 5


def test_every_table_page_lists_and_switches(city_supervisor: Any) -> None:
    client = client_for(city_supervisor)
    for name in ("hazardsubstance", "hazardcategory", "alphaband", "riskband",
                 "supervisionclass"):
        page = client.get(reverse(f"{name}_list"))
        assert page.status_code == 200
        text = page.content.decode()
        assert reverse(f"{name}_add") in text
        assert reverse("alphaband_list") in text  # the table switcher
    assert "GB 18218" in client.get(reverse("hazardcategory_list")).content.decode()


def test_adding_a_named_substance_is_used_by_grading(city_supervisor: Any) -> None:
    response = client_for(city_supervisor).post("/api/v1/hazard-substances/", {
        "name": "测试物质甲", "cas": "0-00-0", "critical_quantity": 2, "category": "W5.1"},
        content_type="application/json")
    assert response.status_code == 201, response.content
    result = services.grade_substances([services.GradeEntry("测试物质甲", 4, ())], 0)
    assert result.s == 2 and result.terms[0].beta == 1.5
