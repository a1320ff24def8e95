"""Dispatch (调度): nearest available resources by travel time through the resources
module, orders with every step's time, refusal of unavailable teams unless overridden,
and the arrival-within-the-target rate."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope
from yingji.incidents import rules
from yingji.incidents.models import DispatchOrder, Incident, IncidentSettings, ResourceKind
from yingji.incidents.services.common import emit_kept, moment
from yingji.incidents.workflow import ACTIVE_ORDER_STATES, DISPATCH_FLOW, STEP_FIELD


def incident_point(incident: Incident) -> tuple[float, float, bool]:
    """(longitude, latitude, exact): the incident's point, else its region's centroid."""
    if incident.point is not None:
        return (incident.point[0], incident.point[1], True)
    region = incident.region
    if region.longitude is None or region.latitude is None:
        raise ValidationError({"longitude": "事件未标注坐标，无法按路程推荐资源，请在地图上选点"})
    return (region.longitude, region.latitude, False)


def recommend(incident: Incident, user: Any, *, types: Sequence[str] = ("team", "expert",
              "warehouse", "shelter"), capability: str = "", limit: int = 5) -> dict[str, Any]:
    """The nearest available resources of each type to the incident (travel time from the
    resources module; estimates labelled)."""
    from yingji.resources.services.analysis import nearest_resources

    lon, lat, exact = incident_point(incident)
    out: dict[str, Any] = {"exact": exact, "by_type": {}}
    for kind in types:
        result = nearest_resources(user, lon, lat, types=[kind],
                                   capability=capability if kind in ("team", "expert") else "",
                                   available_only=True, limit=limit)
        out["by_type"][kind] = result.items
        out["estimated"] = result.estimated
        out["method"] = result.method
    return out


def _resource(kind: str, resource_id: int, user: Any) -> Any:
    from yingji.resources.models import Equipment, Expert, RescueTeam, Shelter, Warehouse

    model = {"team": RescueTeam, "expert": Expert, "warehouse": Warehouse, "shelter": Shelter,
             "equipment": Equipment}.get(kind)
    if model is None:
        raise ValidationError({"resource_kind": f"未知的资源类型：{kind}"})
    manager: Any = model._default_manager
    found = manager.restrict(user, "view").filter(pk=resource_id).first() if user else \
        manager.filter(pk=resource_id).first()
    if found is None:
        raise ValidationError({"resource_id": "该资源不存在或不在您的数据范围内"})
    return found


def _unavailable(kind: str, resource: Any) -> str:
    """Why the resource cannot be sent now ("" when it can)."""
    if kind == "team" and not resource.available:
        return f"当前状态为“{resource.get_status_display()}”"
    if kind == "expert" and not resource.available:
        return "当前不可被调用"
    if kind == "shelter" and not resource.available:
        return f"当前状态为“{resource.get_status_display()}”"
    if kind == "equipment" and resource.status != "ready":
        return f"当前状态为“{resource.get_status_display()}”"
    return ""


def dispatch(incident: Incident, kind: str, resource_id: int, *, actor: Actor, task: str = "",
             override_reason: str = "", estimated_minutes: float | None = None,
             estimate_method: str = "", at: datetime | None = None) -> DispatchOrder:
    """Issue a dispatch order. An unavailable resource (a team not 待命, an expert not
    callable…) is refused with the reason unless ``override_reason`` is given; the refused
    attempt stays on the incident's timeline. A sent team becomes 出动."""
    check_permission(actor, DispatchOrder, "add")
    when = moment(at, field="issued_at")
    if not incident.is_open:
        raise ValidationError({"incident": "事件已结束，不能再下达调度指令"})
    resource = _resource(kind, resource_id, actor.user)
    if kind == "team" and incident.orders.filter(
            team_id=resource_id, state__in=ACTIVE_ORDER_STATES).exists():
        raise ValidationError({"resource_id": f"“{resource.name}”已在本事件执行任务，无需重复调派"})
    reason = _unavailable(kind, resource)
    override_reason = override_reason.strip()
    if reason and not override_reason:
        message = f"“{resource.name}”{reason}，不可调派；如确需调派，请填写强制调派理由"
        emit_kept("dispatch.refused", actor=actor, obj=incident,
                  summary=f"调派被拒绝：{message}", data={"kind": kind, "id": resource_id})
        raise ValidationError({"override_reason": message})
    return _issue(incident, kind, resource, actor=actor, task=task, override=override_reason,
                  unavailable=reason, minutes=estimated_minutes, method=estimate_method, when=when)


@transaction.atomic
def _issue(incident: Incident, kind: str, resource: Any, *, actor: Actor, task: str,
           override: str, unavailable: str, minutes: float | None, method: str,
           when: datetime) -> DispatchOrder:
    order = DispatchOrder(
        incident=incident, resource_kind=kind, resource_id=resource.pk,
        resource_name=resource.name, team=resource if kind == "team" else None, task=task[:200],
        estimated_minutes=None if minutes is None else Decimal(f"{minutes:.1f}"),
        estimate_method=method[:60],
        override_reason=override[:200] if unavailable else "", issued_at=when,
        issued_by=actor.user, state=DISPATCH_FLOW.initial, state_changed_at=when)
    order.full_clean()
    check_scope(actor, order)
    order.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=order, after=audit.snapshot(order))
    eta = f"，预计{minutes:g}分钟到达" if minutes is not None else ""
    forced = f"（强制调派：{unavailable}；理由：{override}）" if unavailable else ""
    events.emit("dispatch.issued", actor=actor, obj=order,
                summary=f"下达调度指令：{resource.name}（{order.get_resource_kind_display()}）"
                        f"{eta}{forced}", data={"kind": kind, "id": resource.pk})
    if kind == "team" and resource.status == "standby":
        set_team_status(resource, "deployed", actor=actor, reason=f"调派至“{incident.title}”")
    current = Incident.objects.get(pk=incident.pk)
    if current.state == "received":  # forces on the way: the incident is being handled
        from yingji.incidents.workflow import INCIDENT_FLOW

        INCIDENT_FLOW.fire(current, "respond", actor=actor)
    return order


def _record_step(order: DispatchOrder, step: str, *, actor: Actor, at: datetime | None,
                 comment: str, expected_version: int | None, longitude: float | None = None,
                 latitude: float | None = None) -> DispatchOrder:
    """Fire ``step`` on the order at ``at`` (a time before the previous step's is refused)
    with the position reported with it and the step's own side effects; the public
    per-step services below call it."""
    when = moment(at, field="at")
    previous = max(t for t in (order.issued_at, order.accepted_at, order.departed_at,
                               order.arrived_at, order.working_at, order.completed_at)
                   if t is not None)
    if when < previous:
        raise ValidationError({"at": f"时间不能早于上一环节（{_local(previous)}）"})
    if (longitude is None) != (latitude is None):
        raise ValidationError({"longitude": "经度和纬度须同时填写"})
    if longitude is not None and latitude is not None and not (
            73 <= longitude <= 136 and 3 <= latitude <= 54):
        raise ValidationError({"longitude": "位置不在中国境内，请检查经纬度是否填反"})

    def apply(locked: DispatchOrder, data: Mapping[str, Any]) -> None:
        if step in STEP_FIELD:
            setattr(locked, STEP_FIELD[step], when)
            if step == "depart" and locked.accepted_at is None:
                locked.accepted_at = when
            if step == "return" and locked.completed_at is None:
                locked.completed_at = when
        if longitude is not None and latitude is not None:
            locked.longitude, locked.latitude, locked.located_at = longitude, latitude, when

    fired = DISPATCH_FLOW.fire(order, step, actor=actor, data={"comment": comment},
                               expected_version=expected_version, apply=apply)
    if longitude is not None and latitude is not None:
        events.emit("dispatch.position", actor=actor, obj=fired,
                    summary=f"{fired.resource_name}{DISPATCH_FLOW.transition(step).label}，"
                            f"位置 {longitude:.5f}, {latitude:.5f}",
                    data={"longitude": longitude, "latitude": latitude, "step": step})
    if step == "arrive":
        target = IncidentSettings.current().arrival_target_minutes
        ok = rules.arrived_within(fired.issued_at, when, target)
        events.emit("dispatch.arrived", actor=actor, obj=fired.incident,
                    summary=f"{fired.resource_name}到达现场，用时{fired.arrival_minutes():g}分钟"
                            f"（{'在' if ok else '超过'}{target}分钟内）")
    if step in ("return", "cancel"):
        _release_team(fired, actor=actor)
    return fired


def set_team_status(team: Any, status: str, *, actor: Actor, reason: str,
                    headcount: int | None = None, members: str | None = None) -> Any:
    """Change a rescue team's status (and, when reported, its members on duty) as a
    consequence of its orders or of its own report; audited with the acting user, who
    needs no right on the resources catalogue for it."""
    from yingji.resources.models import RescueTeam, TeamStatus

    if status not in TeamStatus.values:
        raise ValidationError({"status": "队伍状态应为待命、出动或休整"})
    locked = RescueTeam.objects.select_for_update().get(pk=team.pk)
    before = audit.snapshot(locked)
    old = locked.get_status_display()
    locked.status = status
    fields = ["status"]
    if headcount is not None:
        locked.headcount, fields = headcount, [*fields, "headcount"]
    if members is not None:
        locked.members, fields = members.strip(), [*fields, "members"]
    locked.full_clean()
    locked.save(update_fields=fields)
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail=reason[:200])
    people = f"，在岗{locked.headcount}人" if headcount is not None else ""
    events.emit("rescueteam.status", actor=actor, obj=locked,
                summary=f"{locked.name}：{old} → {locked.get_status_display()}{people}（{reason}）")
    return locked


def _release_team(order: DispatchOrder, *, actor: Actor) -> None:
    """The team is 待命 again once none of its orders is active."""
    if not order.team_id:
        return
    busy = DispatchOrder.objects.filter(
        team_id=order.team_id, state__in=(*ACTIVE_ORDER_STATES, "completed")).exclude(
            pk=order.pk).exists()
    team = order.team
    if not busy and team is not None and team.status == "deployed":
        set_team_status(team, "standby", actor=actor, reason=f"“{order.incident}”任务结束归队")


@transaction.atomic
def accept_order(order: DispatchOrder, *, actor: Actor, at: datetime | None = None,
                 comment: str = "", expected_version: int | None = None,
                 longitude: float | None = None, latitude: float | None = None) -> DispatchOrder:
    """接收指令: the resource confirms it has the order."""
    return _record_step(order, "accept", actor=actor, at=at, comment=comment,
                        expected_version=expected_version, longitude=longitude,
                        latitude=latitude)


@transaction.atomic
def depart_order(order: DispatchOrder, *, actor: Actor, at: datetime | None = None,
                 comment: str = "", expected_version: int | None = None,
                 longitude: float | None = None, latitude: float | None = None) -> DispatchOrder:
    """出发 (an order not yet accepted is accepted at the same time)."""
    return _record_step(order, "depart", actor=actor, at=at, comment=comment,
                        expected_version=expected_version, longitude=longitude,
                        latitude=latitude)


@transaction.atomic
def arrive_order(order: DispatchOrder, *, actor: Actor, at: datetime | None = None,
                 comment: str = "", expected_version: int | None = None,
                 longitude: float | None = None, latitude: float | None = None) -> DispatchOrder:
    """到达现场: the arrival time counts towards the arrival-within-target rate."""
    return _record_step(order, "arrive", actor=actor, at=at, comment=comment,
                        expected_version=expected_version, longitude=longitude,
                        latitude=latitude)


@transaction.atomic
def work_order(order: DispatchOrder, *, actor: Actor, at: datetime | None = None,
               comment: str = "", expected_version: int | None = None,
               longitude: float | None = None, latitude: float | None = None) -> DispatchOrder:
    """处置中: the team on site is at work."""
    return _record_step(order, "work", actor=actor, at=at, comment=comment,
                        expected_version=expected_version, longitude=longitude,
                        latitude=latitude)


@transaction.atomic
def complete_order(order: DispatchOrder, *, actor: Actor, at: datetime | None = None,
                   comment: str = "", expected_version: int | None = None,
                 longitude: float | None = None, latitude: float | None = None) -> DispatchOrder:
    """完成任务 on site."""
    return _record_step(order, "complete", actor=actor, at=at, comment=comment,
                        expected_version=expected_version, longitude=longitude,
                        latitude=latitude)


@transaction.atomic
def return_order(order: DispatchOrder, *, actor: Actor, at: datetime | None = None,
                 comment: str = "", expected_version: int | None = None,
                 longitude: float | None = None, latitude: float | None = None) -> DispatchOrder:
    """归队: a team with no other active order is 待命 again."""
    return _record_step(order, "return", actor=actor, at=at, comment=comment,
                        expected_version=expected_version, longitude=longitude,
                        latitude=latitude)


@transaction.atomic
def cancel_order(order: DispatchOrder, *, actor: Actor, at: datetime | None = None,
                 comment: str = "", expected_version: int | None = None,
                 longitude: float | None = None, latitude: float | None = None) -> DispatchOrder:
    """撤回指令 (with the reason): a team with no other active order is 待命 again."""
    return _record_step(order, "cancel", actor=actor, at=at, comment=comment,
                        expected_version=expected_version, longitude=longitude,
                        latitude=latitude)


# The dispatch steps by workflow transition name, for the page and the API's step endpoint.
ORDER_STEPS: dict[str, Callable[..., DispatchOrder]] = {
    "accept": accept_order, "depart": depart_order, "arrive": arrive_order,
    "work": work_order, "complete": complete_order, "return": return_order, "cancel": cancel_order,
}


def _local(value: datetime) -> str:
    from django.utils import timezone

    return f"{timezone.localtime(value):%m-%d %H:%M}"


@dataclass(frozen=True)
class ArrivalRate:
    """Orders counted, arrived within the target, the rate (None without orders)."""

    orders: int
    on_time: int
    rate: float | None
    target_minutes: int


def arrival_rate_of(orders: QuerySet[DispatchOrder]) -> ArrivalRate:
    """The same rate as ``arrival_rate`` counted in the database (one aggregate), for a
    city and a period."""
    from django.db.models import Count, F, Q

    target = IncidentSettings.current().arrival_target_minutes
    counted = orders.filter(resource_kind=ResourceKind.TEAM).exclude(state="cancelled").aggregate(
        total=Count("pk"),
        on_time=Count("pk", filter=Q(arrived_at__isnull=False,
                                     arrived_at__lte=F("issued_at") + timedelta(minutes=target))))
    total, on_time = counted["total"], counted["on_time"]
    return ArrivalRate(total, on_time, on_time / total if total else None, target)


def arrival_rate(orders: QuerySet[DispatchOrder] | list[DispatchOrder], *,
                 target: int | None = None) -> ArrivalRate:
    """Arrival-within-target rate of rescue-team orders (cancelled ones excluded; an
    order not yet arrived counts as not on time). ``target`` (minutes): the settings'
    target read once by a caller that counts many incidents."""
    if target is None:
        target = IncidentSettings.current().arrival_target_minutes
    pairs = [(o.issued_at, o.arrived_at) for o in orders
             if o.resource_kind == ResourceKind.TEAM and o.state != "cancelled"]
    rate = rules.arrival_rate(pairs, target)
    on_time = sum(1 for i, a in pairs if rules.arrived_within(i, a, target))
    return ArrivalRate(len(pairs), on_time, rate, target)
