"""Deadlines: set and close time limits on objects; the periodic check sends reminders,
marks overdue items and escalates them level by level. Everything lands on the owning
object's timeline.

A module that must do more when one of its deadlines passes (call the people who owe
the report, mark its own row) registers a handler for its kinds with ``on_overdue``
from its ``AppConfig.ready()``; the check calls it once, when it marks the deadline
overdue, in the same transaction as the mark (a failing handler is logged and leaves
the deadline unmarked for the next check; the other deadlines go on)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Deadline, User
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services.notifications import notify

logger = logging.getLogger(__name__)

OverdueHandler = Callable[[Deadline, Actor], None]
_OVERDUE_HANDLERS: list[tuple[str, OverdueHandler]] = []


def on_overdue(kind_prefix: str, handler: OverdueHandler) -> None:
    """Call ``handler(deadline, actor)`` when a deadline whose kind starts with
    ``kind_prefix`` becomes overdue (once per deadline; idempotent registration)."""
    if (kind_prefix, handler) not in _OVERDUE_HANDLERS:
        _OVERDUE_HANDLERS.append((kind_prefix, handler))


def _run_overdue_handlers(deadline: Deadline, actor: Actor) -> None:
    for prefix, handler in _OVERDUE_HANDLERS:
        if deadline.kind.startswith(prefix):
            handler(deadline, actor)


def _owner_filter(obj: models.Model, kind: str) -> dict[str, object]:
    return {"content_type": ContentType.objects.get_for_model(obj), "object_id": str(obj.pk),
            "kind": kind}


@transaction.atomic
def set_deadline(
    obj: models.Model, *, kind: str, title: str, due_at: datetime, actor: Actor,
    responsible: User | None = None, escalation_chain: Sequence[User] = (),
    remind_before: timedelta = timedelta(days=1), escalate_every: timedelta = timedelta(days=1),
    link: str = "", waiting: bool = False,
) -> Deadline:
    """Create or move the open deadline of ``kind`` on ``obj`` (one open per kind).

    ``waiting``: a period of someone else that ``responsible`` waits out (a party's
    period): never reminded, overdue or escalated; when it ends ``responsible`` is told
    and the deadline closes itself (``check_deadlines``)."""
    region = obj.scope_region_code() if hasattr(obj, "scope_region_code") else ""
    deadline = Deadline.objects.select_for_update().filter(
        **_owner_filter(obj, kind), closed_at__isnull=True).first()
    fields = {
        "title": title[:200], "due_at": due_at, "responsible": responsible,
        "escalation_chain": [u.pk for u in escalation_chain], "region_code": region or "",
        "remind_before_minutes": int(remind_before.total_seconds() // 60),
        "escalate_every_minutes": max(1, int(escalate_every.total_seconds() // 60)), "link": link,
        "waiting": waiting,
    }
    if deadline is None:
        deadline = Deadline.objects.create(**_owner_filter(obj, kind), **fields)
        summary = f"设定时限：{title}，截止{timezone.localtime(due_at):%Y-%m-%d %H:%M}"
    else:
        moved = deadline.due_at != due_at
        for name, value in fields.items():
            setattr(deadline, name, value)
        if moved:  # a new (extended) deadline starts its reminders and escalation afresh
            deadline.reminded_at = deadline.overdue_at = deadline.last_escalated_at = None
            deadline.escalation_level = 0
        deadline.save()
        summary = f"调整时限：{title}，截止{timezone.localtime(due_at):%Y-%m-%d %H:%M}"
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=deadline, after=audit.snapshot(deadline))
    events.emit("deadline.set", actor=actor, obj=obj, summary=summary, data={"kind": kind})
    return deadline


@transaction.atomic
def close_deadline(
    obj: models.Model, *, kind: str, actor: Actor, at: datetime | None = None, detail: str = ""
) -> Deadline | None:
    """Mark the open deadline of ``kind`` on ``obj`` met (on time or late) at ``at``;
    ``detail`` says why in the audit entry when it is not simply met."""
    deadline = Deadline.objects.select_for_update().filter(
        **_owner_filter(obj, kind), closed_at__isnull=True).first()
    if deadline is None:
        return None
    now = at or timezone.now()
    deadline.closed_at = now
    deadline.met_on_time = now <= deadline.due_at
    deadline.save(update_fields=["closed_at", "met_on_time"])
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=deadline, after=audit.snapshot(deadline),
                 detail=detail)
    return deadline


@dataclass
class CheckResult:
    reminded: int = 0
    overdue: int = 0
    escalated: int = 0
    elapsed: int = 0


def check_deadlines(now: datetime | None = None) -> CheckResult:
    """Remind, mark overdue and escalate; close the waiting periods that ended, telling
    their responsible person. Safe with several workers: each step is claimed with a
    conditional UPDATE, so only one worker sends a given notice."""
    now = now or timezone.now()
    actor = Actor.system("deadlines")
    result = CheckResult()
    for deadline in Deadline.objects.filter(closed_at__isnull=True, waiting=True,
                                            due_at__lte=now).select_related("responsible"):
        if _claim(deadline, set_={"closed_at": now, "met_on_time": True}):
            _tell(deadline, [deadline.responsible], actor, NotificationLevel.INFO,
                  f"期限届满：{deadline.title}", "deadline.elapsed",
                  f"期限届满：{deadline.title}，可以办理下一步")
            result.elapsed += 1
    open_ = Deadline.objects.filter(closed_at__isnull=True, waiting=False)
    for deadline in open_.filter(reminded_at__isnull=True, overdue_at__isnull=True,
                                 due_at__gt=now).select_related("responsible"):
        if deadline.due_at - timedelta(minutes=deadline.remind_before_minutes) > now:
            continue
        if _claim(deadline, reminded_at__isnull=True, set_={"reminded_at": now}):
            _tell(deadline, [deadline.responsible], actor, NotificationLevel.WARNING,
                  f"即将到期：{deadline.title}", "deadline.reminded",
                  f"时限提醒：{deadline.title}将于{timezone.localtime(deadline.due_at):%m-%d %H:%M}到期")
            result.reminded += 1
    for deadline in open_.filter(overdue_at__isnull=True, due_at__lte=now).select_related("responsible"):
        try:
            with transaction.atomic():
                if not _claim(deadline, overdue_at__isnull=True,
                              set_={"overdue_at": now, "last_escalated_at": now, "escalation_level": 1}):
                    continue
                first = _chain(deadline, 1)
                _tell(deadline, [deadline.responsible, *first], actor, NotificationLevel.URGENT,
                      f"已逾期：{deadline.title}", "deadline.overdue",
                      f"已逾期：{deadline.title}" + (f"，已报{_names(first)}督办" if first else
                                                       "，未设督办人，请责任人尽快办理"))
                deadline.overdue_at = now
                _run_overdue_handlers(deadline, actor)
        except Exception:  # one module's failing handler must not hold up every other deadline
            logger.exception("overdue handling of deadline %s (%s) failed; retried next check",
                             deadline.pk, deadline.kind)
            continue
        result.overdue += 1
    for deadline in open_.filter(overdue_at__isnull=False).select_related("responsible"):
        level = deadline.escalation_level
        if level >= len(deadline.escalation_chain):
            continue
        assert deadline.last_escalated_at is not None
        if deadline.last_escalated_at + timedelta(minutes=deadline.escalate_every_minutes) > now:
            continue
        if _claim(deadline, escalation_level=level,
                  set_={"escalation_level": level + 1, "last_escalated_at": now}):
            nxt = _chain(deadline, level + 1)
            _tell(deadline, nxt, actor, NotificationLevel.URGENT, f"逾期督办：{deadline.title}",
                  "deadline.escalated", f"逾期未办，升级督办：{_names(nxt)}")
            result.escalated += 1
    return result


def _claim(deadline: Deadline, *, set_: dict[str, object], **condition: object) -> bool:
    return bool(Deadline.objects.filter(pk=deadline.pk, closed_at__isnull=True, **condition)
                .update(**set_))


def _chain(deadline: Deadline, level: int) -> list[User]:
    """The person at escalation ``level`` (1-based), as a list (empty past the end)."""
    ids = deadline.escalation_chain[level - 1:level]
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _names(users: Sequence[User]) -> str:
    return "、".join(u.display_name for u in users)


@transaction.atomic
def _tell(deadline: Deadline, users: Sequence[User | None], actor: Actor, level: str,
          title: str, event: str, summary: str) -> None:
    recipients = [u for u in users if u is not None]
    if recipients:
        notify(recipients, title=title, body=summary, link=deadline.link, level=level,
               obj=deadline.owner, actor=actor)
    owner = deadline.owner
    if owner is not None:
        events.emit(event, actor=actor, obj=owner, summary=summary, data={"kind": deadline.kind})
