"""The reporting limits and the 12-hour check as core deadlines (``services.rounds``):
each street's 初报 closes when its villages have all reported, the daily 续报 of a
major disaster opens and closes the same way, 核报 closes with 完成核报; core's minutely
check reminds, marks overdue and escalates up the chain (county, then city), and a late
round calls (叫应) the informants of the villages still missing, once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from yingji.core.models import Deadline, Notification, Region, RegionLevel
from yingji.core.services.deadlines import check_deadlines
from yingji.core.testing import JIANGAN_STREET, actor_for, system
from yingji.disasters.models import DisasterEvent, TwelveHourCheck
from yingji.disasters.services import checks, events, reports, rounds
from yingji.disasters.tests.conftest import VILLAGE, event_data, figures

pytestmark = pytest.mark.django_db
STREET_INITIAL = f"disaster_initial:{JIANGAN_STREET}"


def _villages() -> list[Region]:
    return list(Region.objects.filter(parent_id=JIANGAN_STREET, level=RegionLevel.VILLAGE).order_by("code"))


def _deadline(obj: Any, kind: str) -> Deadline:
    return Deadline.objects.get(object_id=str(obj.pk), kind=kind)


def test_the_streets_initial_limit_is_a_core_deadline_closed_when_its_villages_have_reported(
    event, people
) -> None:
    limit = _deadline(event, STREET_INITIAL)
    assert limit.due_at == event.started_at + timedelta(hours=2) and limit.closed_at is None
    assert limit.responsible == people["street"]
    assert limit.escalation_chain == [people[k].pk for k in ("county", "county_leader", "city", "leader")]
    informant = actor_for(people["informant"])
    villages = _villages()
    for village in villages[:-1]:
        reports.submit_report(event, village, figures(), actor=informant)
    assert _deadline(event, STREET_INITIAL).closed_at is None  # one village still owes its 初报
    last = reports.submit_report(event, villages[-1], figures(), actor=informant)
    closed = _deadline(event, STREET_INITIAL)
    assert closed.closed_at == last.submitted_at and closed.met_on_time is True
    assert check_deadlines(event.started_at + timedelta(hours=3)).overdue == 0  # nobody is chased


def test_a_late_initial_round_escalates_and_calls_the_missing_villages_informants_once(people) -> None:
    event = events.create_event(event_data(started_at=timezone.now() - timedelta(hours=3)), actor=system())
    reports.submit_report(
        event, Region.objects.get(code=VILLAGE), figures(), actor=actor_for(people["informant"])
    )
    result = check_deadlines()
    assert result.overdue >= 1
    told = set(
        Notification.objects.filter(title__contains="已逾期").values_list("recipient__username", flat=True)
    )
    assert {"t_street", "t_county"} <= told  # the street's officer and the first of the chain
    call = Notification.objects.get(recipient=people["informant"], title__contains="初报逾期")
    assert call.requires_ack and "保成社区" not in call.body and "泰宁社区" in call.body
    assert call.escalation_chain == [people["street"].pk]
    check_deadlines(timezone.now() + timedelta(minutes=5))
    assert Notification.objects.filter(recipient=people["informant"], title__contains="初报逾期").count() == 1


def test_the_twelve_hour_check_is_escalated_by_cores_check_and_met_by_the_fifth_guarantee(
    event, people
) -> None:
    check = TwelveHourCheck.objects.get(event=event)
    limit = _deadline(check, "disaster_12h")
    assert limit.due_at == check.due_at and limit.responsible == people["street"]
    street = actor_for(people["street"])
    for item in ("food", "clothing", "water", "shelter"):
        checks.confirm_guarantee(check, item=item, evidence="已落实", actor=street)
    check_deadlines(check.due_at + timedelta(minutes=1))
    check.refresh_from_db()
    assert check.escalated_at is not None
    assert Notification.objects.filter(
        recipient=people["county"], title__contains="12小时基本生活保障"
    ).exists()
    assert event.checks.get().escalated_at == check.escalated_at
    checks.confirm_guarantee(check, item="medical", evidence="医疗点", actor=street)
    met = _deadline(check, "disaster_12h")
    assert met.closed_at is not None and met.met_on_time is True  # confirmed within the 12 hours


def test_a_major_disaster_gets_a_daily_followup_round_per_street(people) -> None:
    started = timezone.now() - timedelta(days=2)
    event = events.create_event(event_data(started_at=started, grade="major"), actor=system())
    minor = events.create_event(event_data(started_at=started, grade="larger", title="较大"), actor=system())
    assert rounds.open_followup_rounds() == 1
    assert rounds.open_followup_rounds() == 0  # once
    limit = Deadline.objects.get(object_id=str(event.pk), kind__startswith="disaster_followup:")
    assert timezone.localtime(limit.due_at).hour == 9 and limit.due_at > timezone.now()
    assert not Deadline.objects.filter(
        object_id=str(minor.pk), kind__startswith="disaster_followup:"
    ).exists()
    informant = actor_for(people["informant"])
    for village in _villages():
        reports.submit_report(event, village, figures(), actor=informant)
    assert Deadline.objects.get(pk=limit.pk).closed_at is not None


def test_stable_closes_the_followups_opens_the_final_limit_and_verifying_meets_it(event, people) -> None:
    rounds.open_followup_rounds(timezone.now() + timedelta(days=2))
    events.mark_stable(event, actor=actor_for(people["county"]))
    assert not Deadline.objects.filter(
        object_id=str(event.pk), kind__startswith="disaster_followup:", closed_at=None
    ).exists()
    final = _deadline(event, "disaster_final")
    assert final.closed_at is None and final.escalation_chain[0] == people["county"].pk
    check_deadlines(final.due_at + timedelta(minutes=1))
    call = Notification.objects.get(recipient=people["informant"], title__contains="核报逾期")
    assert call.requires_ack and "保成社区" in call.body
    assert DisasterEvent.objects.get(pk=event.pk).frozen_at is None
