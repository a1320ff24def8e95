"""The followed incident (一屏联动): when the screen selects an incident, everything it
shows about it — its place, the forces sent and where they are, the nearest available
resources, the plan started and its tasks, the reports and their deadlines — read from
the incidents, plans and resources modules within the user's scope."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from yingji.core.scope import may
from yingji.screen import rules
from yingji.screen.services.panels import _local, _model

NEAR_TYPES = ("team", "warehouse", "shelter", "expert")


def _reports(incident: Any, now: datetime) -> list[dict[str, Any]]:
    out = []
    for report in incident.reports.all():
        owed = report.status in ("pending", "review")
        seconds = (report.due_at - now).total_seconds() if report.due_at else None
        out.append({"kind": report.get_kind_display(), "sequence": report.sequence,
                    "status": report.get_status_display(), "owed": owed,
                    "due": _local(report.due_at), "late": report.late,
                    "countdown": rules.countdown(seconds) if owed and seconds is not None else ""})
    return out


def _orders(incident: Any) -> list[dict[str, Any]]:
    from yingji.incidents.workflow import DISPATCH_FLOW

    out = []
    for order in incident.orders.all():
        team = order.team
        at_scene = order.state in ("arrived", "working", "completed")
        if order.longitude is not None:
            where = (order.longitude, order.latitude)
        elif at_scene and incident.longitude is not None:
            where = (incident.longitude, incident.latitude)
        elif team is not None and team.longitude is not None:
            where = (team.longitude, team.latitude)
        else:
            where = None
        out.append({"name": order.resource_name, "kind": order.get_resource_kind_display(),
                    "state": order.state, "state_label": DISPATCH_FLOW.label(order.state),
                    "issued": _local(order.issued_at), "point": where,
                    "active": order.state not in ("returned", "cancelled")})
    return out


def _nearby(incident: Any, user: Any) -> dict[str, Any]:
    from yingji.incidents.services import dispatch

    if incident.longitude is None or not may(user, _model("resources.RescueTeam"), "view"):
        return {"items": [], "method": ""}
    try:
        found = dispatch.recommend(incident, user, types=NEAR_TYPES, limit=3)
    except ValidationError:  # no usable point (off the road network)
        return {"items": [], "method": ""}
    items = [{"type": reach.resource.type_display, "name": reach.resource.name,
              "minutes": reach.minutes, "km": round(reach.distance_m / 1000, 1),
              "point": (reach.resource.longitude, reach.resource.latitude)}
             for kind in NEAR_TYPES for reach in found["by_type"].get(kind, [])]
    return {"items": items, "method": found.get("method", "")}


def _plan(incident: Any, user: Any) -> dict[str, Any] | None:
    model = _model("plans.PlanActivation")
    if model is None or not may(user, model, "view"):
        return None
    activation = (model.objects.restrict(user, "view").filter(incident=incident, active=True)
                  .select_related("plan").order_by("-started_at").first())
    if activation is None:
        return None
    return {"name": activation.plan.name, "level": activation.get_level_display(),
            "version": activation.version_label, "started": _local(activation.started_at)}


def follow(user: Any, incident_id: int, now: datetime | None = None) -> dict[str, Any]:
    """Everything the screen shows about one incident of the user's scope (404 when it
    is outside the scope or does not exist)."""
    from yingji.incidents.models import Incident
    from yingji.incidents.workflow import INCIDENT_FLOW, TASK_FLOW

    now = now or timezone.now()
    incident = (Incident.objects.restrict(user, "view").select_related("region", "enterprise")
                .prefetch_related("reports", "orders__team", "tasks").filter(pk=incident_id).first())
    if incident is None:
        raise Http404("事件不存在或不在您的数据范围内")
    tasks = [{"title": t.title, "state": TASK_FLOW.label(t.state), "done": t.state == "done",
              "due": _local(t.due_at), "department": t.department_name,
              "late": t.state != "done" and t.due_at < now} for t in incident.tasks.all()]
    casualties = [f"{label}{getattr(incident, name)}人" for name, label in (
        ("deaths", "死亡"), ("missing", "失踪"), ("serious_injuries", "重伤"), ("trapped", "被困"))
        if getattr(incident, name)]
    return {
        "id": incident.pk, "title": incident.title, "grade": incident.grade_display,
        "state": INCIDENT_FLOW.label(incident.state), "address": incident.address,
        "region": incident.region.name, "received": _local(incident.received_at),
        "enterprise": incident.enterprise.name if incident.enterprise else "",
        "response_level": incident.get_response_level_display() if incident.response_level else "",
        "casualties": "，".join(casualties) or "暂无人员伤亡报告",
        "point": (incident.longitude, incident.latitude) if incident.longitude is not None else None,
        "url": f"/incidents/{incident.pk}/",
        "reports": _reports(incident, now), "orders": _orders(incident),
        "tasks": tasks, "tasks_done": sum(1 for t in tasks if t["done"]),
        "plan": _plan(incident, user), "nearby": _nearby(incident, user),
    }
