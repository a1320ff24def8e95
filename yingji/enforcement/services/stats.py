"""Enforcement statistics (执法统计): inspections, cases, fines and key-enterprise coverage
by month, district, industry and team, the year before for comparison, and the districts
with inspections but no penalty (零处罚). Grouped in the database within the user's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractMonth

from yingji.core.models import Industry, Region
from yingji.enforcement.models import Case, Inspection, PlanTarget
from yingji.enforcement.workflow import PENALISED_STATES

ZERO = Decimal("0")


@dataclass
class Row:
    """One line of a grouping: inspections, cases, penalties and fines (yuan)."""

    key: str
    label: str
    inspections: int = 0
    cases: int = 0
    penalties: int = 0
    fines: Decimal = ZERO
    last_inspections: int = 0
    last_fines: Decimal = ZERO

    @property
    def zero_penalty(self) -> bool:
        return self.inspections > 0 and self.penalties == 0


@dataclass
class Statistics:
    year: int
    total: Row
    by_month: list[Row] = field(default_factory=list)
    by_district: list[Row] = field(default_factory=list)
    by_industry: list[Row] = field(default_factory=list)
    by_team: list[Row] = field(default_factory=list)
    coverage: tuple[int, int] = (0, 0)  # key enterprises inspected, key enterprises planned

    @property
    def zero_districts(self) -> list[Row]:
        return [r for r in self.by_district if r.zero_penalty]


def _district(code: str) -> str:
    return code[:6] + "000000"


def key_coverage(targets: QuerySet[PlanTarget], inspections: QuerySet[Inspection]) -> tuple[int, int]:
    """(inspected, planned): the plan's enterprises (``targets``) with one of
    ``inspections``, and all of them (the statistics page's and the KPI's coverage)."""
    planned = targets.count()
    inspected = targets.filter(enterprise_id__in=inspections.values("enterprise_id")).count()
    return inspected, planned


def statistics(user: Any, year: int) -> Statistics:
    """The year's figures and last year's for comparison, inside ``user``'s scope."""
    inspections = Inspection.objects.restrict(user, "view")
    cases = Case.objects.restrict(user, "view")
    rows: dict[str, dict[str, Row]] = {k: {} for k in ("month", "district", "industry", "team")}
    total = Row("total", "合计")

    def row(group: str, key: str, label: str = "") -> Row:
        found = rows[group].get(key)
        if found is None:
            found = rows[group][key] = Row(key, label or key)
        return found

    for y, last in ((year, False), (year - 1, True)):
        for month, region, industry, team, n in (
                inspections.filter(inspected_on__year=y)
                .annotate(m=ExtractMonth("inspected_on"))
                .values_list("m", "region_id", "industry", "team__name").annotate(n=Count("id"))
                .values_list("m", "region_id", "industry", "team__name", "n")):
            for r in (total, row("month", str(month)), row("district", _district(region)),
                      row("industry", industry or ""), row("team", team or "")):
                if last:
                    r.last_inspections += n
                else:
                    r.inspections += n
        for month, region, industry, state, n, fine, person in (
                cases.filter(filed_at__year=y).annotate(m=ExtractMonth("filed_at"))
                .values_list("m", "region_id", "industry", "state")
                .annotate(n=Count("id"), f=Sum("unit_fine"), p=Sum("person_fine"))
                .values_list("m", "region_id", "industry", "state", "n", "f", "p")):
            penalised = state in PENALISED_STATES
            money = (fine or ZERO) + (person or ZERO) if penalised else ZERO
            for r in (total, row("month", str(month)), row("district", _district(region)),
                      row("industry", industry or "")):
                if last:
                    r.last_fines += money
                    continue
                r.cases += n
                if penalised:
                    r.penalties += n
                    r.fines += money
    names = dict(Region.objects.filter(code__in=list(rows["district"])).values_list("code", "name"))
    industries = dict(Industry.choices)
    for r in rows["district"].values():
        r.label = names.get(r.key, r.key)
    for r in rows["industry"].values():
        r.label = str(industries.get(r.key, "未填写"))
    for r in rows["team"].values():
        r.label = r.key or "未编组"
    for r in rows["month"].values():
        r.label = f"{r.key}月"
    inspected, planned = key_coverage(PlanTarget.objects.restrict(user, "view").filter(plan__year=year),
                                      inspections.filter(inspected_on__year=year))
    result = Statistics(year=year, total=total, coverage=(inspected, planned))
    result.by_month = sorted(rows["month"].values(), key=lambda r: int(r.key))
    result.by_district = sorted(rows["district"].values(), key=lambda r: r.key)
    result.by_industry = sorted(rows["industry"].values(), key=lambda r: -r.inspections)
    result.by_team = sorted((r for r in rows["team"].values()), key=lambda r: -r.inspections)
    return result


def chart(rows: list[Row], attr: str, title: str) -> dict[str, Any]:
    """A bar chart's data for ``ui/charts.js``: ``{"title", "items": [{"name", "value"}]}``."""
    return {"title": title, "items": [{"name": r.label, "value": float(getattr(r, attr))}
                                      for r in rows]}
