"""The figures pages (年度演练计划, 演练统计, 预案覆盖, 预案启动) of a street's duty
officer (江岸区大智街道): another street's plans, drills and incidents of the same district,
and another district's, are never listed nor counted; the street's own are."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from yingji.core.models import Region
from yingji.core.models.regions import RegionLevel
from yingji.core.testing import JIANGAN, JIANGAN_STREET, actor_for, client_for, make_user
from yingji.incidents.services import intake
from yingji.incidents.tests.conftest import incident_data
from yingji.plans.models import Drill, Plan
from yingji.plans.services import drills, lifecycle
from yingji.plans.tests.factories import bring_in_force, build_plan

YEAR = 2025
WUCHANG_STREET = "420106001000"


@pytest.fixture
def city_staff(db: Any) -> Any:
    return make_user("wh_sup_t", roles=["supervisor", "duty_leader"], scope="420100000000")


@pytest.fixture
def street_officer(db: Any) -> Any:
    return make_user("dz_duty_t", roles=["duty_officer"], scope=JIANGAN_STREET, real_name="大智街道值班员")


@pytest.fixture
def places(db: Any) -> dict[str, Region]:
    sibling = (Region.objects.filter(parent_id=JIANGAN, level=RegionLevel.TOWN)
               .exclude(code=JIANGAN_STREET).order_by("code").first())
    assert sibling is not None
    return {"own": Region.objects.get(code=JIANGAN_STREET), "sibling": sibling,
            "other": Region.objects.get(code=WUCHANG_STREET)}


def _street_plan(user: Any, region: Region, *, in_force: bool = True) -> Plan:
    actor = actor_for(user)
    plan = build_plan(actor, region, name=f"{region.name}突发事件应急预案", kind="grassroots",
                      level="street")
    if in_force:
        return bring_in_force(plan, actor, issued_on=date(2025, 3, 3))
    plan = lifecycle.submit_review(plan, actor=actor)
    plan = lifecycle.record_review(plan, actor=actor, held_on=date(2024, 1, 2), experts="甲、乙、丙",
                                   conclusion="passed", opinions="同意")
    plan = lifecycle.sign_plan(plan, actor=actor, signer="街道办事处主任")
    return lifecycle.issue_plan(plan, actor=actor, doc_number="街办〔2024〕1号", issued_on=date(2024, 1, 2))


def _held_drill(plan: Plan, user: Any) -> Drill:
    actor = actor_for(user)
    drill = drills.create_drill({
        "plan": plan, "title": f"{plan.region.name}疏散演练", "kind": "live", "region": plan.region,
        "organiser": f"{plan.region.name}办事处", "participants": "社区、物业", "scenario": "居民楼起火疏散",
        "planned_on": date(YEAR, 6, 1)}, actor=actor)
    drill = drills.start_drill(drill, actor=actor, held_on=date(YEAR, 6, 1))
    return drills.finish_drill(drill, actor=actor)


def _page(user: Any, name: str, query: str = "") -> Any:
    response = client_for(user).get(reverse(name) + query)
    assert response.status_code == 200
    return response


def test_the_year_plan_of_a_street_lists_only_the_street(
        city_staff: Any, street_officer: Any, places: dict[str, Region]) -> None:
    made = {key: _street_plan(city_staff, region) for key, region in places.items()}
    for plan in made.values():
        _held_drill(plan, city_staff)
    response = _page(street_officer, "drill_yearplan", f"?year={YEAR}")
    assert [row.plan for row in response.context["rows"]] == [made["own"]]
    assert response.context["coverage"]["streets_total"] == 1
    assert response.context["coverage"]["streets_done"] == 1
    text = response.content.decode()
    assert made["sibling"].name not in text and made["other"].name not in text


def test_the_drill_statistics_of_a_street_count_only_the_street(
        city_staff: Any, street_officer: Any, places: dict[str, Region]) -> None:
    for region in places.values():
        _held_drill(_street_plan(city_staff, region), city_staff)
    data = _page(street_officer, "drill_stats", f"?year={YEAR}").context["data"]
    assert (data["total"], data["held"]) == (1, 1)
    assert data["by_district"] == [{"name": "江岸区", "value": 1}]
    assert sum(item["value"] for item in data["by_month"]) == 1
    assert _page(city_staff, "drill_stats", f"?year={YEAR}").context["data"]["total"] == 3


def test_the_coverage_of_a_street_shows_only_the_street(
        city_staff: Any, street_officer: Any, places: dict[str, Region]) -> None:
    unfiled = {key: _street_plan(city_staff, region, in_force=False) for key, region in places.items()}
    report = _page(street_officer, "plan_coverage").context["report"]
    assert [plan for plan, _due in report.filing_overdue] == [unfiled["own"]]
    assert report.streets_total == 1 and [r.code for r in report.streets_missing] == [JIANGAN_STREET]
    assert all(r.code.startswith(JIANGAN_STREET[:9]) for r in report.communities_missing)
    text = _page(street_officer, "plan_coverage").content.decode()
    assert unfiled["sibling"].name not in text and unfiled["other"].name not in text


def test_the_activation_board_of_a_street_shows_only_the_street(
        city_staff: Any, street_officer: Any, places: dict[str, Region]) -> None:
    made = {key: intake.receive_incident(incident_data(region, title=f"{region.name}居民楼火灾", deaths=1),
                                         actor=actor_for(city_staff))
            for key, region in places.items()}
    response = _page(street_officer, "plan_board")
    assert [row["incident"] for row in response.context["rows"]] == [made["own"]]
    text = response.content.decode()
    assert made["sibling"].title not in text and made["other"].title not in text
    assert len(_page(city_staff, "plan_board").context["rows"]) == 3


def test_a_district_user_never_sees_the_other_districts_street_plans(
        supervisor: Any, city_staff: Any, places: dict[str, Region]) -> None:
    wuchang = _street_plan(city_staff, places["other"])
    _held_drill(wuchang, city_staff)
    rows = _page(supervisor, "drill_yearplan", f"?year={YEAR}").context["rows"]
    assert wuchang not in [row.plan for row in rows]
    assert _page(supervisor, "drill_stats", f"?year={YEAR}").context["data"]["total"] == 0


def test_an_enterprise_account_sees_its_own_plans_and_no_street_figures(
        city_staff: Any, places: dict[str, Region]) -> None:
    """It sees none of the government's plans, so a street coverage computed from its
    view would call a covered street uncovered: the street figures are not shown."""
    from yingji.core.testing import system
    from yingji.enterprises import services as enterprise_services
    from yingji.enterprises.tests.factories import make_enterprise

    _street_plan(city_staff, places["own"])
    enterprise = make_enterprise(7)
    account = make_user("qy_t", roles=["enterprise"], scope=JIANGAN_STREET, real_name="企业安全员")
    enterprise_services.add_member(enterprise, account, actor=system())
    actor = actor_for(city_staff)
    own = bring_in_force(build_plan(actor, enterprise.region, name=f"{enterprise.name}综合应急预案",
                                    kind="ent_comprehensive", level="enterprise", enterprise=enterprise),
                         actor, issued_on=date(2025, 3, 3))
    response = _page(account, "plan_coverage")
    report = response.context["report"]
    assert report.government is False and report.streets_total == 0 and not report.streets_missing
    assert "基层预案覆盖率" not in response.content.decode()
    response = _page(account, "drill_yearplan", f"?year={YEAR}")
    assert [row.plan for row in response.context["rows"]] == [own]
    assert response.context["coverage"]["government"] is False
    assert "开展演练的街道" not in response.content.decode()
    staff = _page(city_staff, "plan_coverage").context["report"]
    assert staff.government is True and places["own"] not in staff.streets_missing
