"""The plans module's computed indicators (registered into ``core.kpis`` from
``PlansConfig.ready``): 预案覆盖率 and 演练覆盖率 of the streets (乡镇、街道) of a
region, by the definitions of the coverage report (``services.coverage``: a
grassroots plan in force) and of ``services.drills.drill_coverage`` (a drill held)."""

from __future__ import annotations

from datetime import date

from yingji.core import kpis
from yingji.core.models import Region
from yingji.core.models.regions import RegionLevel
from yingji.core.scope import Scope
from yingji.plans.models import Drill, Plan
from yingji.plans.services.coverage import IN_FORCE

HELD = ("done", "evaluated")


def _streets(prefix: str) -> list[str]:
    return list(Region.objects.subtree(prefix).filter(level=RegionLevel.TOWN)
                .values_list("code", flat=True))


def plan_coverage(prefix: str, start: date, end: date) -> kpis.Measure:
    """预案覆盖率: streets of the region with a grassroots plan (基层预案) in force
    (current: a plan's state is today's), of all its streets."""
    streets = _streets(prefix)
    covered = set(Plan.objects.within(Scope(prefix)).filter(state__in=IN_FORCE, kind="grassroots")
                  .values_list("region_id", flat=True))
    return kpis.Measure.rate(sum(1 for s in streets if s in covered), len(streets))


def drill_coverage(prefix: str, start: date, end: date) -> kpis.Measure:
    """演练覆盖率: streets of the region where a drill was held (done or evaluated)
    in the period, of all its streets."""
    streets = _streets(prefix)
    held = {code[:9] for code in Drill.objects.within(Scope(prefix)).filter(
        planned_on__gte=start, planned_on__lt=end, state__in=HELD).values_list("region_id", flat=True)}
    return kpis.Measure.rate(sum(1 for s in streets if s[:9] in held), len(streets))


def _plans(prefix: str, start: date, end: date) -> str:
    return kpis.list_url("plan_coverage")


def _drills(prefix: str, start: date, end: date) -> str:
    return kpis.list_url("drill_list", region=kpis.region_code(prefix), year=start.year)


def register() -> None:
    kpis.register(kpis.Provider(
        "plan_coverage", "基层应急预案覆盖率", "预案与演练", "%", True,
        "乡镇（街道）中已有现行基层应急预案的比例（按当前预案状态）", plan_coverage, _plans))
    kpis.register(kpis.Provider(
        "drill_coverage", "应急演练覆盖率", "预案与演练", "%", True,
        "乡镇（街道）中统计期内已组织应急演练（已完成或已评估）的比例", drill_coverage, _drills))
