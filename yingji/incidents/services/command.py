"""The open incidents as the command page and the command screen show them: each with
its state, the forces sent and their movement states, the arrival rate and the next
report due (read by ``views/command.py`` and the screen module), in a fixed number
of queries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from yingji.incidents.models import Incident, IncidentSettings
from yingji.incidents.models.reports import OUTSTANDING
from yingji.incidents.services import dispatch
from yingji.incidents.workflow import DISPATCH_FLOW, INCIDENT_FLOW

OPEN_STATES = ("received", "responding")


def open_incidents(user: Any, *, now: datetime | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """The user's open incidents, newest first, in three queries whatever their number:
    ``incident``, ``state`` (label), ``orders`` (order, state label), ``arrival``,
    ``next_due`` (the earliest outstanding report deadline) and ``overdue``."""
    now = now or timezone.now()
    incidents = list(Incident.objects.restrict(user, "view")
                     .filter(state__in=OPEN_STATES).select_related("region")
                     .prefetch_related("orders", "reports").order_by("-received_at")[:limit])
    target = IncidentSettings.current().arrival_target_minutes  # once, not per incident
    rows = []
    for incident in incidents:
        orders = list(incident.orders.all())
        due = [r for r in incident.reports.all() if r.status in OUTSTANDING]
        rows.append({
            "incident": incident, "state": INCIDENT_FLOW.label(incident.state),
            "orders": [(o, DISPATCH_FLOW.label(o.state)) for o in orders],
            "arrival": dispatch.arrival_rate(orders, target=target),
            "next_due": min((r.due_at for r in due if r.due_at), default=None),
            "overdue": any(r.due_at and r.due_at < now for r in due),
        })
    return rows
