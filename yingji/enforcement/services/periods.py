"""The case's periods on the core calendar: the law's 2/3/5/7-day periods in Chinese
working days (行政处罚法 第八十五条), every other one in calendar days; each is a core
``Deadline``. The bureau's own periods (the decision, the service of the decision, the
publication) are reminded and escalated to the department's leaders; the party's
periods (陈述申辩, 听证申请, 缴款) are waiting periods: the officer is told when they end,
nobody is chased for them (催告's ten days, 行政强制法 第五十四条, too: working days by its
第六十九条). Every period is closed by the step that ends it."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from yingji.core import calendar
from yingji.core.actor import Actor
from yingji.core.models import User
from yingji.core.services.deadlines import close_deadline, set_deadline
from yingji.enforcement import rules

DECISION = "case.decision"
STATEMENT = "case.statement"
HEARING_REQUEST = "case.hearing_request"
SERVICE = "case.service"
PAYMENT = "case.payment"
URGE = "case.urge"
PUBLISH = "case.publish"
PARTY_PERIODS = frozenset({STATEMENT, HEARING_REQUEST, PAYMENT, URGE})
RECHECK = "inspection.recheck"
LEADER_ROLES = ("duty_leader", "commander")


def law_due(start: datetime, days: int) -> datetime:
    """The end of a period of ``days`` days of the law from ``start``: working days for
    2/3/5/7, calendar days (to the end of the local day) otherwise."""
    unit = rules.period_unit(days)
    if unit == "workdays":
        return calendar.due_at(start, days, "workdays")
    last = timezone.localtime(start).date() + timedelta(days=days)
    return end_of(last)


def coercion_due(start: datetime, days: int) -> datetime:
    """The end of a period of 行政强制法 of ``days`` days from ``start``: working days
    for ten days or less (第六十九条), calendar days otherwise."""
    if rules.coercion_period_unit(days) == "workdays":
        return calendar.due_at(start, days, "workdays")
    return end_of(timezone.localtime(start).date() + timedelta(days=days))


def publish_due(decided_at: datetime) -> datetime:
    """The last moment to publish a penalty decision: the configured working days after
    the decision (国办发〔2018〕118号: 20 working days)."""
    from yingji.enforcement.models import EnforcementSettings

    days = EnforcementSettings.current().publish_decision_workdays
    return calendar.due_at(decided_at, days, "workdays")


def end_of(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def leaders(department: Any) -> list[User]:
    """The leaders of a department (the escalation of a missed period)."""
    return list(User.objects.filter(department=department, groups__name__in=LEADER_ROLES,
                                    is_active=True).distinct().order_by("pk")[:3])


def responsible(case: Any) -> User | None:
    officer = case.officers.exclude(user=None).order_by("pk").first()
    return officer.user if officer is not None else None


def case_link(case: Any) -> str:
    return reverse("case_detail", args=[case.pk])


def start(case: Any, kind: str, title: str, due: datetime, actor: Actor) -> None:
    """Open (or move) the case's period ``kind``: a party's period waits (no escalation
    against the officer), the bureau's own is reminded and escalated to its leaders."""
    waiting = kind in PARTY_PERIODS
    set_deadline(case, kind=kind, title=f"{case.number}{title}", due_at=due, actor=actor,
                 responsible=responsible(case),
                 escalation_chain=() if waiting else leaders(case.department),
                 link=case_link(case), remind_before=timedelta(days=1), waiting=waiting)


def stop(case: Any, *kinds: str, actor: Actor, at: datetime | None = None) -> None:
    """Close the open periods ``kinds`` of the case (their step is done, at ``at``)."""
    for kind in kinds:
        close_deadline(case, kind=kind, actor=actor, at=at)


def start_decision_clock(case: Any, actor: Actor) -> None:
    """The 90-day decision period from 立案 (plus approved extensions)."""
    start(case, DECISION, "作出处罚决定期限", end_of(case.decision_due), actor)


def open_party_period(case: Any, now: datetime | None = None) -> str | None:
    """The party's period still running after the notice, in words, or None."""
    moment = now or timezone.now()
    if case.waived:
        return None
    if case.statement_due is not None and moment <= case.statement_due:
        return "陈述申辩期限未届满"
    if case.hearing_required and case.hearing_request_due is not None \
            and moment <= case.hearing_request_due and not case.hearing_requested:
        return "听证申请期限未届满"
    return None
