"""Workbench card, to-dos and the enterprise-file section of the hazards module; each
runs a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from yingji.hazards.models import ExtensionRequest, ExtensionStatus, Hazard
from yingji.hazards.models.hazards import ACTIVE_STATES, OPEN_STATES
from yingji.ui.workbench import Todo


def _overdue_q() -> Q:
    return Q(state__in=OPEN_STATES, deadline__lt=timezone.now())


def hazards_card(request: HttpRequest) -> dict[str, Any] | None:
    """Counts of open, overdue, major-listed and awaiting-verification hazards in scope
    and the ten most overdue (two queries)."""
    scoped = Hazard.objects.restrict(request.user, "view")
    figures = scoped.filter(state__in=ACTIVE_STATES).aggregate(
        open=Count("id"), overdue=Count("id", filter=_overdue_q()),
        listed=Count("id", filter=Q(grade="major") & ~Q(listed_level="")),
        verifying=Count("id", filter=Q(state="verifying")))
    overdue = list(scoped.filter(_overdue_q()).select_related("enterprise")
                   .order_by("deadline")[:10])
    url = reverse("hazard_list")
    return {"figures": figures, "overdue": overdue, "list_url": url, "now": timezone.now()}


def hazard_todos(user: Any) -> list[Todo]:
    """Overdue hazards in scope, the user's own rectifications, hazards awaiting
    verification and extension requests awaiting the user's approval (four counts)."""
    scoped = Hazard.objects.restrict(user, "view")
    url = reverse("hazard_list")
    todos = []
    overdue = scoped.filter(_overdue_q()).count()
    if overdue:
        todos.append(Todo(f"{overdue}项隐患逾期未整改", overdue, f"{url}?overdue=true", "danger"))
    mine = scoped.filter(responsible_id=user.pk, state__in=OPEN_STATES).count()
    if mine:
        todos.append(Todo(f"{mine}项隐患待我整改", mine, f"{url}?mine=1", "warning"))
    if user.has_perm("hazards.change_hazard"):
        waiting = scoped.filter(state="verifying").count()
        if waiting:
            todos.append(Todo(f"{waiting}项隐患待验收", waiting, f"{url}?state=verifying", "info"))
    if user.has_perm("hazards.approve_extension"):
        pending = ExtensionRequest.objects.restrict(user, "view").filter(
            status=ExtensionStatus.PENDING).count()
        if pending:
            todos.append(Todo(f"{pending}项隐患延期申请待审批", pending,
                              reverse("extensionrequest_list") + "?status=pending", "warning"))
    return todos


def enterprise_section(request: HttpRequest, enterprise: Any) -> dict[str, Any] | None:
    """The enterprise file's 隐患 section: counts and the latest ten hazards."""
    scoped = Hazard.objects.restrict(request.user, "view").filter(enterprise=enterprise)
    figures = scoped.aggregate(
        total=Count("id"), open=Count("id", filter=Q(state__in=ACTIVE_STATES)),
        overdue=Count("id", filter=_overdue_q()), major=Count("id", filter=Q(grade="major")))
    latest = list(scoped.order_by("-found_at", "-id")[:10])
    return {"figures": figures, "hazards": latest,
            "list_url": reverse("hazard_list") + f"?enterprise={enterprise.pk}",
            "add_url": reverse("hazard_add") + f"?enterprise={enterprise.pk}",
            "run_url": reverse("selfinspection_run", args=[enterprise.pk])
            if request.user.has_perm("hazards.add_selfinspection") else None,
            "inspections_url": reverse("selfinspection_list") + f"?enterprise={enterprise.pk}"}
