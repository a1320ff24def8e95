"""Read-side computations: trend series, 接入率 / 在线率 / 达标, live risk colours.

Each takes querysets already restricted to the caller's scope; the arithmetic is in
``rules`` (access_rate, online_rate, live_risk_colour)."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from yingji.monitoring import rules
from yingji.monitoring.models import (
    Alarm,
    MeasurementPoint,
    MinuteAggregate,
    MonitoringSettings,
    PointState,
    Reading,
    RuleConfig,
)

RAW_TREND_HOURS = 6


def trend(point: MeasurementPoint, start: datetime, end: datetime) -> dict[str, Any]:
    """The point's values between ``start`` and ``end``: raw readings for spans up to
    six hours, minute averages beyond (with min and max), plus its thresholds."""
    if end - start <= timedelta(hours=RAW_TREND_HOURS):
        rows = Reading.objects.filter(point_id=point.pk, ts__gte=start, ts__lte=end).order_by("ts")
        series = [[timezone.localtime(r.ts).isoformat(), r.value] for r in rows.only("ts", "value")[:20000]]
        resolution = "raw"
    else:
        aggs = MinuteAggregate.objects.filter(point_id=point.pk, minute__gte=start, minute__lte=end).order_by(
            "minute")
        series = [[timezone.localtime(a.minute).isoformat(), round(a.sum_value / a.count, 4),
                   a.min_value, a.max_value] for a in aggs[:20000]]
        resolution = "minute"
    return {"point": point.code, "name": point.name, "unit": point.unit, "resolution": resolution,
            "range": [point.range_low, point.range_high],
            "thresholds": {"ll": point.low_low, "l": point.low, "h": point.high, "hh": point.high_high},
            "series": series}


@dataclass
class AccessRow:
    """One enterprise's or county's figures for a day (or the total of a scope):
    接入率, 在线率 and 达标 as ``rules`` defines them."""

    key: Any
    label: str
    points: int
    reporting: int
    online_point_minutes: int
    minutes: int
    offline_now: int = 0
    target: float = rules.ONLINE_RATE_TARGET

    @property
    def access_rate(self) -> float | None:
        return rules.access_rate(self.points, self.reporting)

    @property
    def online_rate(self) -> float | None:
        return rules.online_rate(self.online_point_minutes, self.points, self.minutes)

    @property
    def current_online_rate(self) -> float | None:
        return rules.current_online_rate(self.points, self.offline_now)

    @property
    def meets_target(self) -> bool:
        return rules.meets_target(self.online_rate, self.target)

    def add(self, other: AccessRow) -> None:
        self.points += other.points
        self.reporting += other.reporting
        self.online_point_minutes += other.online_point_minutes
        self.offline_now += other.offline_now


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def online_target() -> float:
    """The bureau's 在线率 target (``MonitoringSettings.online_target_pct``)."""
    return MonitoringSettings.current().online_target_pct / 100


def access_rates(points: QuerySet[MeasurementPoint], day: date, by: str = "enterprise") -> list[AccessRow]:
    """接入率, 在线率 and 达标 of ``points`` on ``day`` (Asia/Shanghai), per enterprise or
    per county (``by="region"``), worst first. Today counts up to now."""
    start, end = day_bounds(day)
    now = timezone.now()
    stop = min(end, now)
    minutes = max(0, int((stop - start).total_seconds() // 60))
    point_rows = list(points.filter(enabled=True).values(
        "id", "enterprise_id", "enterprise__name", "enterprise__region_id", "point_type", "rule_overrides",
        "state__offline"))
    windows = _offline_windows(point_rows)
    online, reporting = _online_minutes(windows, start, stop)
    target = online_target()
    groups: dict[Any, AccessRow] = {}
    counties = {p["enterprise__region_id"][:6] for p in point_rows} if by == "region" else set()
    county_names = _county_names(counties)
    today = start <= now < end
    for p in point_rows:
        key: Any
        if by == "region":
            key = p["enterprise__region_id"][:6]
            label = county_names.get(key, key)
        else:
            key, label = p["enterprise_id"], p["enterprise__name"]
        row = groups.setdefault(key, AccessRow(key, label, 0, 0, 0, minutes, target=target))
        row.points += 1
        row.reporting += 1 if p["id"] in reporting else 0
        row.online_point_minutes += online.get(p["id"], 0)
        row.offline_now += 1 if today and p["state__offline"] else 0
    return sorted(groups.values(), key=lambda r: (r.online_rate if r.online_rate is not None else 2, r.label))


def access_total(rows: list[AccessRow], label: str = "合计") -> AccessRow:
    """The scope's figures: the sum of the rows (the cockpit shows the same numbers)."""
    minutes = rows[0].minutes if rows else 0
    total = AccessRow("total", label, 0, 0, 0, minutes, target=rows[0].target if rows else online_target())
    for row in rows:
        total.add(row)
    return total


def _offline_windows(point_rows: Sequence[Mapping[str, Any]]) -> dict[int, int]:
    """Each point's offline time in whole minutes (its type's setting or its override)."""
    type_params = {c.point_type: c.as_params() for c in RuleConfig.objects.all()}
    out = {}
    for p in point_rows:
        params = rules.effective_params(type_params.get(p["point_type"]), p["rule_overrides"] or {})
        out[p["id"]] = max(1, math.ceil(params.offline_minutes))
    return out


def _online_minutes(windows: dict[int, int], start: datetime,
                    stop: datetime) -> tuple[dict[int, int], set[int]]:
    """Online minutes per point in ``[start, stop)`` (``rules.online_minutes`` over the
    minutes with data, read from the minute aggregates), and the points that sent data."""
    online: dict[int, int] = {}
    reporting: set[int] = set()
    if stop <= start or not windows:
        return online, reporting
    base = start.timestamp() // 60
    period = int((stop - start).total_seconds() // 60)
    ids = sorted(windows)
    reach = max(windows.values())
    for first in range(0, len(ids), 2000):
        chunk = ids[first:first + 2000]
        rows = (MinuteAggregate.objects.filter(
            point_id__in=chunk, minute__gte=start - timedelta(minutes=reach), minute__lt=stop)
            .order_by("point_id", "minute").values_list("point_id", "minute"))
        for pid, group in itertools.groupby(rows.iterator(chunk_size=20000), key=lambda r: r[0]):
            data = [int(m.timestamp() // 60 - base) for _, m in group]
            if any(d >= 0 for d in data):
                reporting.add(pid)
            online[pid] = rules.online_minutes(data, 0, period, windows[pid])
    return online, reporting


def _county_names(prefixes: set[str]) -> dict[str, str]:
    from yingji.core.models import Region

    return {r.code[:6]: r.name for r in Region.objects.filter(code__in=[p + "000000" for p in prefixes])}


def live_states(enterprise_ids: list[int]) -> dict[int, rules.LiveState]:
    """Open alarms, critical alarms, offline and total points, overdue hazards per
    enterprise (a handful of grouped queries, whatever the number of enterprises)."""
    alarms = dict.fromkeys(enterprise_ids, (0, 0))
    for row in (Alarm.objects.filter(enterprise_id__in=enterprise_ids, is_open=True).values("enterprise_id")
                .annotate(n=Count("id"), critical=Count("id", filter=Q(severity=1)))):
        alarms[row["enterprise_id"]] = (row["n"], row["critical"])
    totals = dict(MeasurementPoint.objects.filter(enterprise_id__in=enterprise_ids, enabled=True)
                  .values("enterprise_id").annotate(n=Count("id")).values_list("enterprise_id", "n"))
    offline = dict(PointState.objects.filter(point__enterprise_id__in=enterprise_ids, offline=True)
                   .values("point__enterprise_id").annotate(n=Count("point_id"))
                   .values_list("point__enterprise_id", "n"))
    overdue = overdue_hazards(enterprise_ids)
    return {eid: rules.LiveState(open_alarms=alarms[eid][0], critical_alarms=alarms[eid][1],
                                 offline_points=offline.get(eid, 0), total_points=totals.get(eid, 0),
                                 overdue_hazards=overdue.get(eid, 0)) for eid in enterprise_ids}


def overdue_hazards(enterprise_ids: list[int]) -> dict[int, int]:
    try:
        from yingji.hazards.services import overdue_counts
    except ImportError:  # the hazards module is optional for monitoring
        return {}
    return overdue_counts(enterprise_ids)


def live_colours(enterprises: QuerySet[Any]) -> list[dict[str, Any]]:
    """Enterprises with monitoring, coloured by ``rules.live_risk_colour``."""
    monitored = set(MeasurementPoint.objects.values_list("enterprise_id", flat=True).distinct())
    rows = list(enterprises.filter(pk__in=monitored).values(
        "id", "name", "longitude", "latitude", "risk_colour", "major_hazard_grade", "region_id"))
    states = live_states([r["id"] for r in rows])
    out = []
    for r in rows:
        state = states[r["id"]]
        colour = rules.live_risk_colour(r["risk_colour"] or "", r["major_hazard_grade"], state)
        out.append({**r, "colour": colour, "colour_label": rules.COLOUR_LABEL[colour],
                    "static_colour": r["risk_colour"] or "", "open_alarms": state.open_alarms,
                    "critical_alarms": state.critical_alarms, "offline_points": state.offline_points,
                    "total_points": state.total_points, "overdue_hazards": state.overdue_hazards})
    return out


def per_enterprise_counts(alarms: QuerySet[Alarm]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for eid, n in alarms.values("enterprise_id").annotate(n=Count("id")).values_list("enterprise_id", "n"):
        counts[eid] = n
    return dict(counts)
