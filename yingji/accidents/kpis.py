"""The accidents module's computed indicators (registered into ``core.kpis`` from
``AccidentsConfig.ready``): 生产安全事故起数 and 死亡人数 (含失踪) from
``services.stats.statistics`` (the statistics page's monthly figures), measured
against the district's 双下降 target kept by this module (``DistrictTarget``)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from yingji.accidents.models import Accident, DistrictTarget
from yingji.accidents.services import stats
from yingji.core import kpis
from yingji.core.scope import Scope


def _months(start: date, end: date) -> list[tuple[int, int]]:
    """The months of ``[start, end)``, whole (the statistics count by month)."""
    last = end - timedelta(days=1)
    return [(y, m) for y in range(start.year, last.year + 1) for m in range(1, 13)
            if (start.year, start.month) <= (y, m) <= (last.year, last.month)]


def _figures(prefix: str, start: date, end: date) -> tuple[int, int]:
    accidents = deaths = 0
    queryset = Accident.objects.within(Scope(prefix))
    wanted = _months(start, end)
    for year in sorted({y for y, _ in wanted}):
        figures = stats.statistics(queryset, year, today=timezone.localdate(), scope_prefix=prefix)
        for row in figures.by_month:
            if (year, row["month"]) in wanted:
                accidents += row["accidents"]
                deaths += row["deaths"]
    return accidents, deaths


def accident_count(prefix: str, start: date, end: date) -> kpis.Measure:
    """生产安全事故起数 of the months of the period."""
    return kpis.Measure.count(_figures(prefix, start, end)[0])


def death_count(prefix: str, start: date, end: date) -> kpis.Measure:
    """生产安全事故死亡（含失踪）人数 of the months of the period."""
    return kpis.Measure.count(_figures(prefix, start, end)[1])


def larger_count(prefix: str, start: date, end: date) -> kpis.Measure:
    """较大及以上生产安全事故起数 of the years of the period (the statistics count them by
    year: the annual assessment's one-vote veto reads a whole year)."""
    queryset = Accident.objects.within(Scope(prefix))
    last = end - timedelta(days=1)
    return kpis.Measure.count(sum(
        stats.statistics(queryset, year, today=timezone.localdate(), scope_prefix=prefix).larger
        for year in range(start.year, last.year + 1)))


def _target(field: str) -> kpis.TargetOf:
    def target(prefix: str, year: int) -> float | None:
        value = (DistrictTarget.objects.filter(region_id=kpis.region_code(prefix), year=year)
                 .values_list(field, flat=True).first())
        return float(value) if value is not None else None
    return target


def _url(prefix: str, start: date, end: date) -> str:
    return kpis.list_url("accident_list", region=kpis.region_code(prefix), is_production="true",
                         year=start.year)


def register() -> None:
    kpis.register(kpis.Provider(
        "accidents", "生产安全事故起数", "事故调查", "起", False,
        "统计期内发生的生产安全事故起数，对照双下降控制目标", accident_count, _url,
        target=_target("max_accidents")))
    kpis.register(kpis.Provider(
        "accident_deaths", "生产安全事故死亡人数", "事故调查", "人", False,
        "统计期内生产安全事故死亡（含失踪）人数，对照双下降控制目标", death_count, _url,
        target=_target("max_deaths")))
    kpis.register(kpis.Provider(
        "larger_accidents", "较大及以上生产安全事故起数", "事故调查", "起", False,
        "统计期所在年度发生的较大及以上生产安全事故起数（年度考核一票否决）", larger_count, _url))
