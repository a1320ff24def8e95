"""The screen's panels: each reads its module's services within the user's scope and
answers plain JSON (numbers with the link to the list behind them). A panel whose model
the user may not view answers None and is not shown. Every panel runs a bounded number
of queries whatever the size of the city (asserted in tests/test_data.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.utils import timezone

from yingji.core.kpis import list_url
from yingji.core.scope import may
from yingji.screen import rules

Panel = dict[str, Any]
LIST_LIMIT = 6


def figure(value: int | float | None, url: str = "", label: str = "") -> dict[str, Any]:
    """A number on the screen with the list it opens."""
    return {"value": value, "url": url, "label": label}


def _local(at: datetime | None) -> str:
    return f"{timezone.localtime(at):%m-%d %H:%M}" if at else ""


def _model(label: str) -> Any:
    try:
        return apps.get_model(label)
    except LookupError:  # the module is not installed
        return None


def _viewable(user: Any, *labels: str) -> bool:
    models = [_model(label) for label in labels]
    return all(m is not None and may(user, m, "view") for m in models)


def duty(user: Any, now: datetime) -> Panel | None:
    """Who is on duty now in the scope's duty rooms: leaders, officers, the room's phone."""
    if not _viewable(user, "incidents.DutyShift"):
        return None
    from yingji.incidents.models import DutyShift

    shifts = list(DutyShift.objects.restrict(user, "view").filter(start__lte=now, end__gt=now)
                  .select_related("region").prefetch_related("leaders", "officers")
                  .order_by("region_id", "start")[:LIST_LIMIT])
    today = timezone.localdate(now).isoformat()
    return {"shifts": [{
        "region": s.region.name, "span": f"{_local(s.start)}至{_local(s.end)}",
        "leaders": [u.display_name for u in s.leaders.all()],
        "officers": [u.display_name for u in s.officers.all()], "phone": s.phone,
    } for s in shifts], "count": figure(len(shifts), list_url("dutyshift_list", start_after=today,
                                                               start_before=today))}


def alarms(user: Any, now: datetime) -> Panel | None:
    """Open alarms by severity, those not yet signed for, and the latest few."""
    if not _viewable(user, "monitoring.Alarm"):
        return None
    from yingji.monitoring.models import Alarm

    open_alarms = Alarm.objects.restrict(user, "view").filter(is_open=True)
    counts = open_alarms.order_by().aggregate(
        total=Count("id"), s1=Count("id", filter=Q(severity=1)), s2=Count("id", filter=Q(severity=2)),
        s3=Count("id", filter=Q(severity=3)),
        unacked=Count("id", filter=Q(state__in=("raised", "pushed"))))
    latest = open_alarms.select_related("enterprise").order_by("-last_at")[:LIST_LIMIT]
    return {
        "total": figure(counts["total"], list_url("alarm_list", is_open="true")),
        "levels": [figure(counts[f"s{n}"], list_url("alarm_list", is_open="true", severity=n), label)
                   for n, label in ((1, "一级"), (2, "二级"), (3, "三级"))],
        "unacked": figure(counts["unacked"], list_url("alarm_list", state="pushed")),
        "latest": [{"text": a.message, "enterprise": a.enterprise.name, "severity": a.severity,
                    "at": _local(a.last_at), "url": f"/monitoring/alarms/{a.pk}/"} for a in latest],
    }


def warnings(user: Any, now: datetime) -> Panel | None:
    """Bulletins in force in the scope, highest level first, each with its 叫应 progress
    (the warnings board's figures of the latest call)."""
    if not _viewable(user, "warnings.Bulletin"):
        return None
    from yingji.warnings import rules as warning_rules
    from yingji.warnings.services.board import board

    rank = {level: n for n, level in enumerate(warning_rules.LEVELS)}
    in_force = list(_model("warnings.Bulletin").objects.restrict(user, "view")
                    .filter(state="published", effective_at__lte=now, expires_at__gt=now)
                    .select_related("warning_type"))
    in_force.sort(key=lambda b: (rank.get(b.level, 9), -b.pk))
    rows = []
    for bulletin in in_force[:4]:
        figures = board(bulletin)
        rows.append({"title": bulletin.title, "level": bulletin.level,
                     "level_label": bulletin.get_level_display(),
                     "until": _local(bulletin.expires_at),
                     "acknowledged": figures.acknowledged, "called": figures.total,
                     "silent": figures.total - figures.acknowledged, "escalated": figures.escalated,
                     "url": f"/warnings/{bulletin.pk}/board/"})
    by_level = {level: sum(1 for b in in_force if b.level == level) for level in warning_rules.LEVELS}
    return {"total": figure(len(in_force), list_url("bulletin_list", state="published")),
            "levels": [figure(n, list_url("bulletin_list", state="published", level=level), level)
                       for level, n in by_level.items()],
            "bulletins": rows}


def incidents(user: Any, now: datetime) -> Panel | None:
    """Open incidents with their next report deadline (countdown) and their forces."""
    if not _viewable(user, "incidents.Incident"):
        return None
    from yingji.incidents.services.command import open_incidents

    rows = open_incidents(user, now=now, limit=8)
    out = []
    for row in rows:
        incident = row["incident"]
        due = row["next_due"]
        moving = sum(1 for order, _ in row["orders"] if order.state in ("issued", "accepted", "departed"))
        arrived = sum(1 for order, _ in row["orders"] if order.state in ("arrived", "working", "completed"))
        out.append({
            "id": incident.pk, "title": incident.title, "grade": incident.grade_display,
            "state": row["state"], "region": incident.region.name,
            "due_at": due.isoformat() if due else "",
            "countdown": rules.countdown((due - now).total_seconds()) if due else "",
            "overdue": row["overdue"], "orders": len(row["orders"]), "moving": moving,
            "arrived": arrived, "url": f"/incidents/{incident.pk}/",
            "located": incident.longitude is not None,
        })
    overdue = sum(1 for r in out if r["overdue"])
    return {"total": figure(len(out), list_url("incident_list", state="responding")),
            "overdue": figure(overdue, list_url("incident_list", reports="overdue")),
            "incidents": out}


def major_hazards(user: Any, now: datetime) -> Panel | None:
    """Major hazard sources by grade and their live state (open and critical alarms,
    offline points of their enterprise: the monitoring module's live states)."""
    if not _viewable(user, "enterprises.MajorHazard", "monitoring.Alarm"):
        return None
    from yingji.monitoring.services.analytics import live_states

    sources = list(_model("enterprises.MajorHazard").objects.restrict(user, "view")
                   .select_related("enterprise").order_by("grade", "pk")
                   .values_list("pk", "name", "grade", "enterprise_id", "enterprise__name")[:2000])
    states = live_states(sorted({s[3] for s in sources}))
    alarmed = [s for s in sources if states[s[3]].open_alarms]
    offline = [s for s in sources if states[s[3]].offline_points]
    grades = {g: sum(1 for s in sources if s[2] == g) for g in (1, 2, 3, 4)}
    alarmed.sort(key=lambda s: (-states[s[3]].critical_alarms, -states[s[3]].open_alarms, s[2] or 9))
    return {
        "total": figure(len(sources), list_url("monitoring_cockpit")),
        "grades": [figure(n, list_url("enterprise_list", major_hazard_grade=g), f"{'一二三四'[g - 1]}级")
                   for g, n in grades.items()],
        "alarmed": figure(len(alarmed), list_url("alarm_list", is_open="true")),
        "offline": figure(len(offline), list_url("measurementpoint_list", offline="true")),
        "sources": [{"name": s[1], "enterprise": s[4], "grade": s[2],
                     "alarms": states[s[3]].open_alarms, "critical": states[s[3]].critical_alarms,
                     "url": f"/enterprises/{s[3]}/"} for s in alarmed[:LIST_LIMIT]],
    }


def hazards(user: Any, now: datetime) -> Panel | None:
    """Hidden hazards past their rectification deadline, the major and listed ones."""
    if not _viewable(user, "hazards.Hazard"):
        return None
    from yingji.hazards.models.hazards import OPEN_STATES
    from yingji.hazards.services import analysis

    visible = _model("hazards.Hazard").objects.restrict(user, "view")
    opened = visible.filter(state__in=OPEN_STATES)
    summary = analysis.summary(opened)
    overdue = analysis.overdue_list(visible, limit=LIST_LIMIT)
    return {
        "overdue": figure(summary.overdue, list_url("hazard_list", overdue="true")),
        "open": figure(summary.total, list_url("hazard_list")),
        "major": figure(summary.major, list_url("hazard_list", grade="major")),
        "listed": figure(summary.listed, list_url("hazard_list", listed="any")),
        "hazards": [{"title": h.title, "enterprise": getattr(h.enterprise, "name", ""),
                     "deadline": _local(h.deadline),
                     "days": max(0, (now - h.deadline).days) if h.deadline else 0,
                     "url": f"/hazards/{h.pk}/"} for h in overdue],
    }


def gauges(user: Any, now: datetime) -> Panel | None:
    """Rain and water-level gauges (the monitoring module's points) with their latest
    reading, over-threshold first."""
    if not _viewable(user, "monitoring.MeasurementPoint"):
        return None
    from yingji.monitoring.models import MeasurementPoint

    points = list(MeasurementPoint.objects.restrict(user, "view")
                  .filter(enabled=True, point_type__in=("rainfall", "water_level"))
                  .select_related("state", "monitored_object").order_by("point_type", "pk")[:200])
    rows = []
    for p in points:
        state = getattr(p, "state", None)
        value = state.last_value if state is not None else None
        over = value is not None and p.high is not None and value >= p.high
        rows.append({"name": p.monitored_object.name, "kind": p.get_point_type_display(),
                     "value": value, "unit": p.unit, "over": over,
                     "offline": bool(state is not None and state.offline),
                     "at": _local(state.last_ts) if state is not None else ""})
    rows.sort(key=lambda r: (not r["over"], r["offline"]))
    return {"total": figure(len(points), list_url("measurementpoint_list", point_type="rainfall")),
            "over": figure(sum(1 for r in rows if r["over"]), list_url("alarm_list", is_open="true")),
            "gauges": rows[:8]}


def resources(user: Any, now: datetime) -> Panel | None:
    """Forces ready: teams standing by (and their people), available experts, reserve
    warehouses, shelters open or available."""
    if not _viewable(user, "resources.RescueTeam"):
        return None
    from yingji.resources.models import Expert, RescueTeam, Shelter, Warehouse

    teams = RescueTeam.objects.restrict(user, "view").order_by().aggregate(
        total=Count("id"), standby=Count("id", filter=Q(status="standby")),
        deployed=Count("id", filter=Q(status="deployed")),
        people=Sum("headcount", filter=Q(status="standby")))
    experts = Expert.objects.restrict(user, "view").filter(available=True, is_active=True).count()
    warehouses = Warehouse.objects.restrict(user, "view").count()
    shelters = Shelter.objects.restrict(user, "view").filter(status__in=("available", "open")).count()
    return {
        "standby": figure(teams["standby"], list_url("rescueteam_list", status="standby"), "待命队伍"),
        "deployed": figure(teams["deployed"], list_url("rescueteam_list", status="deployed"), "出动队伍"),
        "people": figure(teams["people"] or 0, list_url("rescueteam_list", status="standby"), "待命人员"),
        "experts": figure(experts, list_url("expert_list", available="true", is_active="true"), "可调专家"),
        "warehouses": figure(warehouses, list_url("warehouse_list"), "储备库"),
        "shelters": figure(shelters, list_url("shelter_list"), "可用避难场所"),
    }


PANEL_READERS: dict[str, Callable[[Any, datetime], Panel | None]] = {
    "duty": duty, "alarms": alarms, "warnings": warnings, "incidents": incidents,
    "major_hazards": major_hazards, "hazards": hazards, "gauges": gauges, "resources": resources,
}


def read_panels(user: Any, codes: Iterable[str], now: datetime | None = None) -> dict[str, Panel]:
    """The figures of the panels ``codes`` the user may see (unknown codes ignored)."""
    now = now or timezone.now()
    out: dict[str, Panel] = {}
    for code in dict.fromkeys(codes):
        reader = PANEL_READERS.get(code)
        if reader is None:
            continue
        data = reader(user, now)
        if data is not None:
            out[code] = {"title": rules.PANEL_TITLES[code], **data}
    return out
