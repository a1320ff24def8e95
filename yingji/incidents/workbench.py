"""Workbench card 今日值班 and the to-dos of the incidents app (reports due or overdue,
open response tasks); a bounded number of queries."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from yingji.incidents.models import Incident, InfoReport
from yingji.incidents.models.reports import OUTSTANDING
from yingji.ui.workbench import Card, Todo, register_card, register_todos


def duty_card(request: HttpRequest) -> dict[str, Any] | None:
    """Today's shift in the user's scope, open incidents and reports due."""
    from yingji.incidents.services.duty import current_shift

    user = request.user
    now = timezone.now()
    shift = current_shift(user, now)
    incidents = Incident.objects.restrict(user, "view").filter(
        state__in=("received", "responding"))
    return {
        "shift": shift,
        "leaders": list(shift.leaders.all()) if shift else [],
        "officers": list(shift.officers.all()) if shift else [],
        "open_incidents": list(incidents.order_by("-received_at")[:5]),
        "open_count": incidents.count(),
        "due_count": InfoReport.objects.restrict(user, "view").filter(
            status__in=OUTSTANDING).count(),
    }


def todos(user: Any) -> list[Todo]:
    if not user.has_perm("incidents.view_inforeport"):
        return []
    now = timezone.now()
    pending = InfoReport.objects.restrict(user, "view").filter(status__in=OUTSTANDING)
    overdue = pending.filter(due_at__lt=now).count()
    url = reverse("incident_list") + "?reports=pending"
    return [Todo("已超时未报送的信息报告", overdue, url, "danger"),
            Todo("待报送的信息报告", pending.count() - overdue, url, "warning")]


def register() -> None:
    register_card(Card("incidents-duty", "今日值班", "incidents/card_duty.html", duty_card,
                       permission="incidents.view_dutyshift", order=5))
    register_todos("incidents", todos)
