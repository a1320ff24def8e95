"""Statistics of production safety accidents (生产安全事故统计调查制度): accidents and
deaths (含失踪) by month, district, industry and grade; year on year; against each
district's 双下降 target; 较大及以上 against the five-year average; streets without an
accident. Only 生产安全事故 count. Every figure is one GROUP BY over the indexed
``occurred_month`` column, so the page keeps a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from yingji.accidents import rules
from yingji.accidents.models import Accident, DistrictTarget
from yingji.accidents.models.accidents import GRADE_CHOICES
from yingji.core.models import Industry, Region
from yingji.core.models.regions import RegionLevel

GRADE_LABELS = dict(GRADE_CHOICES)
LARGER = ("I", "II", "III")


def production(queryset: QuerySet[Accident]) -> QuerySet[Accident]:
    return queryset.filter(is_production=True)


def _months(year: int, last_month: int = 12) -> Q:
    return Q(occurred_month__gte=year * 100 + 1, occurred_month__lte=year * 100 + last_month)


def _sum(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.annotate(accidents=Count("id"), deaths=Sum(F("deaths") + F("missing")))


@dataclass
class Figures:
    accidents: int = 0
    deaths: int = 0

    def add(self, accidents: int, deaths: int | None) -> None:
        self.accidents += accidents
        self.deaths += deaths or 0


@dataclass
class Statistics:
    """What the statistics page and the monthly table show."""

    year: int
    last_month: int
    total: Figures = field(default_factory=Figures)
    previous: Figures = field(default_factory=Figures)
    larger: int = 0
    larger_average: float = 0.0
    by_month: list[dict[str, Any]] = field(default_factory=list)
    by_year: list[dict[str, Any]] = field(default_factory=list)
    by_district: list[dict[str, Any]] = field(default_factory=list)
    by_industry: list[dict[str, Any]] = field(default_factory=list)
    by_grade: list[dict[str, Any]] = field(default_factory=list)
    quiet_streets: list[str] = field(default_factory=list)
    streets_total: int = 0

    @property
    def accidents_change(self) -> float | None:
        return rules.change_pct(self.total.accidents, self.previous.accidents)

    @property
    def deaths_change(self) -> float | None:
        return rules.change_pct(self.total.deaths, self.previous.deaths)

    @property
    def larger_within_average(self) -> bool:
        return self.larger <= self.larger_average


def statistics(queryset: QuerySet[Accident], year: int, *, today: date,
               scope_prefix: str | None = None) -> Statistics:
    """The year's figures for the accidents of ``queryset`` (already restricted to the
    user's scope). The comparison with the previous year is for the same months (to the
    current month when ``year`` is this year). Seven queries."""
    last_month = today.month if year == today.year else 12
    rows = production(queryset)
    stats = Statistics(year=year, last_month=last_month)
    # 1: by month of this and last year, and by grade per year for the five-year average.
    monthly = {(r["occurred_month"]): r for r in _sum(
        rows.filter(_months(year) | _months(year - 1)).values("occurred_month"))}
    for month in range(1, 13):
        now = monthly.get(year * 100 + month, {})
        before = monthly.get((year - 1) * 100 + month, {})
        stats.by_month.append({"month": month, "accidents": now.get("accidents", 0),
                               "deaths": now.get("deaths") or 0,
                               "previous_accidents": before.get("accidents", 0),
                               "previous_deaths": before.get("deaths") or 0})
        if month <= last_month:
            stats.total.add(now.get("accidents", 0), now.get("deaths"))
            stats.previous.add(before.get("accidents", 0), before.get("deaths"))
    # 2: by year over ten years (the trend), with 较大及以上 for the five-year average.
    yearly = list(rows.filter(occurred_month__gte=(year - 9) * 100 + 1,
                              occurred_month__lte=year * 100 + 12).annotate(
        year=F("occurred_month") / 100).values("year").annotate(
        accidents=Count("id"), deaths=Sum(F("deaths") + F("missing")),
        larger=Count("id", filter=Q(grade__in=LARGER))).order_by("year"))
    stats.by_year = [{"name": f"{r['year']}年", "accidents": r["accidents"],
                      "deaths": r["deaths"] or 0} for r in yearly]
    larger_years = {r["year"]: r["larger"] for r in yearly}
    stats.larger = larger_years.get(year, 0)
    stats.larger_average = rules.five_year_average(larger_years, year)
    this_year = rows.filter(_months(year, last_month))
    last_year = rows.filter(_months(year - 1, last_month))
    # 3–4: by district, this year and last year.
    now_d = {r["district_code"]: r for r in _sum(this_year.values("district_code"))}
    before_d = {r["district_code"]: r for r in _sum(last_year.values("district_code"))}
    # 5: targets.
    targets = {t.region_id: t for t in DistrictTarget.objects.filter(
        year=year, region_id__in=set(now_d) | set(before_d) | _districts(scope_prefix))}
    names = dict(Region.objects.filter(code__in=set(now_d) | set(before_d) | set(targets))
                 .values_list("code", "name"))
    for code in sorted(set(now_d) | set(before_d) | set(targets)):
        now_r, before_r, target = now_d.get(code, {}), before_d.get(code, {}), targets.get(code)
        accidents, deaths = now_r.get("accidents", 0), now_r.get("deaths") or 0
        stats.by_district.append({
            "code": code, "name": names.get(code, code), "accidents": accidents, "deaths": deaths,
            "previous_accidents": before_r.get("accidents", 0),
            "previous_deaths": before_r.get("deaths") or 0,
            "target_accidents": target.max_accidents if target else None,
            "target_deaths": target.max_deaths if target else None,
            "reached": rules.double_decline(accidents, deaths,
                                            target.max_accidents if target else None,
                                            target.max_deaths if target else None)})
    # 6: by industry and grade.
    industry_labels = dict(Industry.choices)
    for r in _sum(this_year.values("industry")).order_by("-accidents"):
        stats.by_industry.append({"name": industry_labels.get(r["industry"], r["industry"]),
                                  "code": r["industry"], "accidents": r["accidents"],
                                  "deaths": r["deaths"] or 0})
    grades = {r["grade"]: r for r in _sum(this_year.values("grade"))}
    for code, label in GRADE_CHOICES:
        r = grades.get(code, {})
        stats.by_grade.append({"name": label, "code": code, "accidents": r.get("accidents", 0),
                               "deaths": r.get("deaths") or 0})
    # 7: streets without an accident this year (无生产安全事故街道).
    if scope_prefix is not None and 4 <= len(scope_prefix) <= 6:
        hit = set(this_year.values_list("region_id", flat=True).distinct())
        streets = list(Region.objects.subtree(scope_prefix).filter(level=RegionLevel.TOWN)
                       .values_list("code", "name"))
        stats.streets_total = len(streets)
        stats.quiet_streets = [name for code, name in streets if code not in hit]
    return stats


def _districts(prefix: str | None) -> set[str]:
    """District codes inside the scope (for targets set where nothing happened)."""
    if prefix is None:
        return set()
    return set(Region.objects.subtree(prefix).filter(level=RegionLevel.COUNTY)
               .values_list("code", flat=True)) | ({prefix + "0" * (12 - len(prefix))}
                                                  if len(prefix) == 6 else set())


def baseline(queryset: QuerySet[Accident], year: int) -> list[tuple[Any, ...]]:
    """The plain GROUP BY the benchmark compares with: accidents and deaths by district
    and month of one year, nothing else."""
    return list(production(queryset).filter(_months(year)).values_list(
        "district_code", "occurred_month").annotate(Count("id"), Sum("deaths")))
