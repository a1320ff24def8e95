"""Domain events: written by services, shown on timelines, pushed to live pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from yingji.core import live
from yingji.core.actor import Actor
from yingji.core.audit import object_type_of, to_jsonable
from yingji.core.models import DomainEvent


def emit(
    event_type: str,
    *,
    actor: Actor,
    summary: str,
    obj: models.Model | None = None,
    region_code: str = "",
    data: dict[str, Any] | None = None,
    push: bool = True,
) -> DomainEvent:
    """Record a domain event and, after commit, publish it on the live bus."""
    object_type = object_id = ""
    if obj is not None:
        object_type = object_type_of(obj)
        object_id = str(obj.pk)
        if not region_code and hasattr(obj, "scope_region_code"):
            region_code = obj.scope_region_code() or ""
    owner, industry = owner_of(obj), industry_of(obj)
    event = DomainEvent.objects.create(
        time=timezone.now(),
        event_type=event_type,
        actor_id=actor.user_id,
        actor_label=actor.label[:120],
        region_code=region_code,
        object_type=object_type,
        object_id=object_id,
        summary=summary[:300],
        data=to_jsonable(data or {}),
    )
    if push:
        message = {
            "id": event.pk,
            "type": event_type,
            "time": event.time.isoformat(),
            "region": region_code,
            "object_type": object_type,
            "object_id": object_id,
            "summary": event.summary,
            "actor": event.actor_label,
            "owner": owner,
            "industry": industry,
        }
        transaction.on_commit(lambda: live.publish(message))
    return event


def owner_of(obj: models.Model | None) -> int | None:
    """The unit that owns ``obj`` on the live stream (an enterprise), when the model
    can tell without a query; users limited to their own units see only those."""
    method = getattr(obj, "scope_owner_id", None)
    return method() if callable(method) else None


def industry_of(obj: models.Model | None) -> str | None:
    """The industry of ``obj`` for scoped models that have one; staff limited to some
    industries see only those industries' events on the live stream."""
    method = getattr(obj, "scope_industry", None)
    return method() if callable(method) else None


@dataclass(frozen=True)
class EventSpec:
    """One event of a batch for ``emit_many``."""

    event_type: str
    obj: models.Model
    summary: str
    data: dict[str, Any] = field(default_factory=dict)


def emit_many(specs: Sequence[EventSpec], *, actor: Actor) -> list[DomainEvent]:
    """Record many events in one INSERT (a bulk step such as escalating a thousand
    unanswered calls) and publish them on the live bus after commit."""
    now = timezone.now()
    rows = []
    for spec in specs:
        region_code = ""
        if hasattr(spec.obj, "scope_region_code"):
            region_code = spec.obj.scope_region_code() or ""
        rows.append(DomainEvent(
            time=now, event_type=spec.event_type, actor_id=actor.user_id,
            actor_label=actor.label[:120], region_code=region_code,
            object_type=object_type_of(spec.obj), object_id=str(spec.obj.pk),
            summary=spec.summary[:300], data=to_jsonable(spec.data)))
    created = DomainEvent.objects.bulk_create(rows, batch_size=1000)
    messages = [{"id": e.pk, "type": e.event_type, "time": e.time.isoformat(),
                 "region": e.region_code, "object_type": e.object_type,
                 "object_id": e.object_id, "summary": e.summary, "actor": e.actor_label,
                 "owner": owner_of(spec.obj), "industry": industry_of(spec.obj)}
                for e, spec in zip(created, specs, strict=True)]
    if messages:
        transaction.on_commit(lambda: live.publish_many(messages))
    return created


def timeline(obj: models.Model, limit: int = 200) -> list[DomainEvent]:
    """The object's events, newest first."""
    return list(
        DomainEvent.objects.filter(object_type=object_type_of(obj), object_id=str(obj.pk))
        .order_by("-time", "-id")[:limit]
    )
