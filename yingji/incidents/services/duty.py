"""Duty (值班值守): shifts with conflict checks, roster generation from a pattern, swaps
with approval, handover with the open items carried over, the duty log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Region, User
from yingji.core.scope import region_range_q, scope_of
from yingji.core.services.objects import check_permission, check_scope
from yingji.incidents import rules
from yingji.incidents.models import (
    DutyLog,
    DutyPattern,
    DutyShift,
    Handover,
    Incident,
    InfoReport,
    ResponseTask,
    SwapRequest,
)
from yingji.incidents.models.reports import OUTSTANDING
from yingji.incidents.services.common import emit_kept
from yingji.incidents.workflow import SWAP_FLOW


def conflicts(people: Sequence[User], start: datetime, end: datetime,
              exclude: int | None = None) -> list[tuple[User, DutyShift]]:
    """(person, shift) pairs where a person already holds an overlapping shift."""
    ids = [p.pk for p in people]
    shifts = (DutyShift.objects.filter(start__lt=end, end__gt=start)
              .filter(Q(leaders__in=ids) | Q(officers__in=ids)).distinct()
              .prefetch_related("leaders", "officers"))
    if exclude:
        shifts = shifts.exclude(pk=exclude)
    out = []
    for shift in shifts:
        members = {u.pk for u in shift.leaders.all()} | {u.pk for u in shift.officers.all()}
        out += [(p, shift) for p in people if p.pk in members]
    return out


def _conflict_message(found: list[tuple[User, DutyShift]]) -> str:
    return "；".join(
        f"{person.display_name}已在{_span(shift)}（{shift.region.name}）值班" for person, shift in found
    ) + "，班次时间重叠"


def _span(shift: DutyShift) -> str:
    s, e = timezone.localtime(shift.start), timezone.localtime(shift.end)
    return f"{s:%m-%d %H:%M}至{e:%m-%d %H:%M}"


@dataclass
class ShiftResult:
    shift: DutyShift
    warning: str = ""


def create_shift(data: dict[str, Any], *, actor: Actor) -> ShiftResult:
    """Create a shift. A person on two overlapping shifts is refused (the attempt stays on
    the conflicting shift's timeline); fewer people than the pattern asks is a warning."""
    check_permission(actor, DutyShift, "add")
    start, end = data.get("start"), data.get("end")
    if start is None or end is None or end <= start:
        raise ValidationError({"end": "结束时间须晚于开始时间"})
    leaders = list(data.get("leaders") or [])
    officers = list(data.get("officers") or [])
    if not leaders:
        raise ValidationError({"leaders": "每班至少需要1名带班领导"})
    both = {u.pk for u in leaders} & {u.pk for u in officers}
    if both:
        raise ValidationError({"officers": "同一人不能在本班既任带班领导又任值班员"})
    found = conflicts([*leaders, *officers], start, end)
    if found:
        message = _conflict_message(found)
        for _, shift in found[:3]:
            emit_kept("shift.conflict", actor=actor, obj=shift,
                      summary=f"排班冲突被拒绝：{message}")
        raise ValidationError({"start": message})
    return _save_shift(data, leaders, officers, actor=actor)


@transaction.atomic
def _save_shift(data: dict[str, Any], leaders: list[User], officers: list[User], *,
                actor: Actor) -> ShiftResult:
    shift = DutyShift(region=data["region"], pattern=data.get("pattern"), start=data["start"],
                      end=data["end"], phone=data.get("phone", ""), note=data.get("note", ""))
    shift.full_clean()
    check_scope(actor, shift)
    shift.save()
    shift.leaders.set(leaders)
    shift.officers.set(officers)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=shift, after=audit.snapshot(shift))
    names = "、".join(u.display_name for u in leaders)
    events.emit("shift.created", actor=actor, obj=shift,
                summary=f"排班：{_span(shift)}，带班领导{names}，值班员{len(officers)}人")
    warning = ""
    if shift.pattern is not None:
        warning = rules.staffing_shortfall(rules.parse_pattern(shift.pattern.formula),
                                           len(leaders), len(officers))
        if warning:
            events.emit("shift.shortfall", actor=actor, obj=shift,
                        summary=f"人员不足（{shift.pattern.formula}）：{warning}")
    return ShiftResult(shift, warning)


@dataclass
class RosterResult:
    created: list[DutyShift] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def generate_roster(region: Region, pattern: DutyPattern, first_day: date, days: int, *,
                    leaders: Sequence[User], officers: Sequence[User], actor: Actor,
                    phone: str = "") -> RosterResult:
    """Shifts for ``days`` days from ``first_day`` rotating ``leaders`` and ``officers``
    in the pattern's numbers (``phone`` the duty room's number on each); days with a
    conflict are skipped and reported, not lost."""
    spec = rules.parse_pattern(pattern.formula)
    if not leaders:
        raise ValidationError({"leaders": "请至少选择1名带班领导"})
    if days < 1 or days > 92:
        raise ValidationError({"days": "天数应在1到92之间"})
    result = RosterResult()
    hours = pattern.shift_hours
    per_day = max(1, 24 // hours)
    index = 0
    for day in range(days):
        for slot in range(per_day):
            start = timezone.make_aware(datetime.combine(
                first_day + timedelta(days=day), time(pattern.start_hour))) + timedelta(
                hours=slot * hours)
            lead = [leaders[(index + k) % len(leaders)] for k in range(spec.leaders)]
            offs = ([officers[(index * spec.officers + k) % len(officers)]
                     for k in range(min(spec.officers, len(officers)))] if officers else [])
            index += 1
            try:
                created = create_shift({"region": region, "pattern": pattern, "start": start,
                                        "end": start + timedelta(hours=hours), "leaders": lead,
                                        "officers": offs, "phone": phone}, actor=actor)
            except ValidationError as exc:
                result.skipped.append(f"{timezone.localtime(start):%m-%d %H:%M}：{'；'.join(exc.messages)}")
            else:
                result.created.append(created.shift)
    return result


def current_shift(user: Any, now: datetime | None = None) -> DutyShift | None:
    """The shift on duty now for the user: the one of their own region (a city officer
    sees the city's duty room, a district officer the district's), else the broadest
    one in their scope."""
    now = now or timezone.now()
    shifts = list(DutyShift.objects.within(scope_of(user)).filter(start__lte=now, end__gt=now)
                  .select_related("region", "pattern").prefetch_related("leaders", "officers")
                  .order_by("start")[:50])
    own = getattr(user, "scope_region_id", None)
    for shift in shifts:
        if shift.region_id == own:
            return shift
    return min(shifts, key=lambda s: (s.region.level, s.region_id), default=None)


@transaction.atomic
def request_swap(shift: DutyShift, *, from_user: User, to_user: User, reason: str,
                 actor: Actor) -> SwapRequest:
    check_permission(actor, SwapRequest, "add")
    check_scope(actor, shift)
    members = set(shift.leaders.values_list("pk", flat=True)) | set(
        shift.officers.values_list("pk", flat=True))
    if from_user.pk not in members:
        raise ValidationError({"from_user": f"{from_user.display_name}不在该班次"})
    if to_user.pk in members:
        raise ValidationError({"to_user": f"{to_user.display_name}已在该班次"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写换班理由"})
    found = conflicts([to_user], shift.start, shift.end, exclude=shift.pk)
    if found:
        raise ValidationError({"to_user": _conflict_message(found)})
    swap = SwapRequest.objects.create(shift=shift, from_user=from_user, to_user=to_user,
                                      reason=reason.strip(), requested_by=actor.user,
                                      state=SWAP_FLOW.initial)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=swap, after=audit.snapshot(swap))
    events.emit("swap.requested", actor=actor, obj=shift,
                summary=f"换班申请：{from_user.display_name}→{to_user.display_name}（{reason[:60]}）")
    return swap


@transaction.atomic
def approve_swap(swap: SwapRequest, *, actor: Actor, comment: str = "") -> SwapRequest:
    """批准换班: the shift's member is replaced (the new person's conflicts checked again)."""
    def apply(locked: SwapRequest, data: Mapping[str, Any]) -> None:
        shift = locked.shift
        found = conflicts([locked.to_user], shift.start, shift.end, exclude=shift.pk)
        if found:
            raise ValidationError({"to_user": _conflict_message(found)})
        if shift.leaders.filter(pk=locked.from_user_id).exists():
            shift.leaders.remove(locked.from_user)
            shift.leaders.add(locked.to_user)
        else:
            shift.officers.remove(locked.from_user)
            shift.officers.add(locked.to_user)
        events.emit("shift.swapped", actor=actor, obj=shift,
                    summary=f"换班生效：{locked.from_user.display_name}→{locked.to_user.display_name}")

    return SWAP_FLOW.fire(swap, "approve", actor=actor, data={"comment": comment}, apply=apply)


@transaction.atomic
def reject_swap(swap: SwapRequest, *, actor: Actor, comment: str) -> SwapRequest:
    """驳回 a swap request (with the reason); the shift stays as it was."""
    return SWAP_FLOW.fire(swap, "reject", actor=actor, data={"comment": comment})


def open_items(shift: DutyShift, user: Any) -> list[dict[str, Any]]:
    """What the next shift must carry on: open incidents, pending reports, open tasks in
    the shift's region (and the user's scope)."""
    prefix = shift.region.prefix
    incidents = (Incident.objects.restrict(user, "view").filter(region_range_q("region", prefix),
                 state__in=("received", "responding")).order_by("received_at")[:50])
    items: list[dict[str, Any]] = [
        {"kind": "incident", "id": i.pk, "text": f"处置中事件：{i.title}（{i.grade_display}）"}
        for i in incidents]
    pending = (InfoReport.objects.restrict(user, "view").filter(
        region_range_q("incident__region", prefix), status__in=OUTSTANDING)
        .select_related("incident").order_by("due_at")[:50])
    items += [{"kind": "report", "id": r.pk,
               "text": f"待报送：{r}，时限{timezone.localtime(r.due_at):%m-%d %H:%M}" if r.due_at
               else f"待报送：{r}"} for r in pending]
    tasks = (ResponseTask.objects.restrict(user, "view").filter(
        region_range_q("incident__region", prefix)).exclude(state="done").order_by("due_at")[:50])
    items += [{"kind": "task", "id": t.pk, "text": f"未办结任务：{t.title}"} for t in tasks]
    return items


@transaction.atomic
def hand_over(from_shift: DutyShift, to_shift: DutyShift, *, actor: Actor,
              notes: str = "") -> Handover:
    check_permission(actor, Handover, "add")
    check_scope(actor, from_shift)
    check_scope(actor, to_shift)
    if to_shift.start < from_shift.start:
        raise ValidationError({"to_shift": "接班班次须在交班班次之后"})
    items = open_items(from_shift, actor.user)
    handover = Handover.objects.create(from_shift=from_shift, to_shift=to_shift,
                                       open_items=items, notes=notes, handed_by=actor.user,
                                       handed_at=timezone.now())
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=handover,
                 after=audit.snapshot(handover))
    events.emit("shift.handover", actor=actor, obj=from_shift,
                summary=f"交班：移交事项{len(items)}项")
    return handover


@transaction.atomic
def confirm_handover(handover: Handover, *, actor: Actor) -> Handover:
    check_permission(actor, Handover, "change")
    locked = Handover.objects.select_for_update().get(pk=handover.pk)
    check_scope(actor, locked)
    if locked.received_at is not None:
        raise ValidationError({"received_by": "已确认接班"})
    locked.received_by = actor.user
    locked.received_at = timezone.now()
    locked.save()
    events.emit("shift.received", actor=actor, obj=locked.to_shift,
                summary=f"接班确认：{len(locked.open_items)}项移交事项已接收")
    return locked


@transaction.atomic
def add_log(shift: DutyShift, content: str, *, actor: Actor, incident: Incident | None = None,
            at: datetime | None = None) -> DutyLog:
    check_permission(actor, DutyLog, "add")
    check_scope(actor, shift)
    if not content.strip():
        raise ValidationError({"content": "请填写日志内容"})
    log = DutyLog.objects.create(shift=shift, time=at or timezone.now(), content=content.strip(),
                                 incident=incident, author=actor.user)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=log, after=audit.snapshot(log))
    events.emit("shift.log", actor=actor, obj=shift, summary=f"值班日志：{content[:80]}")
    return log
