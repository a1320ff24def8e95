"""Workbench to-dos of the governance module (a fixed number of queries)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from yingji.governance.models import Node
from yingji.ui.workbench import Todo

SOON_DAYS = 7


def node_todos(user: Any) -> list[Todo]:
    """The user's own open nodes that are late or due within a week; for those who
    press lagging items (督办), the late nodes in their scope (two queries)."""
    if not user.has_perm("governance.view_node"):
        return []
    today = timezone.localdate()
    url = reverse("node_list")
    todos = []
    mine = Node.objects.restrict(user, "view").filter(owner=user, done_on__isnull=True).aggregate(
        late=Count("id", filter=Q(due__lt=today)),
        soon=Count("id", filter=Q(due__gte=today, due__lte=today + timedelta(days=SOON_DAYS))))
    if mine["late"]:
        todos.append(Todo(f"{mine['late']}个本人负责的工作节点已逾期", mine["late"],
                          f"{url}?mine=true&status=late", "danger"))
    if mine["soon"]:
        todos.append(Todo(f"{mine['soon']}个本人负责的工作节点{SOON_DAYS}日内到期", mine["soon"],
                          f"{url}?mine=true&due_within={SOON_DAYS}", "warning"))
    if user.has_perm("governance.supervise_workitem"):
        late = Node.objects.restrict(user, "view").filter(done_on__isnull=True, due__lt=today).count()
        if late:
            todos.append(Todo(f"{late}个工作节点逾期，可督办", late, f"{url}?status=late", "warning"))
    return todos
