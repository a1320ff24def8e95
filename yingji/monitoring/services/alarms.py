"""Alarm services: raise / repeat / recover from the rule engine, the workflow steps
people take, escalation of unacknowledged alarms and the one-step hidden hazard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import User
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services.deadlines import close_deadline, set_deadline
from yingji.core.services.notifications import notify
from yingji.core.views.generic import object_url
from yingji.monitoring import rules
from yingji.monitoring.ingest.store import to_dt
from yingji.monitoring.models import Alarm, MonitoredObject, MonitoringSettings
from yingji.monitoring.workflow import ALARM_FLOW

if TYPE_CHECKING:
    from yingji.monitoring.ingest.pipeline import PointInfo

ACK_DEADLINE = "alarm_ack"
SYSTEM = Actor.system("monitoring")
KIND_LABEL = {"threshold": "阈值越限", "rate": "变化率异常", "stuck": "数值不变", "offline": "测点离线",
              "combination": "组合报警"}


@dataclass(frozen=True)
class PointChange:
    """A rule change of one point at one time (µs since the epoch)."""

    point: PointInfo
    change: rules.Change
    us: int


def apply_point_changes(changes: Sequence[PointChange]) -> int:
    """Raise, repeat or recover alarms for rule changes, then re-check the combination
    rule of every object touched. Returns the number of alarms raised or escalated."""
    raised = 0
    objects: set[int] = set()
    for item in changes:
        at = to_dt(item.us)
        if item.change.action == "raise":
            raise_point_alarm(item.point.spec.id, item.change.kind, level=item.change.level,
                              value=item.change.value, threshold=item.change.threshold, at=at)
            raised += 1
        else:
            recover_point_alarm(item.point.spec.id, item.change.kind, value=item.change.value, at=at)
        objects.add(item.point.object_id)
    for object_id in sorted(objects):
        raised += check_combination(object_id, at=timezone.now())
    return raised


def _message(point: Any, kind: str, level: str, value: float | None, threshold: float | None) -> str:
    what = rules.LEVEL_LABEL.get(level, KIND_LABEL[kind]) if kind == "threshold" else KIND_LABEL[kind]
    text = f"{point.monitored_object.name} {point.name}：{what}"
    if value is not None:
        text += f"，当前值{value:g}{point.unit}"
    if threshold is not None and kind == "threshold":
        text += f"（阈值{threshold:g}{point.unit}）"
    return text[:300]


@transaction.atomic
def raise_point_alarm(point_id: int, kind: str, *, level: str = "", value: float | None = None,
                      threshold: float | None = None, at: datetime) -> Alarm:
    """The open alarm of the point and rule, updated (repeat / escalation) or created
    and pushed."""
    from yingji.monitoring.models import MeasurementPoint

    point = MeasurementPoint.objects.select_related("monitored_object", "enterprise").get(pk=point_id)
    alarm = Alarm.objects.select_for_update().filter(point_id=point_id, kind=kind, is_open=True).first()
    if alarm is not None:
        return _repeat(alarm, level=level, value=value, threshold=threshold, at=at,
                       message=_message(point, kind, level or alarm.level, value, threshold))
    alarm = Alarm.objects.create(
        enterprise=point.enterprise, monitored_object=point.monitored_object, point=point, kind=kind,
        level=level, severity=rules.severity(kind, level),
        message=_message(point, kind, level, value, threshold),
        first_at=at, last_at=at, first_value=value, last_value=value, threshold=threshold,
        state=ALARM_FLOW.initial, state_changed_at=timezone.now())
    _announce_and_push(alarm)
    return alarm


def _repeat(alarm: Alarm, *, level: str, value: float | None, threshold: float | None, at: datetime,
            message: str) -> Alarm:
    before = audit.snapshot(alarm)
    alarm.count += 1
    alarm.last_at = max(alarm.last_at, at)
    alarm.last_value = value
    alarm.recovered_at = None
    escalated = bool(level) and rules.LEVEL_RANK.get(level, 0) > rules.LEVEL_RANK.get(alarm.level, 0)
    if escalated or not alarm.level:
        alarm.level = level or alarm.level
        alarm.threshold = threshold if threshold is not None else alarm.threshold
        alarm.severity = min(alarm.severity, rules.severity(alarm.kind, alarm.level))
        alarm.message = message
    alarm.save()
    audit.record(audit.AuditAction.UPDATE, actor=SYSTEM, obj=alarm, before=before,
                 after=audit.snapshot(alarm))
    events.emit("alarm.repeated", actor=SYSTEM, obj=alarm,
                summary=f"报警再次触发（第{alarm.count}次）：{alarm.message}",
                data=_live_data(alarm))
    return alarm


def _live_data(alarm: Alarm) -> dict[str, Any]:
    return {"alarm": alarm.pk, "enterprise": alarm.enterprise_id, "object": alarm.monitored_object_id,
            "point": alarm.point_id, "severity": alarm.severity, "kind": alarm.kind, "level": alarm.level,
            "state": alarm.state, "message": alarm.message, "value": alarm.last_value,
            "at": alarm.last_at.isoformat()}


def _announce_and_push(alarm: Alarm) -> None:
    """Record the new alarm, notify the enterprise, set the acknowledgement deadline
    with its escalation chain, and fire 推送."""
    audit.record(audit.AuditAction.CREATE, actor=SYSTEM, obj=alarm, after=audit.snapshot(alarm))
    events.emit("alarm.raised", actor=SYSTEM, obj=alarm, summary=f"产生报警：{alarm.message}",
                data=_live_data(alarm))
    conf = MonitoringSettings.current()
    members = enterprise_users(alarm.enterprise_id)
    link = object_url(alarm, "detail") or ""
    if members:
        notify(members, title=f"监测报警：{alarm.message}", body=alarm.message, link=link,
               level=NotificationLevel.URGENT if alarm.severity == 1 else NotificationLevel.WARNING,
               obj=alarm, actor=SYSTEM)
    set_deadline(alarm, kind=ACK_DEADLINE, title=f"签收报警：{alarm.message}"[:200],
                 due_at=timezone.now() + timedelta(minutes=conf.ack_minutes), actor=SYSTEM,
                 responsible=members[0] if members else None, escalation_chain=escalation_chain(alarm),
                 remind_before=timedelta(0), escalate_every=timedelta(minutes=conf.escalate_every_minutes),
                 link=link)

    def mark_pushed(obj: Alarm, data: Any) -> None:
        obj.pushed_at = timezone.now()

    ALARM_FLOW.fire(alarm, "push", actor=SYSTEM, apply=mark_pushed)


def enterprise_users(enterprise_id: int) -> list[User]:
    return list(User.objects.filter(enterprise_memberships__enterprise_id=enterprise_id, is_active=True)
                .order_by("id"))


def escalation_chain(alarm: Alarm) -> list[User]:
    """Enterprise → district supervisor (the enterprise's supervising officer, or a
    supervisor of its county) → city duty officer."""
    enterprise = alarm.enterprise
    region = enterprise.region_id
    chain: list[User] = []
    supervisor = enterprise.supervising_officer
    if supervisor is None:
        supervisor = (User.objects.filter(groups__name="supervisor", is_active=True, scope_region__level=3,
                                          scope_region__prefix=region[:6]).order_by("id").first())
    if supervisor is not None:
        chain.append(supervisor)
    duty = (User.objects.filter(groups__name__in=["duty_officer", "duty_leader"], is_active=True,
                                scope_region__level=2, scope_region__prefix=region[:4])
            .order_by("id").first())
    if duty is not None:
        chain.append(duty)
    return chain


@transaction.atomic
def recover_point_alarm(point_id: int, kind: str, *, value: float | None, at: datetime) -> Alarm | None:
    """The signal is back to normal: mark the open alarm recovered (消警 may follow)."""
    alarm = Alarm.objects.select_for_update().filter(point_id=point_id, kind=kind, is_open=True).first()
    if alarm is None or alarm.recovered_at is not None:
        return alarm
    return _recover(alarm, value=value, at=at)


def _recover(alarm: Alarm, *, value: float | None, at: datetime) -> Alarm:
    before = audit.snapshot(alarm)
    alarm.recovered_at = at
    if value is not None:
        alarm.last_value = value
    alarm.save(update_fields=["recovered_at", "last_value"])
    audit.record(audit.AuditAction.UPDATE, actor=SYSTEM, obj=alarm, before=before,
                 after=audit.snapshot(alarm))
    events.emit("alarm.recovered", actor=SYSTEM, obj=alarm, summary=f"监测值恢复正常：{alarm.message}",
                data=_live_data(alarm))
    return alarm


def check_combination(object_id: int, *, at: datetime) -> int:
    """Raise or recover the object's combination alarm from its points in alarm."""
    obj = MonitoredObject.objects.get(pk=object_id)
    in_alarm = (Alarm.objects.filter(monitored_object_id=object_id, is_open=True, point__isnull=False,
                                     recovered_at__isnull=True)
                .exclude(kind="offline").values("point_id").distinct().count())
    active = rules.combination_active(in_alarm, obj.combo_min_points)
    alarm = Alarm.objects.select_for_update().filter(monitored_object_id=object_id, kind="combination",
                                                     point__isnull=True, is_open=True).first()
    if active:
        message = f"{obj.name}：{in_alarm}个测点同时报警（组合报警）"
        if alarm is not None:
            if alarm.recovered_at is not None or (alarm.last_value or 0) < in_alarm:
                _repeat(alarm, level="", value=float(in_alarm), threshold=None, at=at, message=message)
                alarm.message = message
                alarm.save(update_fields=["message"])
            return 0
        alarm = Alarm.objects.create(
            enterprise_id=obj.enterprise_id, monitored_object=obj, point=None, kind="combination",
            severity=rules.severity("combination"), message=message, first_at=at, last_at=at,
            first_value=float(in_alarm), last_value=float(in_alarm), threshold=float(obj.combo_min_points),
            state=ALARM_FLOW.initial, state_changed_at=timezone.now())
        _announce_and_push(alarm)
        return 1
    if alarm is not None and alarm.recovered_at is None:
        _recover(alarm, value=float(in_alarm), at=at)
    return 0


# --- people's steps ---------------------------------------------------------------------

def acknowledge(alarm: Alarm, *, actor: Actor, expected_version: int | None = None) -> Alarm:
    """签收: who and when; stops the escalation."""
    def apply(obj: Alarm, data: Any) -> None:
        obj.acknowledged_by = actor.user
        obj.acknowledged_at = timezone.now()

    with transaction.atomic():
        alarm = ALARM_FLOW.fire(alarm, "acknowledge", actor=actor, expected_version=expected_version,
                                apply=apply)
        close_deadline(alarm, kind=ACK_DEADLINE, actor=actor)
    return alarm


def give_feedback(alarm: Alarm, *, actor: Actor, comment: str, expected_version: int | None = None) -> Alarm:
    """处置反馈: what was done (required)."""
    def apply(obj: Alarm, data: Any) -> None:
        obj.feedback = (obj.feedback + "\n" if obj.feedback else "") + comment.strip()
        obj.feedback_by = actor.user
        obj.feedback_at = timezone.now()

    return ALARM_FLOW.fire(alarm, "feedback", actor=actor, data={"comment": comment},
                           expected_version=expected_version, apply=apply)


def _end(obj: Alarm, data: Any) -> None:
    obj.is_open = False
    obj.ended_at = timezone.now()


def clear(alarm: Alarm, *, actor: Actor, comment: str = "", expected_version: int | None = None) -> Alarm:
    """消警: the signal is back to normal and the handling is reported."""
    with transaction.atomic():
        alarm = ALARM_FLOW.fire(alarm, "clear", actor=actor, data={"comment": comment},
                                expected_version=expected_version, apply=_end)
        close_deadline(alarm, kind=ACK_DEADLINE, actor=actor)
    return alarm


def close(alarm: Alarm, *, actor: Actor, comment: str, expected_version: int | None = None) -> Alarm:
    """关闭 by staff with a reason (false alarm, maintenance...)."""
    with transaction.atomic():
        alarm = ALARM_FLOW.fire(alarm, "close", actor=actor, data={"comment": comment},
                                expected_version=expected_version, apply=_end)
        close_deadline(alarm, kind=ACK_DEADLINE, actor=actor)
    return alarm


def open_alarm_groups(queryset: Any) -> list[dict[str, Any]]:
    """Open alarms grouped per monitored object, most severe first."""
    groups: dict[int, dict[str, Any]] = {}
    for alarm in queryset.filter(is_open=True).select_related("monitored_object", "enterprise", "point"):
        group = groups.setdefault(alarm.monitored_object_id, {
            "object": alarm.monitored_object, "enterprise": alarm.enterprise, "alarms": [], "severity": 9})
        group["alarms"].append(alarm)
        group["severity"] = min(group["severity"], alarm.severity)
    return sorted(groups.values(), key=lambda g: (g["severity"], -len(g["alarms"])))


@transaction.atomic
def to_hazard(alarm: Alarm, *, actor: Actor) -> int:
    """Turn the alarm into a hidden hazard (隐患) in one step, with the alarm's data and
    the point's last hour of readings attached; returns the hazard's id."""
    from django.core.exceptions import ValidationError

    from yingji.core.services.objects import check_scope
    from yingji.hazards.services import report_hazard_from_alarm

    locked = Alarm.objects.select_for_update(of=("self",)).select_related(
        "enterprise", "monitored_object", "point").get(pk=alarm.pk)
    check_scope(actor, locked)
    if locked.hazard_id:
        raise ValidationError({"hazard": f"该报警已转为隐患（编号{locked.hazard_id}）"})
    data: dict[str, Any] = {
        "alarm_id": locked.pk, "kind": locked.get_kind_display(), "level": locked.get_level_display(),
        "severity": locked.get_severity_display(), "object": locked.monitored_object.name,
        "first_at": locked.first_at.isoformat(), "last_at": locked.last_at.isoformat(),
        "count": locked.count, "first_value": locked.first_value, "last_value": locked.last_value,
        "threshold": locked.threshold,
    }
    if locked.point is not None:
        from yingji.monitoring.models import Reading

        since = locked.last_at - timedelta(hours=1)
        data["point"] = {"code": locked.point.code, "name": locked.point.name, "unit": locked.point.unit}
        data["readings"] = [[r.ts.isoformat(), r.value] for r in Reading.objects.filter(
            point_id=locked.point_id, ts__gte=since, ts__lte=locked.last_at).order_by("ts")[:720]]
    obj = locked.monitored_object
    hazard = report_hazard_from_alarm(
        actor=actor, enterprise=locked.enterprise, title=f"监测报警：{locked.message}"[:200],
        description=(f"由监测报警转入。{locked.message}；"
                     f"首次报警{timezone.localtime(locked.first_at):%Y-%m-%d %H:%M}，共{locked.count}次。"),
        data=data, latitude=obj.latitude, longitude=obj.longitude)
    before = audit.snapshot(locked)
    locked.hazard_id = hazard.pk
    locked.save(update_fields=["hazard_id"])
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail="报警转隐患")
    events.emit("alarm.to_hazard", actor=actor, obj=locked, summary=f"报警转为隐患：{hazard}",
                data={"hazard": hazard.pk})
    return int(hazard.pk)
