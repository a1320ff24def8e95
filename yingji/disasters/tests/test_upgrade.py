"""The event-level 初报 limits of before per-street rounds (kind ``disaster_initial``, no
street) are closed by ``rounds.retire_event_initial_limits``, which every migrate runs:
audited, on the event's timeline, the event's streets given their own rounds while it
is developing, and a second run changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.utils import timezone

from yingji.core.models import AuditLog, Deadline, DomainEvent, Region, RegionLevel
from yingji.core.services import deadlines
from yingji.core.testing import JIANGAN_STREET, actor_for, system
from yingji.disasters.models import DisasterEvent, EventState
from yingji.disasters.services import events, reports, rounds
from yingji.disasters.tests.conftest import event_data, figures

pytestmark = pytest.mark.django_db
STREET_INITIAL = f"disaster_initial:{JIANGAN_STREET}"


def _as_before(event: DisasterEvent) -> Deadline:
    """The event as an earlier version left it: one event-level 初报 limit, no street's."""
    Deadline.objects.filter(object_id=str(event.pk), kind__startswith="disaster_initial:").delete()
    return deadlines.set_deadline(
        event,
        kind="disaster_initial",
        title=f"{event.title}初报",
        due_at=event.started_at + timedelta(hours=2),
        actor=system(),
        responsible=event.created_by,
    )


def _deadlines() -> list[tuple[Any, ...]]:
    return list(
        Deadline.objects.order_by("pk").values_list("pk", "kind", "closed_at", "met_on_time", "due_at")
    )


def test_an_open_event_level_limit_is_closed_audited_and_the_streets_get_their_own(people) -> None:
    event = events.create_event(event_data(started_at=timezone.now() - timedelta(hours=3)), actor=system())
    old = _as_before(event)
    assert rounds.retire_event_initial_limits(actor=system()) == 1
    old.refresh_from_db()
    assert old.closed_at is not None and old.met_on_time is False  # its villages had not all reported
    entry = AuditLog.objects.filter(object_type="core.deadline", object_id=str(old.pk)).latest("chain_index")
    assert "原事件级初报时限关闭" in entry.detail and entry.after["closed_at"]
    assert DomainEvent.objects.filter(
        object_id=str(event.pk), event_type="disasterevent.initial_limit_retired"
    ).exists()
    street = Deadline.objects.get(object_id=str(event.pk), kind=STREET_INITIAL)
    assert street.closed_at is None and street.due_at == old.due_at  # the street's round goes on

    before, audits = _deadlines(), AuditLog.objects.count()
    assert rounds.retire_event_initial_limits(actor=system()) == 0
    assert _deadlines() == before and AuditLog.objects.count() == audits


def test_a_met_limit_closes_when_the_last_village_reported(event, people) -> None:
    informant = actor_for(people["informant"])
    villages = Region.objects.filter(parent_id=JIANGAN_STREET, level=RegionLevel.VILLAGE).order_by("code")
    last = None
    for village in villages:
        last = reports.submit_report(event, village, figures(), actor=informant)
    assert last is not None
    old = _as_before(event)
    rounds.retire_event_initial_limits(actor=system(), now=timezone.now() + timedelta(days=3))
    old.refresh_from_db()
    assert old.closed_at == last.submitted_at and old.met_on_time is True
    street = Deadline.objects.get(object_id=str(event.pk), kind=STREET_INITIAL)
    assert street.closed_at == last.submitted_at  # opened and met at once: nobody is chased


def test_a_finished_events_limit_is_closed_without_new_rounds(event) -> None:
    old = _as_before(event)
    DisasterEvent.objects.filter(pk=event.pk).update(state=EventState.CLOSED)
    rounds.retire_event_initial_limits(actor=system())
    old.refresh_from_db()
    assert old.closed_at is not None
    assert not Deadline.objects.filter(object_id=str(event.pk), kind=STREET_INITIAL).exists()


def test_every_migrate_runs_it(event) -> None:
    old = _as_before(event)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    old.refresh_from_db()
    assert old.closed_at is not None
    entry = AuditLog.objects.filter(object_type="core.deadline", object_id=str(old.pk)).latest("chain_index")
    assert entry.actor_label == "系统（版本升级）"
    before = _deadlines()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert _deadlines() == before
