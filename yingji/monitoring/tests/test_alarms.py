"""Alarms from readings, their lifecycle and escalation."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from yingji.core.models import Deadline, Notification
from yingji.core.services.deadlines import check_deadlines
from yingji.core.testing import JIANGAN, WUHAN, actor_for, make_user
from yingji.core.workflow import TransitionRefused
from yingji.enterprises.models import EnterpriseMember
from yingji.monitoring.models import Alarm, PointState
from yingji.monitoring.services import alarms
from yingji.monitoring.services.checks import check_offline
from yingji.monitoring.tests.factories import now, setup_site

pytestmark = pytest.mark.django_db


def send(site, values, start=None, point="LT-101", step=10):
    t = (start or now() - 600)
    readings = [{"point": point, "value": v, "ts": t + i * step} for i, v in enumerate(values)]
    response = Client().post(f"/api/v1/monitoring/ingest/{site['source'].code}/", json.dumps(
        {"readings": readings}), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {site['token']}")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def people(db):
    site = setup_site()
    member = make_user("ent_user", roles=("enterprise",), scope=JIANGAN)
    EnterpriseMember.objects.create(enterprise=site["enterprise"], user=member)
    supervisor = make_user("district_sup", roles=("supervisor",), scope=JIANGAN)
    duty = make_user("city_duty", roles=("duty_officer",), scope=WUHAN)
    return site, member, supervisor, duty


def test_threshold_raises_one_alarm_pushed_to_the_enterprise(people):
    site, member, supervisor, duty = people
    result = send(site, [5, 8.5, 8.6, 8.7, 8.8, 8.9])
    assert result["alarms"] == 1
    alarm = Alarm.objects.get(point=site["level"], kind="threshold")
    assert alarm.state == "pushed" and alarm.level == "h" and alarm.severity == 2
    assert alarm.pushed_at is not None and alarm.threshold == 8.0
    assert Notification.objects.filter(recipient=member, object_id=str(alarm.pk)).exists()
    deadline = Deadline.objects.get(kind=alarms.ACK_DEADLINE, object_id=str(alarm.pk))
    assert deadline.escalation_chain == [supervisor.pk, duty.pk]
    assert deadline.responsible == member


def test_repeats_and_escalation_update_the_open_alarm(people):
    site, *_ = people
    t = now() - 900
    send(site, [8.5, 8.6, 8.7], start=t)
    send(site, [7.0, 5.0], start=t + 30)  # recovers
    alarm = Alarm.objects.get(point=site["level"])
    assert alarm.recovered_at is not None
    send(site, [9.5, 9.6, 9.7], start=t + 60)  # again, and beyond high-high
    assert Alarm.objects.filter(point=site["level"]).count() == 1
    alarm.refresh_from_db()
    assert alarm.count == 2 and alarm.level == "hh" and alarm.severity == 1
    assert alarm.recovered_at is None and alarm.last_value == 9.7


def test_lifecycle_acknowledge_feedback_clear(people):
    site, member, _supervisor, _ = people
    t = now() - 900
    send(site, [8.5, 8.6, 8.7], start=t)
    alarm = Alarm.objects.get(point=site["level"])
    alarm = alarms.do_acknowledge(alarm, actor=actor_for(member))
    assert alarm.state == "acknowledged" and alarm.acknowledged_by == member
    assert Deadline.objects.get(object_id=str(alarm.pk), kind=alarms.ACK_DEADLINE).closed_at is not None
    with pytest.raises(TransitionRefused):
        alarms.do_give_feedback(alarm, actor=actor_for(member), comment="")
    alarm = alarms.do_give_feedback(alarm, actor=actor_for(member), comment="已关闭进料阀，液位回落")
    with pytest.raises(TransitionRefused):  # still above the limit
        alarms.do_clear(alarm, actor=actor_for(member))
    send(site, [6.0], start=t + 60)
    alarm.refresh_from_db()
    alarm = alarms.do_clear(alarm, actor=actor_for(member))
    assert alarm.state == "cleared" and not alarm.is_open and alarm.ended_at is not None
    # a new excursion opens a new alarm
    send(site, [8.5, 8.6, 8.7], start=t + 120)
    assert Alarm.objects.filter(point=site["level"], is_open=True).count() == 1


def test_close_is_for_staff_with_a_reason(people):
    site, member, supervisor, _ = people
    send(site, [8.5, 8.6, 8.7])
    alarm = Alarm.objects.get(point=site["level"])
    with pytest.raises(PermissionDenied):
        alarms.do_close(alarm, actor=actor_for(member), comment="误报")
    with pytest.raises(TransitionRefused):
        alarms.do_close(alarm, actor=actor_for(supervisor), comment="")
    alarm = alarms.do_close(alarm, actor=actor_for(supervisor), comment="仪表检修误报")
    assert alarm.state == "closed" and not alarm.is_open


def test_unacknowledged_alarm_escalates_to_district_then_city(people):
    site, member, supervisor, duty = people
    send(site, [8.5, 8.6, 8.7])
    alarm = Alarm.objects.get(point=site["level"])
    later = timezone.now() + timedelta(minutes=11)
    assert check_deadlines(later).overdue == 1
    assert Notification.objects.filter(recipient=supervisor, title__contains="已逾期").exists()
    assert not Notification.objects.filter(recipient=duty).exists()
    assert check_deadlines(later + timedelta(minutes=11)).escalated == 1
    assert Notification.objects.filter(recipient=duty, title__contains="逾期督办").exists()
    alarms.do_acknowledge(alarm, actor=actor_for(member))
    assert check_deadlines(later + timedelta(minutes=30)).escalated == 0


def test_combination_alarm_groups_points_of_one_object(people):
    site, *_ = people
    t = now() - 900
    send(site, [8.5, 8.6, 8.7], start=t)
    send(site, [65, 66, 67], start=t, point="TT-101")
    combo = Alarm.objects.get(monitored_object=site["object"], kind="combination")
    assert combo.point is None and combo.severity == 1 and combo.last_value == 2
    groups = alarms.open_alarm_groups(Alarm.objects.all())
    assert len(groups) == 1 and len(groups[0]["alarms"]) == 3
    send(site, [50], start=t + 60, point="TT-101")
    combo.refresh_from_db()
    assert combo.recovered_at is not None


def test_offline_alarm_raised_by_the_check_and_recovered_by_data(people):
    site, *_ = people
    send(site, [5.0])
    later = timezone.now() + timedelta(minutes=11)
    assert check_offline(later) == 2  # both points (one never sent)
    alarm = Alarm.objects.get(point=site["level"], kind="offline")
    assert alarm.severity == 3 and PointState.objects.get(point=site["level"]).offline
    assert check_offline(later) == 0  # already offline: no repeat
    send(site, [5.1], start=now())
    alarm.refresh_from_db()
    assert alarm.recovered_at is not None
    assert not PointState.objects.get(point=site["level"]).offline
