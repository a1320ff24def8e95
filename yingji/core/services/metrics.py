"""The core's platform figures for ``/metrics``: notification deliveries, the job queue
and open deadlines, read from the shared database and queue (``core.metrics``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from yingji.core.metrics import Family, Sample, register

# A delivery still due this long after its time has not been picked up by any worker.
STUCK_AFTER = timedelta(minutes=5)


def deliveries() -> Iterable[Sample]:
    """Deliveries by channel and status (all time: sent ones are the running total)."""
    from yingji.core.models import Delivery

    rows = Delivery.objects.order_by().values("channel", "status").annotate(n=Count("id"))
    return [({"channel": r["channel"], "status": r["status"]}, r["n"]) for r in rows]


def deliveries_stuck() -> Iterable[Sample]:
    from yingji.core.models import Delivery

    late = timezone.now() - STUCK_AFTER
    n = Delivery.objects.filter(status__in=("pending", "failed"), next_attempt_at__lt=late).count()
    return [({}, n)]


def job_queue() -> Iterable[Sample]:
    """Jobs waiting in the queue for a worker, and jobs scheduled for later."""
    from huey.contrib.djhuey import HUEY

    return [({"state": "pending"}, HUEY.pending_count()), ({"state": "scheduled"}, HUEY.scheduled_count())]


def deadlines() -> Iterable[Sample]:
    """Open deadlines: running (not yet due) and overdue; 等待期 ones are not counted."""
    from yingji.core.models import Deadline

    now = timezone.now()
    open_ = Deadline.objects.filter(closed_at__isnull=True, waiting=False)
    return [({"state": "running"}, open_.filter(due_at__gte=now).count()),
            ({"state": "overdue"}, open_.filter(due_at__lt=now).count())]


def register_core_figures() -> None:
    register(Family("yingji_deliveries", "Notification deliveries by channel and status", "gauge",
                    deliveries))
    register(Family("yingji_deliveries_stuck",
                    "Deliveries due for more than 5 minutes that no worker has picked up", "gauge",
                    deliveries_stuck))
    register(Family("yingji_job_queue", "Background jobs in the queue by state", "gauge", job_queue))
    register(Family("yingji_deadlines_open", "Open deadlines, running and overdue", "gauge", deadlines))
