"""Helpers shared by the app's services: times, the incident timeline, events that must
survive a refused operation."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from yingji.core import events
from yingji.core.actor import Actor
from yingji.core.audit import object_type_of
from yingji.core.models import DomainEvent


def moment(at: datetime | None, *, field: str = "time") -> datetime:
    """``at`` (default now), refused when in the future: times are recorded as they
    happened, not planned."""
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + timedelta(minutes=1):
        raise ValidationError({field: "时间不能晚于当前时间"})
    return at


def emit_kept(event_type: str, *, actor: Actor, obj: models.Model, summary: str,
              data: dict[str, Any] | None = None) -> None:
    """Record an event that must stay even though the caller then refuses and rolls
    back (a refused dispatch, an overlapping shift): its own transaction, committed
    before the refusal is raised."""
    with transaction.atomic():
        events.emit(event_type, actor=actor, obj=obj, summary=summary, data=data)


def incident_timeline(incident: Any, limit: int = 300) -> list[DomainEvent]:
    """Everything that happened to an incident, its reports, orders, tasks and review,
    oldest first."""
    from yingji.incidents.models import DispatchOrder, InfoReport, ResponseTask

    q = Q(object_type=object_type_of(incident), object_id=str(incident.pk))
    for model, ids in ((InfoReport, incident.reports.values_list("pk", flat=True)),
                       (DispatchOrder, incident.orders.values_list("pk", flat=True)),
                       (ResponseTask, incident.tasks.values_list("pk", flat=True))):
        q |= Q(object_type=object_type_of(model), object_id__in=[str(i) for i in ids])
    events_ = DomainEvent.objects.filter(q).order_by("-time", "-id")[:limit]
    return list(reversed(list(events_)))
