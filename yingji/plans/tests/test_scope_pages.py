"""The figures pages (年度演练计划, 演练统计, 预案覆盖, 预案启动) of a 江岸区 user: a
武昌区 plan, drill or incident is never listed nor counted on them, while the same row
in 江岸区 is."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from yingji.core.models import Region
from yingji.core.models.regions import RegionLevel
from yingji.core.testing import WUCHANG, actor_for, client_for, make_user
from yingji.incidents.services import intake
from yingji.incidents.tests.conftest import incident_data
from yingji.plans.models import Drill, Plan
from yingji.plans.services import drills, lifecycle
from yingji.plans.tests.factories import bring_in_force, build_plan

YEAR = 2025


@pytest.fixture
def outsider(db: Any) -> Any:
    return make_user("wc_sup", roles=["supervisor", "duty_leader"], scope=WUCHANG,
                     real_name="武昌监管员")


@pytest.fixture
def wuchang_plan(outsider: Any) -> Plan:
    actor = actor_for(outsider)
    plan = build_plan(actor, Region.objects.get(code=WUCHANG), name="武昌区火灾事故应急预案")
    return bring_in_force(plan, actor, issued_on=date(2025, 3, 3), doc_number="武政办〔2025〕1号")


def _held_drill(plan: Plan, user: Any, title: str) -> Drill:
    actor = actor_for(user)
    drill = drills.create_drill({
        "plan": plan, "title": title, "kind": "live", "region": plan.region,
        "organiser": f"{plan.region.name}应急管理局", "participants": "区消防救援大队",
        "scenario": "商场起火", "planned_on": date(YEAR, 6, 1)}, actor=actor)
    drill = drills.start_drill(drill, actor=actor, held_on=date(YEAR, 6, 1))
    return drills.finish_drill(drill, actor=actor)


def _page(user: Any, name: str, query: str = "") -> Any:
    response = client_for(user).get(reverse(name) + query)
    assert response.status_code == 200
    return response


def test_the_year_plan_lists_and_counts_only_the_scope(
        supervisor: Any, outsider: Any, fire_plan: Plan, wuchang_plan: Plan) -> None:
    _held_drill(fire_plan, supervisor, "江岸区实战演练")
    _held_drill(wuchang_plan, outsider, "武昌区实战演练")
    response = _page(supervisor, "drill_yearplan", f"?year={YEAR}")
    rows = response.context["rows"]
    assert [row.plan for row in rows] == [fire_plan]
    assert rows[0].planned_this_year == 1 and rows[0].done_this_year == 1
    assert "武昌区火灾事故应急预案" not in response.content.decode()
    assert _page(outsider, "drill_yearplan", f"?year={YEAR}").context["rows"][0].plan == wuchang_plan


def test_the_drill_statistics_count_only_the_scope(
        supervisor: Any, outsider: Any, fire_plan: Plan, wuchang_plan: Plan) -> None:
    _held_drill(fire_plan, supervisor, "江岸区实战演练")
    _held_drill(wuchang_plan, outsider, "武昌区实战演练")
    _held_drill(wuchang_plan, outsider, "武昌区第二次实战演练")
    data = _page(supervisor, "drill_stats", f"?year={YEAR}").context["data"]
    assert (data["total"], data["held"]) == (1, 1)
    assert data["by_district"] == [{"name": "江岸区", "value": 1}]
    assert sum(item["value"] for item in data["by_kind"]) == 1
    assert _page(outsider, "drill_stats", f"?year={YEAR}").context["data"]["total"] == 2


def test_the_coverage_report_counts_only_the_scope(
        supervisor: Any, outsider: Any, district: Region) -> None:
    """An issued plan not filed in time is overdue on its own district's report only;
    the streets counted are the district's."""
    wuchang = build_plan(actor_for(outsider), Region.objects.get(code=WUCHANG), name="武昌区未备案预案")
    jiangan = build_plan(actor_for(supervisor), district, name="江岸区未备案预案")
    for plan, user in ((wuchang, outsider), (jiangan, supervisor)):
        actor = actor_for(user)
        plan = lifecycle.submit_review(plan, actor=actor)
        plan = lifecycle.record_review(plan, actor=actor, held_on=date(2024, 1, 2), experts="甲、乙、丙",
                                       conclusion="passed", opinions="同意")
        plan = lifecycle.sign_plan(plan, actor=actor, signer="区长")
        lifecycle.issue_plan(plan, actor=actor, doc_number="政办〔2024〕1号", issued_on=date(2024, 1, 2))
    report = _page(supervisor, "plan_coverage").context["report"]
    assert [plan for plan, _due in report.filing_overdue] == [jiangan]
    streets = Region.objects.filter(level=RegionLevel.TOWN)
    assert report.streets_total == streets.filter(code__startswith="420102").count() > 0
    assert all(r.code.startswith("420102") for r in report.streets_missing)
    assert [plan for plan, _due in _page(outsider, "plan_coverage").context["report"].filing_overdue] \
        == [wuchang]


def test_the_activation_board_shows_only_the_scope(
        supervisor: Any, outsider: Any, street: Region, fire_plan: Plan, wuchang_plan: Plan) -> None:
    jiangan = intake.receive_incident(incident_data(street, title="江岸区商场火灾", deaths=3),
                                      actor=actor_for(supervisor))
    wuchang = intake.receive_incident(
        incident_data(Region.objects.get(code="420106001000"), title="武昌区商场火灾", deaths=3),
        actor=actor_for(outsider))
    rows = _page(supervisor, "plan_board").context["rows"]
    assert [row["incident"] for row in rows] == [jiangan]
    assert rows[0]["best"].plan.pk == fire_plan.pk
    rows = _page(outsider, "plan_board").context["rows"]
    assert [row["incident"] for row in rows] == [wuchang]
    assert rows[0]["best"].plan.pk == wuchang_plan.pk
