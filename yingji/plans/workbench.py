"""To-dos of plans and drills on the workbench (a fixed number of queries)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from yingji.core.detail_links import DetailLink
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
    # The deadlines table is every module's: count only plans' rows, and all of them.
    in_force = (scoped.filter(state__in=("issued", "in_force", "revising"))
                .annotate(key=Cast("pk", CharField())).values("key"))
    overdue = Deadline.objects.filter(content_type=ContentType.objects.get_for_model(Plan),
                                      kind__in=("plan_filing", "plan_evaluation"),
                                      closed_at__isnull=True, due_at__lt=timezone.now(),
                                      object_id__in=in_force).count()
    if overdue:
        todos.append(Todo(f"{overdue}项预案备案或评估已超期", overdue, reverse("plan_coverage"),
                          "danger"))
    if user.has_perm("plans.add_planrevision"):
        from yingji.plans.services.drills import revision_needs

        needs = list(revision_needs(scoped).values_list("drill__plan_id", flat=True))
        if needs:
            link = (reverse("plan_detail", kwargs={"pk": needs[0]}) + "#lifecycle"
                    if len(set(needs)) == 1 else url)
            todos.append(Todo(f"{len(needs)}项演练问题待启动预案修订", len(needs), link, "warning"))
    return todos


def drill_todos(user: Any) -> list[Todo]:
    """Drills awaiting the user's evaluation, drills due within the reminder window,
    open findings past their deadline, plans past their drill frequency."""
    from datetime import timedelta

    from yingji.plans.models import Drill, DrillFinding, PlanSettings
    from yingji.plans.services.drills import year_plan

    todos = []
    url = reverse("drill_list")
    if user.has_perm("plans.evaluate_drill"):
        waiting = Drill.objects.restrict(user, "view").filter(state="done").count()
        if waiting:
            todos.append(Todo(f"{waiting}项演练待评估", waiting, f"{url}?state=done", "warning"))
    if not user.has_perm("plans.change_drill"):
        return todos
    today = timezone.localdate()
    soon = Drill.objects.restrict(user, "view").filter(
        state="planned", planned_on__gte=today,
        planned_on__lte=today + timedelta(days=PlanSettings.current().remind_days)).count()
    if soon:
        todos.append(Todo(f"{soon}项演练即将开展", soon, f"{url}?state=planned", "info"))
    late = DrillFinding.objects.restrict(user, "view").filter(state="open", due_on__lt=today).count()
    if late:
        todos.append(Todo(f"{late}项演练问题逾期未整改", late, f"{url}?state=evaluated", "danger"))
    if user.has_perm("plans.view_plan"):
        rows = year_plan(user, today.year)
        overdue = sum(1 for row in rows if row.overdue)
        if overdue:
            todos.append(Todo(f"{overdue}项预案演练频次逾期", overdue, reverse("drill_yearplan"),
                              "warning"))
        soon = sum(1 for row in rows if row.due_soon)
        if soon:
            todos.append(Todo(f"{soon}项预案即将到达演练期限", soon, reverse("drill_yearplan"), "info"))
    return todos


def incident_links(user: Any, incident: Any) -> list[DetailLink]:
    """预案匹配与启动 on an incident's page."""
    if not user.has_perm("plans.view_planactivation"):
        return []
    return [DetailLink("预案匹配与启动", reverse("incident_plans", kwargs={"pk": incident.pk}),
                       "danger" if incident.is_open else "outline-secondary")]


def enterprise_links(user: Any, enterprise: Any) -> list[DetailLink]:
    """The enterprise's plans on its file."""
    if not user.has_perm("plans.view_plan"):
        return []
    return [DetailLink("应急预案", f"{reverse('plan_list')}?enterprise={enterprise.pk}")]


def register() -> None:
    register_todos("plans", plan_todos)
    register_todos("drills", drill_todos)
