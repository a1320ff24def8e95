"""Analysis of hazards (统计分析): counts by region, industry, grade, source and month;
rectification rate, on-time rate, average time to close, the overdue list and repeat
hazards. Every function takes an already scoped and filtered queryset and runs a fixed
number of grouped queries (the benchmark measures them on 1,000,000 rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from yingji.core.models import Industry, Region
from yingji.hazards import rules
from yingji.hazards.models import Hazard, HazardGrade, HazardSource
from yingji.hazards.models.hazards import OPEN_STATES


@dataclass(frozen=True)
class Summary:
    total: int
    closed: int
    major: int
    listed: int
    overdue: int
    on_time: int
    closed_with_deadline: int
    avg_days_to_close: float | None
    self_closed: int = 0  # 企业自行销号

    @property
    def rectification_rate(self) -> float | None:
        """销号率: closed / all (%)."""
        return rules.rate(self.closed, self.total)

    @property
    def on_time_rate(self) -> float | None:
        """按期整改率: closed on time / closed with a deadline (%)."""
        return rules.rate(self.on_time, self.closed_with_deadline)


def summary(queryset: QuerySet[Hazard]) -> Summary:
    """The headline figures in one aggregate query."""
    now = timezone.now()
    duration = ExpressionWrapper(F("closed_at") - F("found_at"), output_field=DurationField())
    row = queryset.order_by().aggregate(
        total=Count("id"), closed=Count("id", filter=Q(state="closed")),
        major=Count("id", filter=Q(grade=HazardGrade.MAJOR)),
        listed=Count("id", filter=~Q(listed_level="")),
        overdue=Count("id", filter=Q(state__in=OPEN_STATES, deadline__lt=now)),
        on_time=Count("id", filter=Q(state="closed", closed_on_time=True)),
        closed_with_deadline=Count("id", filter=Q(state="closed", closed_on_time__isnull=False)),
        self_closed=Count("id", filter=Q(state="closed", self_closed=True)),
        avg_close=Avg(duration, filter=Q(state="closed")))
    avg = row.pop("avg_close")
    if isinstance(avg, (int, float)):  # some backends answer microseconds
        avg = timedelta(microseconds=avg)
    days = round(avg.total_seconds() / 86400, 1) if avg is not None else None
    return Summary(avg_days_to_close=days, **row)


def _items(pairs: list[tuple[str, int]], labels: dict[str, str]) -> list[dict[str, Any]]:
    ranked = sorted(pairs, key=lambda p: (-p[1], p[0]))
    return [{"name": labels.get(key, key or "未填写"), "value": n} for key, n in ranked]


def by_dimensions(queryset: QuerySet[Hazard]) -> dict[str, list[dict[str, Any]]]:
    """Counts by district (first 6 digits of the street code), industry, grade and
    source from one grouped scan, plus one query for the district names."""
    cells = (queryset.order_by().annotate(district=Substr("region_id", 1, 6))
             .values_list("district", "industry", "grade", "source").annotate(n=Count("*")))
    totals: dict[str, dict[str, int]] = {"region": {}, "industry": {}, "grade": {}, "source": {}}
    for district, industry, grade, source, n in cells:
        for key, value in (("region", district), ("industry", industry), ("grade", grade),
                           ("source", source)):
            totals[key][value] = totals[key].get(value, 0) + n
    names = dict(Region.objects.filter(code__in=[d + "000000" for d in totals["region"]])
                 .values_list("code", "name"))
    return {
        "region": _items(list(totals["region"].items()),
                         {d: names.get(d + "000000", d) for d in totals["region"]}),
        "industry": _items(list(totals["industry"].items()),
                           {k: str(v) for k, v in Industry.choices} | {"": "公共场所等"}),
        "grade": _items(list(totals["grade"].items()), {k: str(v) for k, v in HazardGrade.choices}),
        "source": _items(list(totals["source"].items()),
                         {k: str(v) for k, v in HazardSource.choices}),
    }


def by_month(queryset: QuerySet[Hazard]) -> dict[str, Any]:
    """Found and closed per local month (two grouped queries on the kept month columns)."""
    # COUNT(*), not COUNT(id): the covering index answers without reading the rows.
    found = dict(queryset.order_by().values_list("found_month").annotate(n=Count("*"))
                 .values_list("found_month", "n"))
    closed = dict(queryset.filter(closed_month__isnull=False).order_by()
                  .values_list("closed_month").annotate(n=Count("*"))
                  .values_list("closed_month", "n"))
    months = sorted({m for m in (*found, *closed) if m is not None})
    return {"months": [f"{m:%Y-%m}" for m in months],
            "series": [{"name": "发现隐患", "data": [found.get(m, 0) for m in months]},
                       {"name": "销号", "data": [closed.get(m, 0) for m in months]}]}


def overdue_list(queryset: QuerySet[Hazard], limit: int = 50) -> list[Hazard]:
    """Open hazards past their deadline, most overdue first."""
    return list(queryset.filter(state__in=OPEN_STATES, deadline__lt=timezone.now())
                .select_related("enterprise", "region").order_by("deadline", "id")[:limit])


def repeat_hazards(queryset: QuerySet[Hazard], limit: int = 50) -> list[dict[str, Any]]:
    """Enterprises with two or more hazards of the same category (重复隐患): one grouped
    scan of (enterprise, category) from the covering index, then the names of the
    enterprises listed."""
    labels = dict(Hazard._meta.get_field("category").choices or [])
    rows = list(queryset.filter(enterprise__isnull=False).order_by()
                .values_list("enterprise_id", "category").annotate(n=Count("*"))
                .filter(n__gte=2).order_by("-n", "enterprise_id", "category")[:limit])
    from yingji.enterprises.models import Enterprise

    names = dict(Enterprise.objects.filter(pk__in={r[0] for r in rows}).values_list("pk", "name"))
    return [{"enterprise_id": e, "enterprise": names.get(e, ""),
             "category": labels.get(c, c), "count": n} for e, c, n in rows]
