"""Working-day calendar and deadlines: reminders, overdue, escalation, on-time closing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from yingji.core import calendar
from yingji.core.events import timeline
from yingji.core.models import Deadline, Notification
from yingji.core.services.deadlines import check_deadlines, close_deadline, set_deadline
from yingji.core.testing import JIANGAN, make_department, make_user, system

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_national_day_holiday_is_skipped() -> None:
    # 2025: National Day and Mid-Autumn 10-01..10-08 off; Sunday 09-28 and Saturday 10-11
    # are make-up working days (State Council notice 国办发明电〔2024〕12号).
    assert calendar.is_workday(date(2025, 9, 28))
    assert not calendar.is_workday(date(2025, 10, 3))
    assert calendar.is_workday(date(2025, 10, 11))
    assert calendar.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert calendar.add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)
    assert calendar.working_days_between(date(2025, 9, 30), date(2025, 10, 11)) == 3


def test_zero_days_rolls_to_next_working_day_and_uncovered_years_fall_back() -> None:
    assert calendar.add_working_days(date(2025, 10, 4), 0) == date(2025, 10, 9)
    assert not calendar.covered(date(2099, 1, 5))
    assert calendar.add_working_days(date(2099, 1, 2), 1) == date(2099, 1, 5)  # Fri -> Mon


def test_workday_deadline_ends_at_the_end_of_the_local_day() -> None:
    start = datetime(2025, 9, 30, 9, 0, tzinfo=SHANGHAI)
    due = calendar.due_at(start, 5, "workdays")
    assert timezone.localtime(due).strftime("%Y-%m-%d %H:%M:%S") == "2025-10-14 23:59:59"
    assert calendar.due_at(start, 2, "hours") == start + timedelta(hours=2)
    with pytest.raises(ValueError):
        calendar.due_at(start, 1, "fortnights")


@pytest.mark.django_db
def test_reminder_overdue_and_escalation_reach_the_right_people_once() -> None:
    owner = make_department("江岸区应急管理局", region_code=JIANGAN)
    worker = make_user("rectifier", roles=["supervisor"])
    officer = make_user("officer", roles=["supervisor"])
    leader = make_user("leader", roles=["duty_leader"])
    now = timezone.now()
    set_deadline(owner, kind="rectify", title="消防通道整改", due_at=now + timedelta(hours=10),
                 responsible=worker, escalation_chain=[officer, leader], actor=system(),
                 remind_before=timedelta(hours=12), escalate_every=timedelta(hours=24))
    first = check_deadlines(now)
    assert (first.reminded, first.overdue, first.escalated) == (1, 0, 0)
    assert check_deadlines(now).reminded == 0  # claimed once only
    assert Notification.objects.get(recipient=worker).title == "即将到期：消防通道整改"

    late = now + timedelta(hours=11)
    assert check_deadlines(late).overdue == 1
    assert set(Notification.objects.filter(title__startswith="已逾期").values_list(
        "recipient__username", flat=True)) == {"rectifier", "officer"}
    assert check_deadlines(late + timedelta(hours=1)).escalated == 0  # interval not yet over
    assert check_deadlines(late + timedelta(hours=25)).escalated == 1
    assert Notification.objects.filter(recipient=leader, title__startswith="逾期督办").count() == 1
    assert check_deadlines(late + timedelta(days=5)).escalated == 0  # chain exhausted

    events = [e.event_type for e in timeline(owner)]
    assert {"deadline.set", "deadline.reminded", "deadline.overdue", "deadline.escalated"} <= set(events)
    summaries = {e.event_type: e.summary for e in timeline(owner)}
    assert summaries["deadline.overdue"] == "已逾期：消防通道整改，已报officer督办"
    assert summaries["deadline.escalated"] == "逾期未办，升级督办：leader"
    closed = close_deadline(owner, kind="rectify", actor=system(), at=late + timedelta(days=6))
    assert closed is not None and closed.met_on_time is False


@pytest.mark.django_db
def test_an_overdue_deadline_without_supervisors_says_so_in_words() -> None:
    owner = make_department("江岸区应急管理局", region_code=JIANGAN)
    now = timezone.now()
    set_deadline(owner, kind="rectify", title="消防通道整改", due_at=now - timedelta(minutes=1),
                 responsible=make_user("alone", roles=["supervisor"]), actor=system())
    assert check_deadlines(now).overdue == 1
    (event,) = [e for e in timeline(owner) if e.event_type == "deadline.overdue"]
    assert event.summary == "已逾期：消防通道整改，未设督办人，请责任人尽快办理"
    assert event.actor_label == "系统（期限提醒）"


@pytest.mark.django_db
def test_extending_restarts_reminders_and_closing_on_time_is_recorded() -> None:
    owner = make_department("江岸区应急管理局", region_code=JIANGAN)
    worker = make_user("rectifier", roles=["supervisor"])
    now = timezone.now()
    set_deadline(owner, kind="rectify", title="整改", due_at=now + timedelta(hours=1),
                 responsible=worker, actor=system())
    check_deadlines(now)
    moved = set_deadline(owner, kind="rectify", title="整改（延期）", due_at=now + timedelta(days=10),
                         responsible=worker, actor=system())
    assert moved.reminded_at is None and Deadline.objects.count() == 1
    closed = close_deadline(owner, kind="rectify", actor=system())
    assert closed is not None and closed.met_on_time is True
    assert close_deadline(owner, kind="rectify", actor=system()) is None


@pytest.mark.django_db
def test_a_modules_overdue_handler_runs_once_with_the_mark_and_a_failure_is_retried() -> None:
    from yingji.core.services import deadlines

    owner = make_department("江岸区应急管理局", region_code=JIANGAN)
    now = timezone.now()
    set_deadline(owner, kind="test_call:1", title="报送", due_at=now, actor=system())
    set_deadline(owner, kind="other", title="其他", due_at=now, actor=system())
    seen: list[str] = []
    failing = {"on": True}

    def handler(deadline: Deadline, actor: object) -> None:
        if failing["on"]:
            raise RuntimeError("gateway down")
        seen.append(deadline.kind)

    deadlines.on_overdue("test_call:", handler)
    try:
        assert check_deadlines(now + timedelta(minutes=1)).overdue == 1  # the other one goes on
        assert Deadline.objects.get(kind="test_call:1").overdue_at is None  # left for the next check
        assert Deadline.objects.get(kind="other").overdue_at is not None
        failing["on"] = False
        check_deadlines(now + timedelta(minutes=2))
        check_deadlines(now + timedelta(minutes=3))
        assert seen == ["test_call:1"]  # once, and not for the other kind
        assert Deadline.objects.get(kind="test_call:1").overdue_at is not None
    finally:
        deadlines._OVERDUE_HANDLERS.remove(("test_call:", handler))


@pytest.mark.django_db
def test_a_waiting_period_is_never_overdue_and_tells_the_responsible_once_when_it_ends() -> None:
    owner = make_department("江岸区应急管理局", region_code=JIANGAN)
    officer = make_user("case_officer", roles=["inspector"])
    leader = make_user("case_leader", roles=["duty_leader"])
    now = timezone.now()
    deadline = set_deadline(owner, kind="statement", title="陈述申辩期限", due_at=now + timedelta(hours=2),
                            responsible=officer, escalation_chain=[leader], actor=system(), waiting=True)
    assert check_deadlines(now) == type(check_deadlines(now))()  # no reminder before it ends
    later = now + timedelta(days=3)
    result = check_deadlines(later)
    assert (result.elapsed, result.reminded, result.overdue, result.escalated) == (1, 0, 0, 0)
    assert check_deadlines(later + timedelta(days=2)).elapsed == 0
    deadline.refresh_from_db()
    assert deadline.closed_at == later and deadline.met_on_time and deadline.overdue_at is None
    assert [n.title for n in Notification.objects.filter(recipient=officer)] == ["期限届满：陈述申辩期限"]
    assert not Notification.objects.filter(recipient=leader).exists()
