"""The enforcement module's computed indicator (registered into ``core.kpis`` from
``EnforcementConfig.ready``): 执法检查覆盖率, the key enterprises of the year's
enforcement plan inspected, by ``services.stats.key_coverage`` (the statistics page's
coverage figure)."""

from __future__ import annotations

from datetime import date, timedelta

from yingji.core import kpis
from yingji.core.scope import Scope
from yingji.enforcement.models import Inspection, PlanTarget
from yingji.enforcement.services.stats import key_coverage


def inspection_coverage(prefix: str, start: date, end: date) -> kpis.Measure:
    """执法检查覆盖率: enterprises in the region listed in the year's enforcement plan
    (计划检查企业) inspected in the period, of those listed."""
    scope = Scope(prefix)
    inspections = Inspection.objects.within(scope).filter(inspected_on__gte=start, inspected_on__lt=end)
    inspected, planned = key_coverage(PlanTarget.objects.within(scope).filter(plan__year=start.year),
                                      inspections)
    return kpis.Measure.rate(inspected, planned)


def _url(prefix: str, start: date, end: date) -> str:
    return kpis.list_url("inspection_list", region=kpis.region_code(prefix),
                         inspected_after=start.isoformat(),
                         inspected_before=(end - timedelta(days=1)).isoformat())


def register() -> None:
    kpis.register(kpis.Provider(
        "inspection_coverage", "执法检查计划覆盖率", "执法监督", "%", True,
        "年度执法检查计划列明的企业中，统计期内已实施执法检查的比例", inspection_coverage, _url))
