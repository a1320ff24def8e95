"""Tracked evacuation (转移避险): opening a point's transfer (by a warning in force, a
gauge over its threshold or a person), the responsible person's report per household,
the 八个必转 checklist and the close. The warnings and monitoring modules know nothing
of this one: the minutely job (``jobs.py``) reads their state through their services
and opens what is due."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import User
from yingji.core.services.notifications import notify
from yingji.core.services.objects import check_permission, check_scope
from yingji.flood import rules
from yingji.flood.models import (
    FloodPoint,
    FloodSettings,
    TaskState,
    TransferEntry,
    TransferReport,
    TransferTask,
    TriggerKind,
)

REPORT_PERMISSION = "flood.report_transferentry"
ALREADY_OPEN = "该风险点已有进行中的转移任务"
MOVED_TWICE = "该户已报送转移，不能重复报送"


def _ancestors(code: str) -> set[str]:
    return {code[:n].ljust(12, "0") for n in (2, 4, 6, 9, 12)}


def _contacts(point: FloodPoint) -> list[User]:
    """The login accounts of the point's responsible persons (the directory creates one
    for each person, so the 叫应 reaches people who never sign in)."""
    return [p.contact for p in point.responsible.select_related("contact")
            if p.active and p.contact is not None and p.contact.is_active]


@transaction.atomic
def open_task(point: FloodPoint, *, actor: Actor, trigger: str = TriggerKind.MANUAL,
              reason: str = "", bulletin_id: int | None = None, gauge_id: int | None = None,
              now: datetime | None = None) -> TransferTask:
    """Open the point's transfer: one entry per household of its roster, a 叫应 to each
    responsible person. A point has one open transfer at a time (refused otherwise; the
    database refuses a second one opened at the same instant)."""
    check_permission(actor, TransferTask, "add")
    check_scope(actor, point)
    if not point.active:
        raise ValidationError("该风险点已停用")
    if TransferTask.objects.filter(point=point, state=TaskState.OPEN).exists():
        raise ValidationError(ALREADY_OPEN)
    when = now or timezone.now()
    task = TransferTask(point=point, trigger=trigger, bulletin_id=bulletin_id, gauge_id=gauge_id,
                        reason=(reason or rules.trigger_text(trigger))[:300], opened_at=when,
                        opened_by=actor.label[:120])
    try:
        with transaction.atomic():
            task.save()
    except IntegrityError as exc:
        raise ValidationError(ALREADY_OPEN) from exc
    TransferEntry.objects.bulk_create(
        TransferEntry(task=task, household=h, members=h.members, vulnerable=h.vulnerable)
        for h in point.households.order_by("pk"))
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=task, after=audit.snapshot(task),
                 detail=f"启动转移：{point}，{task.reason}")
    events.emit("flood.transfer_opened", actor=actor, obj=task,
                summary=f"{point}启动转移避险：{task.reason}")
    recipients = _contacts(point)
    if recipients:
        minutes = FloodSettings.current().ack_minutes
        notify(recipients, title=f"【转移避险】{point.name}立即组织转移", obj=task, actor=actor,
               body=f"{task.reason}。请立即按预案组织{point.name}人员转移，并逐户报送转移情况。",
               link=reverse("transfertask_field", args=[task.pk]), level="urgent",
               channels=("sms",), requires_ack=True, ack_within=timedelta(minutes=minutes))
    return task


def _due_reason(point: FloodPoint, warnings: list[Any], states: dict[int, tuple[Any, Any]],
                config: FloodSettings, now: datetime) -> dict[str, Any] | None:
    """What opens ``point`` now (the highest warning first, then a gauge), or None."""
    if config.open_from_warnings:
        codes = _ancestors(point.region_id)
        for bulletin in warnings:  # highest level first
            if bulletin.codes & codes and rules.level_reaches(bulletin.level, point.trigger_level):
                return {"trigger": TriggerKind.WARNING, "bulletin_id": bulletin.pk,
                        "reason": rules.trigger_text("warning", level=bulletin.level,
                                                     title=bulletin.title)}
    if config.open_from_gauges:
        for link in point.gauges.all():
            value, read_at = states.get(link.gauge_id, (None, None))
            if rules.gauge_reaches(value, link.threshold, read_at, now, config.gauge_stale_minutes):
                return {"trigger": TriggerKind.GAUGE, "gauge_id": link.gauge_id,
                        "reason": rules.trigger_text("gauge", gauge=link.gauge.name, value=value,
                                                     threshold=link.threshold, unit=link.gauge.unit)}
    return None


def open_due_tasks(*, actor: Actor, now: datetime | None = None) -> list[TransferTask]:
    """Open the transfer of every point in use whose warning level or gauge threshold is
    reached and that has none open (the minutely job; also after a warning is issued).
    A point opened meanwhile by someone else is skipped, never opened twice."""
    from yingji.monitoring.models import PointState
    from yingji.warnings.services.in_force import bulletins_in_force

    when = now or timezone.now()
    config = FloodSettings.current()
    warnings = bulletins_in_force(when) if config.open_from_warnings else []
    points = list(FloodPoint.objects.filter(active=True).exclude(tasks__state=TaskState.OPEN)
                  .prefetch_related("gauges__gauge"))
    gauge_ids = [link.gauge_id for p in points for link in p.gauges.all()]
    states = {pk: (value, ts) for pk, value, ts in PointState.objects.filter(
        point_id__in=gauge_ids).values_list("point_id", "last_value", "last_ts")}
    opened = []
    for point in points:
        due = _due_reason(point, warnings, states, config, when)
        if due is None:
            continue
        try:
            opened.append(open_task(point, actor=actor, now=when, **due))
        except ValidationError:
            continue  # opened by someone else since the read
    return opened


def _check_reporter(actor: Actor, entry: TransferEntry) -> User:
    # A household's report is a person's word (who saw them leave): never a job's.
    if actor.user is None or not actor.user.has_perm(REPORT_PERMISSION):
        raise PermissionDenied("您没有报送转移情况的权限")
    check_scope(actor, entry)
    return actor.user


@transaction.atomic
def report_household(entry: TransferEntry, *, actor: Actor, outcome: str, people: int | None = None,
                     shelter: Any = None, note: str = "") -> TransferEntry:
    """The responsible person's report for one household: moved (how many people, to
    which shelter — the point's own by default), refused or not found. A household
    reported moved is never reported again: refused here, and the database keeps one
    'moved' report per household of a task whatever the number of phones at once."""
    reporter = _check_reporter(actor, entry)
    locked = (TransferEntry.objects.select_for_update().select_related("task", "task__point")
              .get(pk=entry.pk))
    if locked.task.state != TaskState.OPEN:
        raise ValidationError("转移任务已结束，不能再报送")
    count = locked.members if people is None else people
    problem = rules.report_refusal(locked.status, outcome, count, locked.members)
    if problem:
        raise ValidationError({"people": problem} if "人数" in problem else problem)
    if outcome == rules.MOVED:
        shelter = shelter or locked.task.point.shelter
        if shelter is None:
            raise ValidationError({"shelter": "请选择安置场所"})
    else:
        count, shelter = 0, None
    before = audit.snapshot(locked)
    when = timezone.now()
    try:
        with transaction.atomic():
            TransferReport.objects.create(entry=locked, outcome=outcome, people=count, shelter=shelter,
                                          note=note[:200], reported_by=reporter, reported_at=when)
    except IntegrityError as exc:
        raise ValidationError(MOVED_TWICE) from exc
    locked.status, locked.moved_people, locked.shelter = outcome, count, shelter
    locked.reported_at, locked.reported_by, locked.note = when, reporter, note[:200]
    locked.save(update_fields=["status", "moved_people", "shelter", "reported_at", "reported_by",
                               "note"])
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail=f"报送转移情况：{locked.household}")
    label = rules.STATUS_LABELS[outcome]
    events.emit("flood.household_reported", actor=actor, obj=locked.task,
                summary=f"{locked.task.point}：{locked.household}{label}"
                        + (f"，安置于{shelter}" if shelter else ""))
    return locked


@transaction.atomic
def check_categories(task: TransferTask, *, actor: Actor, categories: list[str],
                     expected_version: Any = None) -> TransferTask:
    """The 八个必转 checklist of the task: the categories confirmed cleared."""
    check_permission(actor, TransferEntry, "view")
    if not actor.is_system and (actor.user is None or not actor.user.has_perm(REPORT_PERMISSION)):
        raise PermissionDenied("您没有报送转移情况的权限")
    locked = TransferTask.objects.select_for_update().get(pk=task.pk)
    check_scope(actor, locked)
    if locked.state != TaskState.OPEN:
        raise ValidationError("转移任务已结束")
    problem = rules.categories_refusal(categories)
    if problem:
        raise ValidationError({"categories": problem})
    before = audit.snapshot(locked)
    locked.checked = [code for code, _ in rules.EIGHT_MUST if code in set(categories)]
    locked.save(update_fields=["checked"])
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail="八个必转排查")
    return locked


@transaction.atomic
def close_task(task: TransferTask, *, actor: Actor, note: str = "",
               expected_version: Any = None) -> TransferTask:
    """End the transfer when the danger is over (the people may go home)."""
    check_permission(actor, TransferTask, "change")
    locked = TransferTask.objects.select_for_update().get(pk=task.pk)
    check_scope(actor, locked)
    if locked.state != TaskState.OPEN:
        raise ValidationError("转移任务已结束")
    before = audit.snapshot(locked)
    locked.state, locked.closed_at = TaskState.CLOSED, timezone.now()
    locked.closed_by, locked.close_note = actor.label[:120], note[:300]
    locked.save(update_fields=["state", "closed_at", "closed_by", "close_note"])
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail=f"结束转移：{locked.point}")
    events.emit("flood.transfer_closed", actor=actor, obj=locked,
                summary=f"{locked.point}转移结束" + (f"：{note}" if note else ""))
    return locked


def open_manually(point: FloodPoint, *, actor: Actor, reason: str = "",
                  expected_version: Any = None) -> TransferTask:
    """启动转移 from the point's page (the duty officer, before any warning)."""
    return open_task(point, actor=actor, trigger=TriggerKind.MANUAL,
                     reason=f"人工启动转移：{reason}" if reason else "")

