"""Periodic checks: points gone offline, retention of raw readings."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from yingji.monitoring import rules
from yingji.monitoring.ingest import store
from yingji.monitoring.ingest.types import PointChange
from yingji.monitoring.models import MeasurementPoint, MonitoringSettings, PointState, RuleConfig
from yingji.monitoring.services.alarms import apply_point_changes


def check_offline(now: datetime | None = None) -> int:
    """Mark points with no data for their offline time offline and raise an offline
    alarm for each (the alarm recovers when data arrives), all in one run of alarm
    changes. Returns how many went offline."""
    now = now or timezone.now()
    type_params = {c.point_type: c.as_params() for c in RuleConfig.objects.all()}
    states = {s.point_id: s for s in PointState.objects.all()}
    gone: list[PointChange] = []
    for point in MeasurementPoint.objects.filter(enabled=True).only(
            "id", "point_type", "rule_overrides", "created_at", "monitored_object_id"):
        state = states.get(point.pk)
        if state is not None and state.offline:
            continue
        params = rules.effective_params(type_params.get(point.point_type), point.rule_overrides)
        last = state.last_ts.timestamp() if state is not None and state.last_ts else None
        if rules.is_offline(last, point.created_at.timestamp(), now.timestamp(), params.offline_minutes):
            gone.append(PointChange(point.pk, point.monitored_object_id, rules.Change("offline", "raise"),
                                    round(now.timestamp() * 1_000_000)))
    if not gone:
        return 0
    ids = [c.point_id for c in gone]
    with transaction.atomic():
        PointState.objects.bulk_create([PointState(point_id=p) for p in ids if p not in states],
                                       ignore_conflicts=True)
        PointState.objects.filter(point_id__in=ids).update(offline=True)
        apply_point_changes(gone)
    return len(gone)


def apply_retention(now: datetime | None = None) -> int:
    """Drop raw readings (and minute aggregates) older than the retention setting."""
    now = now or timezone.now()
    days = MonitoringSettings.current().retention_days
    return store.drop_readings_before(now - timedelta(days=days))
