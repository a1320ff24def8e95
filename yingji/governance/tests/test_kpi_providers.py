"""Each computed indicator's provider (registered by its module into ``core.kpis``) on
a small case built here and counted by hand: 江岸区 holds the rows, 武昌区 holds one
row that must not count for 江岸区, and a period outside holds one more."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from yingji.core import kpis
from yingji.core.models import Notification, Region
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, actor_for, make_department, make_user
from yingji.governance.services.kpis import month_bounds, year_bounds

TZ = ZoneInfo("Asia/Shanghai")
JA, WC = JIANGAN[:6], WUCHANG[:6]
WUCHANG_STREET = "420106001000"
YEAR = 2025


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(YEAR, month, day, hour, tzinfo=TZ)


def compute(code: str, prefix: str, start: date, end: date) -> kpis.Measure:
    provider = kpis.get(code)
    assert provider is not None, f"{code} is not registered"
    return provider.compute(prefix, start, end)


def test_every_issue_indicator_has_a_provider() -> None:
    codes = {p.code for p in kpis.providers()}
    assert {"hazard_closure", "major_hazard_on_time", "monitoring_access", "arrival_1h",
            "warning_ack", "accidents", "accident_deaths", "plan_coverage", "drill_coverage",
            "inspection_coverage"} <= codes


def _hazard(street: str, found: datetime, *, grade: str = "general", closed: datetime | None = None,
            on_time: bool | None = None) -> Any:
    from yingji.hazards.models import Hazard

    return Hazard.objects.create(region_id=street, title="测试隐患", source="department", grade=grade,
                                 category="site_equipment", description="测试", found_at=found,
                                 state="closed" if closed else "rectifying", closed_at=closed,
                                 closed_on_time=on_time)


@pytest.mark.django_db
def test_hazard_closure_and_major_on_time() -> None:
    # 江岸区 in March: 4 hazards, 3 closed (销号率 75%); 3 major, of which 2 closed with a
    # deadline, 1 on time (按期整改率 50%).
    _hazard(JIANGAN_STREET, at(3, 1), closed=at(3, 5), on_time=True)
    _hazard(JIANGAN_STREET, at(3, 2), grade="major", closed=at(3, 9), on_time=True)
    _hazard(JIANGAN_STREET, at(3, 3), grade="major", closed=at(4, 9), on_time=False)
    _hazard(JIANGAN_STREET, at(3, 4), grade="major")
    _hazard(WUCHANG_STREET, at(3, 4), closed=at(3, 6), on_time=True)  # another district
    _hazard(JIANGAN_STREET, at(5, 4))  # another month
    march = month_bounds(YEAR, 3)
    assert compute("hazard_closure", JA, *march) == kpis.Measure(75.0, 3, 4)
    assert compute("major_hazard_on_time", JA, *march) == kpis.Measure(50.0, 1, 2)
    assert compute("hazard_closure", JA, *year_bounds(YEAR)) == kpis.Measure(60.0, 3, 5)
    assert compute("hazard_closure", WC, *march) == kpis.Measure(100.0, 1, 1)
    assert compute("major_hazard_on_time", WC, *march).value is None  # nothing to count
    url = kpis.get("hazard_closure").data_url(JA, *march)
    assert url.startswith("/hazards/") and f"region={JIANGAN}" in url and "found_to=2025-03-31" in url


@pytest.mark.django_db
def test_arrival_within_the_hour() -> None:
    from yingji.incidents.models import DispatchOrder, Incident

    def incident(street: str) -> Incident:
        return Incident.objects.create(title="测试事件", received_at=at(6, 1), region_id=street,
                                       address="测试地点", category="accident", subtype="fire",
                                       description="测试")

    ja, wc = incident(JIANGAN_STREET), incident(WUCHANG_STREET)

    def order(inc: Incident, issued: datetime, minutes: int | None, kind: str = "team",
              state: str = "arrived") -> None:
        DispatchOrder.objects.create(incident=inc, resource_kind=kind, resource_id=1, resource_name="队",
                                     issued_at=issued, state=state,
                                     arrived_at=issued + timedelta(minutes=minutes) if minutes else None)

    order(ja, at(6, 1), 30)        # on time
    order(ja, at(6, 2), 60)        # on time (the hour itself)
    order(ja, at(6, 3), 75)        # late
    order(ja, at(6, 4), None, state="issued")  # not arrived: late
    order(ja, at(6, 5), 10, state="cancelled")  # left out
    order(ja, at(6, 6), 10, kind="material")    # not a team: left out
    order(wc, at(6, 1), 10)                      # another district
    assert compute("arrival_1h", JA, *month_bounds(YEAR, 6)) == kpis.Measure(50.0, 2, 4)
    assert compute("arrival_1h", WC, *month_bounds(YEAR, 6)) == kpis.Measure(100.0, 1, 1)
    assert compute("arrival_1h", JA, *month_bounds(YEAR, 7)).value is None


@pytest.mark.django_db
def test_accidents_and_deaths_against_the_double_decline_target() -> None:
    from yingji.accidents.models import DistrictTarget
    from yingji.accidents.services import accidents
    from yingji.accidents.tests.conftest import accident_data

    supervisor = make_user("ac_kpi", roles=["supervisor"], scope=JIANGAN[:4].ljust(12, "0"))
    street, other = Region.objects.get(code=JIANGAN_STREET), Region.objects.get(code=WUCHANG_STREET)
    for when, region, deaths in ((at(2, 3), street, 1), (at(2, 20), street, 2), (at(8, 1), street, 0),
                                 (at(2, 5), other, 4)):
        accidents.create_accident(accident_data(region, occurred_at=when, deaths=deaths),
                                  actor=actor_for(supervisor))
    accidents.create_accident(accident_data(street, occurred_at=at(2, 6), deaths=5, is_production=False,
                                                          non_production_reason="illness"),
                              actor=actor_for(supervisor))  # not a production accident
    DistrictTarget.objects.create(region_id=JIANGAN, year=YEAR, max_accidents=2, max_deaths=5)
    assert compute("accidents", JA, *month_bounds(YEAR, 2)) == kpis.Measure.count(2)
    assert compute("accident_deaths", JA, *month_bounds(YEAR, 2)) == kpis.Measure.count(3)
    assert compute("accidents", JA, *year_bounds(YEAR)) == kpis.Measure.count(3)
    assert compute("accident_deaths", WC, *year_bounds(YEAR)) == kpis.Measure.count(4)
    target = kpis.get("accidents").target
    assert target is not None and target(JA, YEAR) == 2.0 and target(WC, YEAR) is None
    deaths_target = kpis.get("accident_deaths").target
    assert deaths_target is not None and deaths_target(JA, YEAR) == 5.0


def _streets(prefix: str) -> list[str]:
    from yingji.core.models.regions import RegionLevel

    return list(Region.objects.subtree(prefix).filter(level=RegionLevel.TOWN).order_by("code")
                .values_list("code", flat=True))


@pytest.mark.django_db
def test_plan_and_drill_coverage() -> None:
    from yingji.plans.models import Drill, Plan

    streets = _streets(JA)
    assert len(streets) >= 3

    def plan(region: str, state: str, kind: str = "grassroots") -> Plan:
        return Plan.objects.create(name="测试预案", kind=kind, level="town", region_id=region,
                                   owner_unit="街道办", state=state)

    first = plan(streets[0], "in_force")
    plan(streets[1], "draft")  # not in force
    plan(streets[2], "in_force", kind="special")  # not a grassroots plan
    plan(WUCHANG_STREET, "in_force")
    covered = compute("plan_coverage", JA, *year_bounds(YEAR))
    assert covered == kpis.Measure.rate(1, len(streets))

    def drill(region: str, on: date, state: str) -> None:
        Drill.objects.create(plan=first, title="演练", kind="tabletop", region_id=region,
                             organiser="街道办", participants="各社区", scenario="火灾", planned_on=on,
                             state=state)

    drill(streets[0], date(YEAR, 4, 1), "done")
    drill(streets[0], date(YEAR, 5, 1), "evaluated")  # the same street again
    drill(streets[1], date(YEAR, 4, 2), "planned")    # not held
    drill(streets[2], date(YEAR - 1, 4, 2), "done")   # last year
    assert compute("drill_coverage", JA, *year_bounds(YEAR)) == kpis.Measure.rate(1, len(streets))
    assert compute("drill_coverage", JA, *month_bounds(YEAR, 6)) == kpis.Measure.rate(0, len(streets))


@pytest.mark.django_db
def test_inspection_coverage_of_the_plan() -> None:
    from yingji.enforcement.models import AnnualPlan, Inspection, PlanTarget
    from yingji.enterprises.tests.factories import make_enterprise

    department = make_department("江岸区应急管理局")
    plan = AnnualPlan.objects.create(year=YEAR, title="年度执法计划", department=department,
                                     region_id=JIANGAN)
    planned = [make_enterprise(n) for n in (1, 2, 3, 4)]
    for enterprise in planned:
        PlanTarget.objects.create(plan=plan, enterprise=enterprise, visits_per_year=1)
    outside = make_enterprise(5)  # inspected but not in the plan

    def inspect(enterprise: Any, on: date) -> None:
        Inspection.objects.create(enterprise=enterprise, region=enterprise.region, department=department,
                                  source="plan", inspected_on=on)

    inspect(planned[0], date(YEAR, 3, 1))
    inspect(planned[0], date(YEAR, 4, 1))
    inspect(planned[1], date(YEAR, 9, 1))
    inspect(outside, date(YEAR, 3, 1))
    assert compute("inspection_coverage", JA, *year_bounds(YEAR)) == kpis.Measure(50.0, 2, 4)
    assert compute("inspection_coverage", JA, *month_bounds(YEAR, 3)) == kpis.Measure(25.0, 1, 4)
    assert compute("inspection_coverage", WC, *year_bounds(YEAR)).value is None


@pytest.mark.django_db
def test_monitoring_access_rate() -> None:
    from yingji.monitoring.models import MinuteAggregate
    from yingji.monitoring.tests.factories import setup_site

    site = setup_site(1)
    setup_site(2, street=WUCHANG_STREET)  # 武昌区's points, silent
    minute = (timezone.now() - timedelta(minutes=10)).replace(second=0, microsecond=0)
    MinuteAggregate.objects.create(point=site["level"], minute=minute, count=1, min_value=1,
                                   max_value=1, sum_value=1, last_value=1, last_ts=minute)
    day = timezone.localdate(minute)
    period = (day, day + timedelta(days=1))
    assert compute("monitoring_access", JA, *period) == kpis.Measure(50.0, 1, 2)
    assert compute("monitoring_access", WC, *period) == kpis.Measure(0.0, 0, 2)


@pytest.mark.django_db
def test_warning_ack_rate() -> None:
    from yingji.core.services.notifications import acknowledge
    from yingji.warnings.services import bulletins
    from yingji.warnings.tests.conftest import draft_data, publish

    officer = make_user("ja_wn_duty", roles=["duty_officer"], scope=JIANGAN)
    leader = make_user("ja_wn_leader", roles=["duty_leader"], scope=JIANGAN)
    street = Region.objects.get(code=JIANGAN_STREET)
    _people(street)
    bulletin = publish(bulletins.create_bulletin(draft_data(street), actor=actor_for(officer)),
                       officer, leader)
    calls = list(Notification.objects.filter(requires_ack=True, object_id=str(bulletin.pk)).order_by("pk"))
    assert len(calls) == 2  # two of the directory's people are called
    acknowledge(calls[0], via="web", actor=actor_for(calls[0].recipient))
    today = timezone.localdate()
    period = (today, today + timedelta(days=1))
    assert compute("warning_ack", JA, *period) == kpis.Measure(50.0, 1, 2)
    assert compute("warning_ack", WC, *period).value is None  # 江岸区's warning called nobody there
    assert compute("warning_ack", JA, today - timedelta(days=3), today).value is None


def _people(street: Region) -> None:
    from yingji.core.testing import system
    from yingji.warnings.models import DutyRole
    from yingji.warnings.services import directory

    actor = system()
    directory.create_person({"name": "赵县长", "phone": "13900000001",
                             "region": Region.objects.get(code=JIANGAN),
                             "role": DutyRole.SANFANG_COUNTY}, actor=actor)
    directory.create_person({"name": "钱主任", "phone": "13900000002", "region": street,
                             "role": DutyRole.SANFANG_TOWN}, actor=actor)
    village = Region.objects.filter(parent=street).order_by("code").first()
    directory.create_person({"name": "孙书记", "phone": "13900000003", "region": village,
                             "role": DutyRole.SANFANG_VILLAGE}, actor=actor)

