"""The figures of a consultation report, read from the platform through the indicator
registry (``core.kpis``: each module's own computation, never a copy of it) for the
report's region and period: each part's indicators against the preceding period, the
monthly trend and the districts' figures. The result is plain data (JSON), stored with
the report so that the draft the analyst edits and the Word file show the same figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from yingji.core import kpis
from yingji.core.models import Region
from yingji.core.models.regions import RegionLevel
from yingji.governance import rules


@dataclass(frozen=True)
class Part:
    """A part of the report and the indicators (provider codes) it reads."""

    key: str
    title: str
    codes: tuple[str, ...]


PARTS = (
    Part("accidents", "生产安全事故和隐患排查治理", ("accidents", "accident_deaths", "hazard_closure")),
    Part("major_hazards", "重大隐患、重大危险源和监测报警",
         ("major_hazard_on_time", "monitoring_access", "monitoring_alarms")),
    Part("warnings", "预警信息发布和叫应", ("warnings_issued", "warning_ack")),
    Part("incidents", "突发事件应对处置", ("incidents_received", "arrival_1h")),
    Part("weather", "气象灾害风险", ("weather_warnings",)),
    Part("resources", "应急资源保障", ("reserve_standard", "plan_coverage", "drill_coverage",
                                                 "certified_coverage")),
)


def _figure(measure: kpis.Measure) -> dict[str, Any]:
    return {"value": measure.value, "part": measure.part, "whole": measure.whole}


def figure_text(value: float | None, unit: str) -> str:
    return "无数据" if value is None else f"{value:g}{unit}"


def districts_of(region: Region) -> list[Region]:
    """The districts whose figures a city's report compares (none for a district's)."""
    if region.level not in (RegionLevel.PROVINCE, RegionLevel.CITY):
        return []
    return list(Region.objects.filter(parent=region).order_by("code"))


def _indicator(provider: kpis.Provider, prefix: str, start: date, end: date,
               before: tuple[date, date], months: list[date], districts: list[Region]) -> dict[str, Any]:
    stop = end + timedelta(days=1)
    now = provider.compute(prefix, start, stop)
    previous = provider.compute(prefix, before[0], before[1] + timedelta(days=1))
    trend = []
    for first in months:
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        trend.append(provider.compute(prefix, first, min(following, stop)).value)
    return {
        "code": provider.code, "name": provider.name, "unit": provider.unit,
        "module": provider.module, "definition": provider.definition,
        "higher_is_better": provider.higher_is_better,
        **_figure(now), "previous": previous.value,
        "change": rules.change_text(now.value, previous.value, provider.unit),
        "trend": trend,
        "districts": [{"code": d.code, "name": d.name,
                       **_figure(provider.compute(d.prefix, start, stop))} for d in districts],
        "data_url": provider.data_url(prefix, start, stop),
    }


def draft_text(title: str, indicators: list[dict[str, Any]], missing: list[str]) -> str:
    """The part's opening text as generated: each figure and how it moved. The analyst
    completes it with the analysis while the report is a draft."""
    if not indicators:
        return f"平台暂无{title}方面的统计数据。"
    sentences = []
    for one in indicators:
        figure = figure_text(one["value"], one["unit"])
        detail = f"（{one['part']}/{one['whole']}）" if one["whole"] else ""
        sentences.append(f"{one['name']}{figure}{detail}，{one['change']}")
    return "；".join(sentences) + "。"


def snapshot(region: Region, start: date, end: date) -> list[dict[str, Any]]:
    """Every part of the report for ``region`` and ``[start, end]`` (inclusive dates):
    the indicators registered now (a code no module registers is named as missing),
    each with its figure, the preceding period's, the monthly trend and the districts."""
    before = rules.preceding_period(start, end)
    months = rules.month_starts(start, end)
    districts = districts_of(region)
    parts = []
    for part in PARTS:
        indicators, missing = [], []
        for code in part.codes:
            provider = kpis.get(code)
            if provider is None:
                missing.append(code)
                continue
            indicators.append(_indicator(provider, region.prefix, start, end, before, months, districts))
        parts.append({"key": part.key, "title": part.title, "indicators": indicators,
                      "missing": missing, "months": [f"{m:%Y-%m}" for m in months],
                      "text": draft_text(part.title, indicators, missing)})
    return parts
