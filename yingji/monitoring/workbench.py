"""Workbench card and to-dos of the monitoring module (fixed number of queries)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse

from yingji.monitoring.models import Alarm
from yingji.ui.workbench import Todo


def alarms_card(request: HttpRequest) -> dict[str, Any] | None:
    """Open, critical and unacknowledged alarms in scope and the ten latest (two queries)."""
    scoped = Alarm.objects.restrict(request.user, "view")
    figures = scoped.filter(is_open=True).aggregate(
        open=Count("id"), critical=Count("id", filter=Q(severity=1)),
        unacked=Count("id", filter=Q(state__in=("raised", "pushed"))))
    latest = list(scoped.filter(is_open=True).select_related("enterprise")
                  .order_by("severity", "-last_at")[:10])
    return {"figures": figures, "latest": latest, "list_url": reverse("alarm_list"),
            "cockpit_url": reverse("monitoring_cockpit")}


def alarm_todos(user: Any) -> list[Todo]:
    """Alarms waiting for 签收 in the user's scope (one count)."""
    if not user.has_perm("monitoring.change_alarm"):
        return []
    count = Alarm.objects.restrict(user, "view").filter(state__in=("raised", "pushed")).count()
    if not count:
        return []
    return [Todo("待签收的监测报警", count, reverse("alarm_list") + "?state=pushed", "danger")]
