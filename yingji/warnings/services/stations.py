"""Auto-drafting from the monitoring module's rain gauges.

A rain gauge is a monitored object of kind 雨量站 with a 雨量 point; each reading of that
point is the rainfall (mm) since the previous one, so a window's rainfall is the sum of
the minute aggregates inside it. Every few minutes the sums over the signal windows are
evaluated by the same criteria as the HTTP feed (``autodraft.draft_from_readings``); a
station lies in its owner's street. Nothing is published: drafts wait for a person.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Sum
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.warnings import rules
from yingji.warnings.services.autodraft import Drafted, Station, draft_from_readings

# Rainfall windows of the signal criteria (hours); the longest bounds the query.
RAIN_WINDOWS = (1, 3, 6, 12, 24)


def rain_gauge_stations(now: datetime | None = None) -> list[Station]:
    """Every enabled rain gauge with rain in the last day, with its window sums (one
    query for the points, one per window for the sums)."""
    from yingji.monitoring.models import MeasurementPoint, MinuteAggregate

    now = now or timezone.now()
    points = {p.pk: p for p in MeasurementPoint.objects.filter(
        point_type="rainfall", enabled=True, monitored_object__kind="rain_gauge",
    ).select_related("monitored_object", "enterprise__region")}
    if not points:
        return []
    sums: dict[int, dict[int, float]] = defaultdict(dict)
    for hours in RAIN_WINDOWS:
        rows = (MinuteAggregate.objects
                .filter(point_id__in=list(points), minute__gt=now - timedelta(hours=hours),
                        minute__lte=now)
                .values("point_id").annotate(total=Sum("sum_value")))
        for row in rows:
            if row["total"]:
                sums[row["point_id"]][hours] = round(float(row["total"]), 1)
    return [Station(code=f"{points[pk].monitored_object.code}/{points[pk].code}",
                    region=points[pk].enterprise.region,
                    readings=rules.Readings({rules.RAIN_MM: windows}, ()),
                    hazards=("rainstorm",))
            for pk, windows in sorted(sums.items())]


def draft_from_rain_gauges(now: datetime | None = None) -> Drafted:
    """Draft rainstorm bulletins for the counties whose gauges reach a criterion."""
    stations = rain_gauge_stations(now)
    if not stations:
        return Drafted(created=[], skipped=[])
    return draft_from_readings(stations, actor=Actor.system("雨量站自动研判"))
