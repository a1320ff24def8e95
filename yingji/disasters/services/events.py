"""Disaster events: register, change, mark stable, close; each affected street gets its
12-hour check and its 初报 limit, a stable event its 核报 limit (``rounds``: core
deadlines)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Region, RegionLevel
from yingji.core.services.objects import check_permission, check_scope, create_object, update_object
from yingji.disasters.models import DisasterEvent, DisasterSettings, EventState, TwelveHourCheck
from yingji.disasters.services import rounds


def _check_streets(data: dict[str, Any]) -> None:
    region = data.get("region")
    streets = list(data.get("affected_regions") or [])
    wrong = [r.name for r in streets if r.level != RegionLevel.TOWN]
    if wrong:
        raise ValidationError({"affected_regions": "受灾区域请选择街道（乡镇）：" + "、".join(wrong)})
    if region is not None:
        outside = [r.name for r in streets if not r.code.startswith(region.prefix)]
        if outside:
            raise ValidationError({"affected_regions": f"{'、'.join(outside)}不在{region.name}范围内"})
    ended, started = data.get("ended_at"), data.get("started_at")
    if ended and started and ended < started:
        raise ValidationError({"ended_at": "结束时间不能早于发生时间"})


def _open_checks(event: DisasterEvent, *, actor: Actor) -> None:
    """Each affected street's 12-hour check with its core deadline, and its 初报 limit
    (a street added later gets both)."""
    hours = DisasterSettings.current().twelve_hours
    due = event.started_at + timedelta(hours=hours)
    streets = list(event.affected_regions.all())
    for street in streets:
        check, created = TwelveHourCheck.objects.get_or_create(
            event=event, region=street, defaults={"due_at": due}
        )
        if created:
            rounds.open_check_deadline(check, actor=actor)
    rounds.open_initial_rounds(event, streets, actor=actor)


@transaction.atomic
def create_event(data: dict[str, Any], *, actor: Actor) -> DisasterEvent:
    """Register a disaster event (the duty officer, on the first news)."""
    _check_streets(data)
    data = {**data, "created_by": actor.user, "state": EventState.ACTIVE}
    event = create_object(DisasterEvent, data, actor=actor)
    _open_checks(event, actor=actor)
    return event


@transaction.atomic
def update_event(event: DisasterEvent, data: dict[str, Any], *, actor: Actor) -> DisasterEvent:
    """Change an event's description, grade, streets or links (new streets get their
    12-hour check)."""
    merged = {"region": event.region, "started_at": event.started_at, **data}
    _check_streets(merged)
    event = update_object(event, data, actor=actor)
    _open_checks(event, actor=actor)
    return event


def _set_state(
    event: DisasterEvent, state: str, *, actor: Actor, summary: str, **fields: Any
) -> DisasterEvent:
    check_permission(actor, DisasterEvent, "change")
    locked = DisasterEvent.objects.select_for_update().get(pk=event.pk)
    check_scope(actor, locked)
    before = audit.snapshot(locked)
    locked.state = state
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    audit.record(
        audit.AuditAction.UPDATE,
        actor=actor,
        obj=locked,
        before=before,
        after=audit.snapshot(locked),
        detail=summary,
    )
    events.emit(f"disasterevent.{state}", actor=actor, obj=locked, summary=summary)
    return locked


@transaction.atomic
def mark_stable(event: DisasterEvent, *, actor: Actor, at: datetime | None = None) -> DisasterEvent:
    """灾情稳定: the 核报 clock starts (national: the county within 5 days)."""
    if event.state != EventState.ACTIVE:
        raise ValidationError({"state": "只有灾情发展中的灾害可以标记为灾情稳定"})
    when = at or timezone.now()
    event = _set_state(
        event,
        EventState.STABLE,
        actor=actor,
        summary="灾情稳定，进入核报",
        stabilised_at=when,
        ended_at=event.ended_at or when,
    )
    rounds.open_final_round(event, actor=actor)
    rounds.close_followups(event, actor=actor)
    return event


@transaction.atomic
def close_event(event: DisasterEvent, *, actor: Actor) -> DisasterEvent:
    if event.state not in (EventState.VERIFIED,):
        raise ValidationError({"state": "灾害须先完成核报才能结束"})
    return _set_state(event, EventState.CLOSED, actor=actor, summary="灾害过程结束")


def streets_of(event: DisasterEvent) -> list[Region]:
    return list(event.affected_regions.order_by("code"))
