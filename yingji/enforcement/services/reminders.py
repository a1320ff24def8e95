"""Reminders the daily job sends: 执法证 about to expire (the configured days before, a
week before, the day before and on the day), and on the first of the month the key
enterprises behind the annual plan, to the team leaders and the department's leaders.
Each reminder is claimed first by a conditional UPDATE of its row (the day it was sent),
so a job run twice, or by two workers, never reminds twice."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.models import User
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services.notifications import notify
from yingji.enforcement.models import AnnualPlan, EnforcementSettings, Inspector
from yingji.enforcement.services import periods
from yingji.enforcement.services.plans import progress


def remind_certificates(*, actor: Actor, today: date | None = None) -> int:
    """Tell inspectors (and their leaders) whose certificate expires in the configured
    days, in 7 days, tomorrow or today. Returns the number of inspectors reminded."""
    day = today or timezone.localdate()
    window = EnforcementSettings.current().certificate_remind_days
    marks = sorted({window, 7, 1, 0})
    due = [day + timedelta(days=n) for n in marks]
    sent = 0
    for inspector in Inspector.objects.filter(is_active=True, certificate_expires_on__in=due) \
            .exclude(certificate_reminded_on=day).select_related("user", "department"):
        if not Inspector.objects.filter(pk=inspector.pk).exclude(certificate_reminded_on=day) \
                .update(certificate_reminded_on=day):
            continue  # another run reminded this inspector today
        left = (inspector.certificate_expires_on - day).days
        expires = f"{inspector.certificate_expires_on:%Y-%m-%d}"
        text = "今天到期" if left == 0 else f"将于{left}天后（{expires}）到期"
        recipients = [u for u in [inspector.user, *periods.leaders(inspector.department)] if u]
        if not recipients:
            continue
        notify(recipients, title="执法证即将到期",
               body=f"{inspector.name}的执法证（{inspector.certificate_number}）{text}，"
                    "到期后不能参加双随机抽取，也不能签发执法文书，请及时办理换证。",
               link=reverse("inspector_detail", args=[inspector.pk]), obj=inspector, actor=actor,
               level=NotificationLevel.WARNING)
        sent += 1
    return sent


def remind_behind_plan(*, actor: Actor, today: date | None = None) -> int:
    """On the first of a month: each plan of the year tells the team leaders and the
    department's leaders how many key enterprises are behind. Returns messages sent."""
    day = today or timezone.localdate()
    if day.day != 1 or day.month == 1:
        return 0
    sent = 0
    for plan in AnnualPlan.objects.filter(year=day.year).exclude(behind_reminded_on=day) \
            .select_related("department"):
        if not AnnualPlan.objects.filter(pk=plan.pk).exclude(behind_reminded_on=day) \
                .update(behind_reminded_on=day):
            continue  # another run told this plan's people this month
        behind = progress(plan, month=day.month - 1).behind
        if not behind:
            continue
        per_leader: dict[int, list[Any]] = defaultdict(list)
        for target, _, _ in behind:
            leader = target.team.leader if target.team and target.team.leader else None
            if leader is not None and leader.user_id is not None:
                per_leader[leader.user_id].append(target)
        link = reverse("annualplan_detail", args=[plan.pk])
        for user in User.objects.filter(pk__in=list(per_leader)):
            notify([user], title="重点企业检查进度滞后",
                   body=f"{plan.title}：您小组负责的{len(per_leader[user.pk])}家重点企业检查次数落后于计划",
                   link=link, obj=plan, actor=actor, level=NotificationLevel.WARNING)
            sent += 1
        heads = periods.leaders(plan.department)
        if heads:
            notify(heads, title="重点企业检查进度滞后",
                   body=f"{plan.title}：截至{day.month - 1}月底，{len(behind)}家重点企业检查次数落后于计划",
                   link=link, obj=plan, actor=actor, level=NotificationLevel.WARNING)
            sent += 1
    return sent
