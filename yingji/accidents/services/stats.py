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
    current month when ``year`` is this year). Two scans of the accidents (the two years
    by month, district, industry and grade; ten years by month) and one for the streets,
    whatever the data size."""
    last_month = today.month if year == today.year else 12
    rows = production(queryset)
    stats = Statistics(year=year, last_month=last_month)
    # 1: this and last year by month × district × industry × grade; summed here.
    cells = list(rows.filter(_months(year) | _months(year - 1)).values(
        "occurred_month", "district_code", "industry", "grade").annotate(
        accidents=Count("id"), deaths=Sum(F("deaths") + F("missing"))).order_by())
    months: dict[int, Figures] = {}
    districts: dict[tuple[int, str], Figures] = {}
    industries: dict[str, Figures] = {}
    grades: dict[str, Figures] = {}
    for cell in cells:
        month, n, d = cell["occurred_month"], cell["accidents"], cell["deaths"]
        months.setdefault(month, Figures()).add(n, d)
        if month % 100 > last_month:
            continue
        districts.setdefault((month // 100, cell["district_code"]), Figures()).add(n, d)
        if month // 100 == year:
            industries.setdefault(cell["industry"], Figures()).add(n, d)
            grades.setdefault(cell["grade"], Figures()).add(n, d)
    for month in range(1, 13):
        now = months.get(year * 100 + month, Figures())
        before = months.get((year - 1) * 100 + month, Figures())
        stats.by_month.append({"month": month, "accidents": now.accidents, "deaths": now.deaths,
                               "previous_accidents": before.accidents,
                               "previous_deaths": before.deaths})
        if month <= last_month:
            stats.total.add(now.accidents, now.deaths)
            stats.previous.add(before.accidents, before.deaths)
    # 2: ten years by month (the trend), with 较大及以上 for the five-year average.
    yearly: dict[int, dict[str, int]] = {}
    for r in rows.filter(occurred_month__gte=(year - 9) * 100 + 1,
                         occurred_month__lte=year * 100 + 12).values("occurred_month").annotate(
            accidents=Count("id"), deaths=Sum(F("deaths") + F("missing")),
            larger=Count("id", filter=Q(grade__in=LARGER))).order_by():
        entry = yearly.setdefault(r["occurred_month"] // 100, {"accidents": 0, "deaths": 0, "larger": 0})
        for key in entry:
            entry[key] += r[key] or 0
    stats.by_year = [{"name": f"{y}年", "accidents": v["accidents"], "deaths": v["deaths"]}
                     for y, v in sorted(yearly.items())]
    stats.larger = yearly.get(year, {}).get("larger", 0)
    stats.larger_average = rules.five_year_average(
        {y: v["larger"] for y, v in yearly.items()}, year)
    # 3: targets and the districts' names.
    codes = {code for _, code in districts}
    targets = {t.region_id: t for t in DistrictTarget.objects.filter(
        year=year, region_id__in=codes | _districts(scope_prefix))}
    codes |= set(targets)
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    for code in sorted(codes):
        now_d, before_d = districts.get((year, code), Figures()), districts.get((year - 1, code), Figures())
        target = targets.get(code)
        stats.by_district.append({
            "code": code, "name": names.get(code, code), "accidents": now_d.accidents,
            "deaths": now_d.deaths, "previous_accidents": before_d.accidents,
            "previous_deaths": before_d.deaths,
            "target_accidents": target.max_accidents if target else None,
            "target_deaths": target.max_deaths if target else None,
            "reached": rules.double_decline(now_d.accidents, now_d.deaths,
                                            target.max_accidents if target else None,
                                            target.max_deaths if target else None)})
    industry_labels = dict(Industry.choices)
    for code, f in sorted(industries.items(), key=lambda item: -item[1].accidents):
        stats.by_industry.append({"name": industry_labels.get(code, code), "code": code,
                                  "accidents": f.accidents, "deaths": f.deaths})
    for code, label in GRADE_CHOICES:
        f = grades.get(code, Figures())
        stats.by_grade.append({"name": label, "code": code, "accidents": f.accidents,
                               "deaths": f.deaths})
    # 4: streets without an accident this year (无生产安全事故街道).
    if scope_prefix is not None and 4 <= len(scope_prefix) <= 6:
        hit = set(rows.filter(_months(year, last_month)).order_by().values_list(
            "region_id", flat=True).distinct())
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
