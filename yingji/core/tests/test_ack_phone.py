"""叫应 taken by telephone: a staff member records the recipient's answer, with the
time it was given and who recorded it, audited and on the subject's timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.core.events import timeline
from yingji.core.models import AuditLog, Notification
from yingji.core.services.notifications import acknowledge, check_acknowledgements, notify
from yingji.core.testing import JIANGAN, actor_for, make_department, make_user, system

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    subject = make_department("江岸区应急管理局", region_code=JIANGAN)
    head = make_user("village_head", roles=["duty_officer"], real_name="孙书记")
    [note] = notify([head], title="暴雨橙色预警", obj=subject, actor=system(), requires_ack=True,
                    ack_within=timedelta(minutes=10))
    return subject, note


def test_a_phone_answer_is_recorded_with_its_time_and_recorder(call) -> None:
    subject, note = call
    officer = make_user("ja_duty", roles=["duty_officer"], real_name="吴敏")
    at = note.created_at + timedelta(seconds=1)
    assert acknowledge(note, via="phone", actor=actor_for(officer), answered_at=at)
    note.refresh_from_db()
    assert (note.ack_via, note.acked_at, note.ack_recorded_by) == ("phone", at, officer)
    assert note.read_at is None  # the recipient's inbox is theirs
    entry = AuditLog.objects.get(detail__startswith="电话叫应登记")
    assert entry.actor_id == officer.pk and "孙书记" in entry.detail and "吴敏登记" in entry.detail
    assert any("已叫应（电话" in e.summary and "吴敏登记" in e.summary for e in timeline(subject))
    # Answered: a second record changes nothing, and the call is no longer checked.
    assert not acknowledge(note, via="phone", actor=actor_for(officer))
    assert check_acknowledgements(timezone.now() + timedelta(hours=1)).renotified == 0


def test_a_phone_answer_needs_a_signed_in_recorder_and_a_plausible_time(call) -> None:
    _, note = call
    officer = make_user("ja_duty", roles=["duty_officer"])
    with pytest.raises(PermissionError):
        acknowledge(note, via="phone", actor=system())
    with pytest.raises(ValidationError, match="不能晚于当前时间"):
        acknowledge(note, via="phone", actor=actor_for(officer),
                    answered_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(ValidationError, match="不能早于通知发出时间"):
        acknowledge(note, via="phone", actor=actor_for(officer),
                    answered_at=note.created_at - timedelta(minutes=5))
    with pytest.raises(ValueError):
        acknowledge(note, via="web", actor=actor_for(note.recipient),
                    answered_at=timezone.now())
    assert Notification.objects.get(pk=note.pk).acked_at is None
    # A time typed to the minute, in the minute the call went out, is the sending time.
    typed = note.created_at.replace(second=0, microsecond=0)
    assert acknowledge(note, via="phone", actor=actor_for(officer), answered_at=typed)
    assert Notification.objects.get(pk=note.pk).acked_at == note.created_at
