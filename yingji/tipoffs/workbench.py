"""To-dos of public reporting on the workbench, in the user's scope (a fixed number of
queries): reports to triage or assign, reports to verify (and overdue), rewards to
decide or pay."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from yingji.tipoffs.models import Tipoff, TipoffReward
from yingji.ui.workbench import Todo


def tipoff_todos(user: Any) -> list[Todo]:
    todos: list[Todo] = []
    if not user.has_perm("tipoffs.view_tipoff"):
        return todos
    rows = Tipoff.objects.restrict(user, "view")
    url = reverse("tipoff_list")
    if user.has_perm("tipoffs.triage_tipoff"):
        for state, label in (("received", "件举报待受理"), ("accepted", "件举报待交办核查"),
                             ("verified", "件举报已核查待答复举报人")):
            count = rows.filter(state=state).count()
            if count:
                todos.append(Todo(f"{count}{label}", count, f"{url}?state={state}", "warning"))
    if user.has_perm("tipoffs.verify_tipoff"):
        verifying = rows.filter(state="verifying")
        count = verifying.count()
        overdue = verifying.filter(verify_due_at__lt=timezone.now()).count()
        if count:
            todos.append(Todo(f"{count}件举报待核查", count, f"{url}?state=verifying", "warning"))
        if overdue:
            todos.append(Todo(f"{overdue}件举报核查已超期", overdue, f"{url}?overdue=1", "danger"))
    if user.has_perm("tipoffs.decide_tipoffreward"):
        rewards = TipoffReward.objects.restrict(user, "view")
        reward_url = reverse("tipoffreward_list")
        for state, label in (("proposed", "项举报奖励待评议"), ("approved", "项举报奖励待发放")):
            count = rewards.filter(state=state).count()
            if count:
                todos.append(Todo(f"{count}{label}", count, f"{reward_url}?state={state}", "info"))
    return todos
