"""The hazards module's computed indicators (registered into ``core.kpis`` from
``HazardsConfig.ready``): the 销号率 and the major hazards' 按期整改率 of the hazards
found in a period, both from ``services.analysis.summary`` (the analysis page's figures)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from yingji.core import kpis
from yingji.core.scope import Scope
from yingji.hazards.models import Hazard, HazardGrade
from yingji.hazards.services import analysis


def _found(prefix: str, start: date, end: date) -> QuerySet[Hazard]:
    low, high = kpis.local_bounds(start, end)
    return Hazard.objects.within(Scope(prefix)).filter(found_at__gte=low, found_at__lt=high)


def closure_rate(prefix: str, start: date, end: date) -> kpis.Measure:
    """销号率: hazards found in the period and closed since, of those found."""
    figures = analysis.summary(_found(prefix, start, end))
    return kpis.Measure.rate(figures.closed, figures.total)


def major_on_time(prefix: str, start: date, end: date) -> kpis.Measure:
    """重大隐患按期整改率: major hazards found in the period and closed by their
    deadline, of the major hazards closed with a deadline."""
    figures = analysis.summary(_found(prefix, start, end).filter(grade=HazardGrade.MAJOR))
    return kpis.Measure.rate(figures.on_time, figures.closed_with_deadline)


def _list(grade: str = "") -> kpis.DataUrl:
    def url(prefix: str, start: date, end: date) -> str:
        return kpis.list_url("hazard_list", region=kpis.region_code(prefix), grade=grade,
                             found_from=start.isoformat(),
                             found_to=(end - timedelta(days=1)).isoformat())
    return url


def register() -> None:
    kpis.register(kpis.Provider(
        "hazard_closure", "隐患整改销号率", "隐患排查治理", "%", True,
        "统计期内发现的隐患中已整改销号的比例", closure_rate, _list()))
    kpis.register(kpis.Provider(
        "major_hazard_on_time", "重大隐患按期整改率", "隐患排查治理", "%", True,
        "统计期内发现的重大隐患中，已销号且有整改期限的，按期完成整改的比例",
        major_on_time, _list(HazardGrade.MAJOR)))
