"""The monitoring figures of ``/metrics`` (``core.metrics``): each ingest member's
running totals and whether it still reports, the age of the newest reading, points
offline, open alarms and rejected messages."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Max
from django.utils import timezone

from yingji.core.metrics import Family, Sample, register
from yingji.monitoring.ingest.members import DOWN_AFTER_SECONDS

if TYPE_CHECKING:
    from yingji.monitoring.models import IngestMember

_TOTALS = (
    ("messages", "Messages taken from the broker"),
    ("readings_stored", "Readings stored"),
    ("batches", "Batches written"),
    ("spooled_batches", "Batches kept on local disk while the database was down"),
    ("replayed_batches", "Spooled batches written once the database was back"),
    ("db_errors", "Database errors met while writing"),
    ("quarantined", "Messages that failed on their own, kept as dead letters"),
)


def _members() -> list[IngestMember]:
    from yingji.monitoring.models import IngestMember

    return list(IngestMember.objects.all())


def members_up() -> Iterable[Sample]:
    alive_since = timezone.now() - timedelta(seconds=DOWN_AFTER_SECONDS)
    return [({"member": m.member, "client": m.client_id}, 1 if m.reported_at >= alive_since else 0)
            for m in _members()]


def member_total(field: str) -> Iterable[Sample]:
    return [({"member": m.member, "client": m.client_id}, float(getattr(m, field))) for m in _members()]


def spool_files() -> Iterable[Sample]:
    return member_total("spool_files")


def newest_reading_age() -> Iterable[Sample]:
    """Seconds since the newest reading of any point (none when nothing was ever read)."""
    from yingji.monitoring.models import PointState

    newest = PointState.objects.aggregate(ts=Max("last_ts"))["ts"]
    return [] if newest is None else [({}, round((timezone.now() - newest).total_seconds(), 3))]


def points_offline() -> Iterable[Sample]:
    from yingji.monitoring.models import PointState

    return [({}, PointState.objects.filter(offline=True).count())]


def alarms_open() -> Iterable[Sample]:
    from yingji.monitoring.models import Alarm

    rows = Alarm.objects.filter(is_open=True).order_by().values("kind").annotate(n=Count("id"))
    return [({"kind": r["kind"]}, r["n"]) for r in rows]


def dead_letters_last_hour() -> Iterable[Sample]:
    from yingji.monitoring.models import DeadLetter

    since = timezone.now() - timedelta(hours=1)
    rows = DeadLetter.objects.filter(received_at__gte=since).order_by().values("reason_code").annotate(
        n=Count("id"))
    return [({"reason": r["reason_code"]}, r["n"]) for r in rows]


def register_figures() -> None:
    register(Family("yingji_ingest_member_up", "Ingest members reporting within the last minute",
                    "gauge", members_up))
    for field, help_text in _TOTALS:
        register(Family(f"yingji_ingest_{field}_total", f"{help_text}, by ingest member since it started",
                        "counter", lambda field=field: member_total(field)))  # type: ignore[misc]
    register(Family("yingji_ingest_spool_files", "Spool files waiting to be replayed, by ingest member",
                    "gauge", spool_files))
    register(Family("yingji_ingest_newest_reading_age_seconds", "Seconds since the newest reading",
                    "gauge", newest_reading_age))
    register(Family("yingji_points_offline", "Measurement points marked offline", "gauge", points_offline))
    register(Family("yingji_alarms_open", "Open monitoring alarms by kind", "gauge", alarms_open))
    register(Family("yingji_dead_letters_last_hour", "Messages rejected in the last hour by reason",
                    "gauge", dead_letters_last_hour))
