"""Alarm services: raise / repeat / recover from the rule engine, the workflow steps
people take, escalation of unacknowledged alarms and the one-step hidden hazard.

Alarms from the rules arrive as plain ``PointChange`` rows (``apply_point_changes``,
called by the ingest pipeline and the offline check). A new alarm is written with one
audit entry and one domain event; the entries and events of a whole run are written
in bulk at its end (``journal``), so an alarm storm locks the audit chain only briefly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Deadline, User
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services.deadlines import close_deadline
from yingji.core.services.notifications import notify
from yingji.core.views.generic import object_url
from yingji.core.workflow import TransitionRefused
from yingji.monitoring import rules
from yingji.monitoring.ingest.store import to_dt
from yingji.monitoring.ingest.types import PointChange
from yingji.monitoring.models import Alarm, MeasurementPoint, MonitoredObject, MonitoringSettings
from yingji.monitoring.services.journal import Journal
from yingji.monitoring.workflow import ALARM_FLOW

ACK_DEADLINE = "alarm_ack"
SYSTEM = Actor.system("monitoring")
KIND_LABEL = {"threshold": "阈值越限", "rate": "变化率异常", "stuck": "数值不变", "offline": "测点离线",
              "combination": "组合报警"}


def _message(point: Any, kind: str, level: str, value: float | None, threshold: float | None) -> str:
    what = rules.LEVEL_LABEL.get(level, KIND_LABEL[kind]) if kind == "threshold" else KIND_LABEL[kind]
    text = f"{point.monitored_object.name} {point.name}：{what}"
    if value is not None:
        text += f"，当前值{value:g}{point.unit}"
    if threshold is not None and kind == "threshold":
        text += f"（阈值{threshold:g}{point.unit}）"
    return text[:300]


def screen(alarm: Alarm) -> dict[str, Any]:
    """What a live page shows of an alarm (the cockpit feed's line): carried by the
    alarm's live events and kept as their data."""
    return {"id": alarm.pk, "enterprise": alarm.enterprise_id, "enterprise_name": alarm.enterprise.name,
            "object": alarm.monitored_object_id, "point": alarm.point_id, "severity": alarm.severity,
            "severity_display": alarm.get_severity_display(), "kind": alarm.kind, "level": alarm.level,
            "state": alarm.state, "message": alarm.message, "value": alarm.last_value,
            "last_at": alarm.last_at.isoformat()}


@dataclass
class _Run:
    """One run of alarm changes: what it has read once, and what it writes at its end."""

    journal: Journal
    conf: MonitoringSettings
    points: dict[int, MeasurementPoint]
    open: dict[tuple[int, str], Alarm]
    new: list[Alarm] = field(default_factory=list)
    members: dict[int, list[User]] = field(default_factory=dict)
    chains: dict[int, list[User]] = field(default_factory=dict)


@transaction.atomic
def apply_point_changes(changes: Sequence[PointChange], *, actor: Actor = SYSTEM) -> int:
    """Raise, repeat or recover alarms for rule changes, then re-check the combination
    rule of every object touched. Returns the number of alarms raised or escalated.

    The points and their open alarms are read (and locked) in two statements; new
    alarms are notified and get their acknowledgement deadline in bulk; the audit
    entries and events of the run go in last (see ``journal``)."""
    if not changes:
        return 0
    point_ids = sorted({c.point_id for c in changes})
    run = _Run(
        Journal(actor), MonitoringSettings.current(),
        MeasurementPoint.objects.select_related("monitored_object", "enterprise").in_bulk(point_ids),
        {(a.point_id, a.kind): a for a in Alarm.objects.select_for_update(of=("self",)).filter(
            point_id__in=point_ids, is_open=True).select_related("enterprise").order_by("id")})
    raised = 0
    objects: set[int] = set()
    for item in changes:
        point = run.points.get(item.point_id)
        if point is None:  # removed since the cache was read
            continue
        change, at = item.change, to_dt(item.us)
        alarm = run.open.get((item.point_id, change.kind))
        if change.action == "raise":
            raised += 1
            if alarm is None:
                run.open[(item.point_id, change.kind)] = _create(
                    run, point, kind=change.kind, level=change.level, value=change.value,
                    threshold=change.threshold, at=at)
            else:
                _repeat(run, alarm, level=change.level, value=change.value, threshold=change.threshold, at=at,
                        message=_message(point, change.kind, change.level or alarm.level, change.value,
                                         change.threshold))
        elif alarm is not None and alarm.recovered_at is None:
            _recover(run, alarm, value=change.value, at=at)
        objects.add(item.object_id)
    now = timezone.now()
    for object_id in sorted(objects):
        raised += _check_combination(run, object_id, at=now)
    _announce(run)
    run.journal.write()
    return raised


def _create(run: _Run, point: MeasurementPoint | None, *, kind: str, level: str, value: float | None,
            threshold: float | None, at: datetime, obj: MonitoredObject | None = None,
            message: str = "") -> Alarm:
    """A new alarm, pushed at once: its notification and deadline follow in ``_announce``."""
    now = timezone.now()
    obj = obj or (point.monitored_object if point is not None else None)
    assert obj is not None
    enterprise = point.enterprise if point is not None else obj.enterprise
    alarm = Alarm.objects.create(
        enterprise=enterprise, monitored_object=obj, point=point, kind=kind, level=level,
        severity=rules.severity(kind, level),
        message=message or _message(point, kind, level, value, threshold),
        first_at=at, last_at=at, first_value=value, last_value=value, threshold=threshold,
        state="pushed", state_changed_at=now, pushed_at=now)
    run.new.append(alarm)
    return alarm


def _repeat(run: _Run, alarm: Alarm, *, level: str, value: float | None, threshold: float | None,
            at: datetime, message: str) -> None:
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
    run.journal.audit(audit.AuditAction.UPDATE, alarm, before=before, after=audit.snapshot(alarm),
                      detail=f"报警再次触发（第{alarm.count}次）")
    shown = screen(alarm)
    run.journal.event("alarm.repeated", alarm, f"报警再次触发（第{alarm.count}次）：{alarm.message}",
                      shown, shown)


def _recover(run: _Run, alarm: Alarm, *, value: float | None, at: datetime) -> None:
    """The signal is back to normal: mark the open alarm recovered (消警 may follow)."""
    before = audit.snapshot(alarm)
    alarm.recovered_at = at
    if value is not None:
        alarm.last_value = value
    alarm.save(update_fields=["recovered_at", "last_value"])
    run.journal.audit(audit.AuditAction.UPDATE, alarm, before=before, after=audit.snapshot(alarm),
                      detail="监测值恢复正常")
    shown = screen(alarm)
    run.journal.event("alarm.recovered", alarm, f"监测值恢复正常：{alarm.message}", shown, shown)


def _check_combination(run: _Run, object_id: int, *, at: datetime) -> int:
    """Raise or recover the object's combination alarm from its points in alarm."""
    obj = MonitoredObject.objects.select_related("enterprise").get(pk=object_id)
    in_alarm = (Alarm.objects.filter(monitored_object_id=object_id, is_open=True, point__isnull=False,
                                     recovered_at__isnull=True)
                .exclude(kind="offline").values("point_id").distinct().count())
    active = rules.combination_active(in_alarm, obj.combo_min_points)
    alarm = Alarm.objects.select_for_update(of=("self",)).select_related("enterprise").filter(
        monitored_object_id=object_id, kind="combination", point__isnull=True, is_open=True).first()
    if active:
        message = f"{obj.name}：{in_alarm}个测点同时报警（组合报警）"
        if alarm is not None:
            if alarm.recovered_at is not None or (alarm.last_value or 0) < in_alarm:
                _repeat(run, alarm, level="", value=float(in_alarm), threshold=None, at=at, message=message)
            return 0
        alarm = _create(run, None, obj=obj, kind="combination", level="", value=float(in_alarm),
                        threshold=float(obj.combo_min_points), at=at, message=message)
        return 1
    if alarm is not None and alarm.recovered_at is None:
        _recover(run, alarm, value=float(in_alarm), at=at)
    return 0


def _announce(run: _Run) -> None:
    """For each new alarm: notify the enterprise, set the acknowledgement deadline with
    its escalation chain, and record it (one audit entry, one event, both naming the
    push and the deadline)."""
    if not run.new:
        return
    due = timezone.now() + timedelta(minutes=run.conf.ack_minutes)
    alarm_type = ContentType.objects.get_for_model(Alarm)
    deadlines = []
    for alarm in run.new:
        members = run.members.get(alarm.enterprise_id)
        if members is None:
            members = run.members[alarm.enterprise_id] = enterprise_users(alarm.enterprise_id)
        chain = run.chains.get(alarm.enterprise_id)
        if chain is None:
            chain = run.chains[alarm.enterprise_id] = escalation_chain(alarm)
        link = object_url(alarm, "detail") or ""
        if members:
            notify(members, title=f"监测报警：{alarm.message}", body=alarm.message, link=link,
                   level=NotificationLevel.URGENT if alarm.severity == 1 else NotificationLevel.WARNING,
                   obj=alarm, actor=run.journal.actor)
        deadlines.append(Deadline(
            content_type=alarm_type, object_id=str(alarm.pk), kind=ACK_DEADLINE,
            title=f"签收报警：{alarm.message}"[:200], due_at=due, responsible=members[0] if members else None,
            escalation_chain=[u.pk for u in chain], region_code=alarm.scope_region_code() or "",
            remind_before_minutes=0, escalate_every_minutes=max(1, run.conf.escalate_every_minutes),
            link=link))
        pushed = f"已推送{len(members)}个企业账号" if members else "企业无账号，未推送"
        limit = f"签收时限{timezone.localtime(due):%m-%d %H:%M}"
        run.journal.audit(audit.AuditAction.CREATE, alarm, after=audit.snapshot(alarm),
                          detail=f"产生报警；{pushed}；{limit}")
        shown = screen(alarm)
        run.journal.event("alarm.raised", alarm, f"产生报警：{alarm.message}（{pushed}，{limit}）",
                          shown, shown)
    Deadline.objects.bulk_create(deadlines, batch_size=1000)


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


# --- people's steps ---------------------------------------------------------------------

# One function per step (the workflow's transition of the same name); ``steps.STEPS``
# declares each step's inputs once for the page and the API.

@transaction.atomic
def do_acknowledge(alarm: Alarm, *, actor: Actor, expected_version: int | None = None) -> Alarm:
    """签收: who and when; stops the escalation."""
    def apply(obj: Alarm, data: Any) -> None:
        obj.acknowledged_by = actor.user
        obj.acknowledged_at = timezone.now()

    alarm = ALARM_FLOW.fire(alarm, "acknowledge", actor=actor, expected_version=expected_version, apply=apply)
    close_deadline(alarm, kind=ACK_DEADLINE, actor=actor)
    return alarm


@transaction.atomic
def do_give_feedback(alarm: Alarm, *, actor: Actor, comment: str,
                     expected_version: int | None = None) -> Alarm:
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


@transaction.atomic
def do_clear(alarm: Alarm, *, actor: Actor, comment: str = "", expected_version: int | None = None) -> Alarm:
    """消警: the signal is back to normal and the handling is reported."""
    alarm = ALARM_FLOW.fire(alarm, "clear", actor=actor, data={"comment": comment},
                            expected_version=expected_version, apply=_end)
    close_deadline(alarm, kind=ACK_DEADLINE, actor=actor)
    return alarm


@transaction.atomic
def do_close(alarm: Alarm, *, actor: Actor, comment: str, expected_version: int | None = None) -> Alarm:
    """关闭 by staff with a reason (false alarm, maintenance...)."""
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
def do_to_hazard(alarm: Alarm, *, actor: Actor) -> int:
    """Turn the alarm into a hidden hazard (隐患) in one step, with the alarm's data and
    the point's last hour of readings attached; returns the hazard's id."""
    from yingji.core.services.objects import check_scope
    from yingji.hazards.services import report_hazard_from_alarm

    locked = Alarm.objects.select_for_update(of=("self",)).select_related(
        "enterprise", "monitored_object", "point").get(pk=alarm.pk)
    check_scope(actor, locked)
    if locked.hazard_id:
        raise TransitionRefused({"hazard": f"该报警已转为隐患（编号{locked.hazard_id}）"})
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
