"""Workbench to-dos and the enterprise-file section of credit (a fixed number of queries)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from yingji.credit.models import CommitmentPlan, CreditEvent, DishonestyEntry, RemovalApplication
from yingji.credit.services import commitments, effects
from yingji.ui.workbench import Todo


def credit_todos(user: Any) -> list[Todo]:
    todos: list[Todo] = []
    today = timezone.localdate()
    if user.has_perm("credit.view_commitmentplan"):
        missing = len(commitments.missing_on(CommitmentPlan.objects.restrict(user, "view"), today))
        if missing:
            label = "今日未签署安全承诺" if user.has_role("enterprise") else "家企业今日未签署安全承诺"
            todos.append(Todo(f"{missing}{label}" if not user.has_role("enterprise") else label,
                              missing, f"{reverse('commitmentplan_list')}?missing=today", "warning"))
    if user.has_perm("credit.decide_dishonestyentry"):
        entries = DishonestyEntry.objects.restrict(user, "view")
        ready = entries.filter(state="noticed", statement_due__lt=timezone.now()).count()
        stated = entries.filter(state="noticed", statement_at__isnull=False).count()
        proposed = entries.filter(state="proposed").count()
        for count, label, query in ((ready + stated, "项严重失信拟列入待作出决定", "state=noticed"),
                                    (proposed, "项严重失信拟列入待告知当事人", "state=proposed")):
            if count:
                todos.append(Todo(f"{count}{label}", count,
                                  f"{reverse('dishonestyentry_list')}?{query}", "info"))
        pending = RemovalApplication.objects.restrict(user, "view").filter(state="submitted").count()
        if pending:
            todos.append(Todo(f"{pending}项提前移出申请待审核", pending,
                              f"{reverse('removalapplication_list')}?state=submitted", "info"))
    elif user.has_perm("credit.state_dishonestyentry"):
        noticed = DishonestyEntry.objects.restrict(user, "view").filter(
            state="noticed", statement_at__isnull=True, statement_due__gte=timezone.now()).count()
        if noticed:
            todos.append(Todo(f"{noticed}项拟列入严重失信名单告知，可在期限内陈述申辩", noticed,
                              f"{reverse('dishonestyentry_list')}?state=noticed", "danger"))
    return todos


def enterprise_section(request: HttpRequest, enterprise: Any) -> dict[str, Any] | None:
    """The credit part of the enterprise's file: the badge, the entries and the records."""
    user = request.user
    events = list(CreditEvent.objects.restrict(user, "view").filter(enterprise=enterprise)[:10])
    entries = list(DishonestyEntry.objects.restrict(user, "view").filter(enterprise=enterprise)
                   .exclude(state="withdrawn").select_related("ground")[:5])
    return {"events": events, "entries": entries, "badge": effects.badge(enterprise.pk),
            "events_url": f"{reverse('creditevent_list')}?enterprise={enterprise.pk}",
            "commitment_url": (f"{reverse('safetycommitment_list')}?enterprise={enterprise.pk}"
                               if user.has_perm("credit.view_safetycommitment") else "")}
