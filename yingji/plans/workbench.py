"""To-dos of plans and drills on the workbench (a fixed number of queries)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from yingji.core.models import Deadline
from yingji.plans.models import Plan
from yingji.ui.workbench import Todo, register_todos


def plan_todos(user: Any) -> list[Todo]:
    """Plans waiting for a lifecycle step (review, signing, issue, filing) and plans in
    force overdue for evaluation, in the user's scope."""
    if not user.has_perm("plans.change_plan"):
        return []
    scoped = Plan.objects.restrict(user, "view")
    url = reverse("plan_list")
    todos = []
    counts = dict(scoped.filter(state__in=("review", "reviewed", "signed", "issued", "revising"))
                  .values_list("state").annotate(n=Count("pk")).order_by())
    labels = {"review": ("项预案待登记评审结论", "info"), "reviewed": ("项预案待签署", "info"),
              "signed": ("项预案待印发", "info"), "issued": ("项预案已印发待备案", "warning"),
              "revising": ("项预案修订中", "info")}
    for state, (label, level) in labels.items():
        if counts.get(state):
            todos.append(Todo(f"{counts[state]}{label}", counts[state], f"{url}?state={state}", level))
    overdue = Deadline.objects.filter(kind__in=("plan_filing", "plan_evaluation"),
                                      closed_at__isnull=True, due_at__lt=timezone.now(),
                                      object_id__in=[str(pk) for pk in scoped.filter(
                                          state__in=("issued", "in_force", "revising"))
                                          .values_list("pk", flat=True)[:5000]]).count()
    if overdue:
        todos.append(Todo(f"{overdue}项预案备案或评估已超期", overdue, reverse("plan_coverage"),
                          "danger"))
    return todos


def register() -> None:
    register_todos("plans", plan_todos)
