"""叫应: answers (web, link, SMS reply, telephone), the deadline check that sends again
and escalates, and the subject's timeline."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Notification, User
from yingji.core.models.notifications import DeliveryStatus, NotificationLevel
from yingji.core.personal.fields import matches
from yingji.core.services.notifications.common import (
    ACK_BY_PHONE,
    ACK_TIME_TOLERANCE,
    ACK_VIA,
)
from yingji.core.services.notifications.sending import (
    _enqueue,
    _store,
    _store_deliveries,
    schedule_ack_checks,
)


@transaction.atomic
def acknowledge(notification: Notification, *, via: str, actor: Actor,
                answered_at: datetime | None = None) -> bool:
    """Record the recipient's answer (叫应). Returns False if it was already answered.

    ``via="phone"`` records an answer the recipient gave by telephone: ``actor`` is the
    staff member who took the call (kept as ``ack_recorded_by`` and as the actor of the
    audit entry), ``answered_at`` when it was given (default now; neither before the
    message nor in the future). The caller checks that the recorder may act on the
    message's subject; the recipient's own inbox stays unread."""
    if via not in ACK_VIA:
        raise ValueError(f"unknown acknowledgement channel {via!r}")
    if via == ACK_BY_PHONE:
        return _acknowledge_by_phone(notification, actor=actor, answered_at=answered_at)
    if answered_at is not None:
        raise ValueError("only an answer recorded by phone has its own time")
    if actor.user is not None and actor.user.pk != notification.recipient_id:
        raise PermissionError("只能确认发给自己的消息")
    now = timezone.now()
    answered = Notification.objects.filter(
        pk=notification.pk, requires_ack=True, acked_at__isnull=True
    ).update(acked_at=now, ack_via=via, read_at=Coalesce("read_at", now), ack_check_at=None)
    if not answered:
        return False
    notification.refresh_from_db()
    recipient = notification.recipient
    who = Actor(user=recipient, ip=actor.ip, request_id=actor.request_id)
    audit.record(audit.AuditAction.UPDATE, actor=who, obj=notification,
                 detail=f"叫应确认（{ACK_VIA[via]}）：{notification.title}")
    _subject_event(notification, who, "notification.acked",
                   f"{recipient.display_name}已叫应（{ACK_VIA[via]}）")
    return True


def _acknowledge_by_phone(notification: Notification, *, actor: Actor,
                          answered_at: datetime | None) -> bool:
    recorder = actor.user
    if recorder is None:
        raise PermissionError("电话叫应须由登录的工作人员登记")
    now = timezone.now()
    at = answered_at or now
    if at > now + ACK_TIME_TOLERANCE:
        raise ValidationError({"answered_at": "确认时间不能晚于当前时间"})
    if at < notification.created_at - ACK_TIME_TOLERANCE:
        raise ValidationError({"answered_at": "确认时间不能早于通知发出时间"})
    at = max(at, notification.created_at)  # a time typed to the minute, in the sending minute
    answered = Notification.objects.filter(
        pk=notification.pk, requires_ack=True, acked_at__isnull=True
    ).update(acked_at=at, ack_via=ACK_BY_PHONE, ack_recorded_by=recorder, ack_check_at=None)
    if not answered:
        return False
    notification.refresh_from_db()
    name = notification.recipient.display_name
    when = f"{timezone.localtime(at):%m-%d %H:%M}"
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=notification,
                 detail=f"电话叫应登记：{name}于{when}电话确认收到，{recorder.display_name}登记："
                        f"{notification.title}")
    _subject_event(notification, actor, "notification.acked",
                   f"{name}已叫应（电话，{when}，{recorder.display_name}登记）")
    return True


def ack_by_sms_reply(phone: str, content: str) -> Notification | None:
    """An SMS reply from ``phone``: "1", "收到" or "确认" answers the latest open call."""
    if content.strip() not in {"1", "收到", "确认", "已收到"}:
        return None
    note = (Notification.objects.filter(matches(Notification, "recipient__phone", phone),
                                        requires_ack=True, acked_at__isnull=True)
            .select_related("recipient").order_by("-created_at").first())
    if note is None:
        return None
    acknowledge(note, via="sms", actor=Actor.system("sms-callback"))
    return note


@dataclass
class AckCheck:
    renotified: int = 0
    escalated: int = 0


# Calls handled per transaction by one check; a larger backlog takes several rounds.
CHECK_ROUND = 5000


def check_acknowledgements(now: datetime | None = None) -> AckCheck:
    """Re-send unanswered calls once, then escalate one level per interval.

    Due calls are found through the partial index on ``ack_check_at`` and handled in
    bulk: per round one locking SELECT (``SKIP LOCKED`` on PostgreSQL, so parallel
    checks never take the same call; SQLite transactions are IMMEDIATE and queue), a
    few UPDATEs, bulk INSERTs of the re-sent deliveries, the escalation messages and
    the timeline events. Runs at each due time (scheduled by ``notify``) and once a
    minute as a safety net."""
    now = now or timezone.now()
    actor = Actor.system("ack-check")
    result = AckCheck()
    while True:
        handled = _check_round(now, actor, result)
        if handled < CHECK_ROUND:
            return result


@transaction.atomic
def _check_round(now: datetime, actor: Actor, result: AckCheck) -> int:
    due = list(Notification.objects
               .filter(ack_check_at__lte=now, acked_at__isnull=True, requires_ack=True)
               .select_for_update(skip_locked=True, of=("self",))
               .select_related("recipient").order_by("ack_check_at", "pk")[:CHECK_ROUND])
    if not due:
        return 0
    resend = [n for n in due if n.renotify_count == 0]
    escalate = [n for n in due if n.renotify_count > 0
                and n.escalation_level < len(n.escalation_chain)]
    done = {n.pk for n in due} - {n.pk for n in resend} - {n.pk for n in escalate}
    next_checks: set[datetime] = set()
    for within, group in _by_interval(resend).items():
        next_due = now + within
        Notification.objects.filter(pk__in=[n.pk for n in group]).update(
            renotify_count=1, ack_due_at=next_due, ack_check_at=next_due)
        next_checks.add(next_due)
    for within, group in _by_interval(escalate).items():
        next_due = now + within
        Notification.objects.filter(pk__in=[n.pk for n in group]).update(
            escalation_level=models.F("escalation_level") + 1, ack_due_at=next_due,
            ack_check_at=next_due)
        next_checks.add(next_due)
    if done:  # answered by nobody and nobody left to tell: stop looking at them
        Notification.objects.filter(pk__in=done).update(ack_check_at=None)

    specs: list[tuple[Notification, str, str]] = []
    deliveries = _store_deliveries(resend)
    for note in resend:
        specs.append((note, "notification.renotified",
                      f"{note.recipient.display_name}未叫应，已重新发送"))
    result.renotified += len(resend)
    bosses = User.objects.in_bulk({n.escalation_chain[n.escalation_level] for n in escalate})
    up: list[Notification] = []
    for note in escalate:
        boss = bosses.get(note.escalation_chain[note.escalation_level])
        if boss is None or not boss.is_active:
            continue
        up.append(Notification(
            recipient=boss, title=f"未叫应上报：{note.title}"[:200],
            body=(f"{note.recipient.display_name}（{note.recipient.phone}）"
                  f"超过时限未确认收到，请督促落实。\n{note.body}"),
            link=note.link, level=NotificationLevel.URGENT, channels=list(note.channels)))
        specs.append((note, "notification.escalated",
                      f"{note.recipient.display_name}未叫应，已上报{boss.display_name}"))
        result.escalated += 1
    _store(up)
    _subject_events(specs, actor)
    pending = [pk for pk, status in deliveries if status == DeliveryStatus.PENDING]

    def after_commit() -> None:
        if pending:
            _enqueue(pending)
        schedule_ack_checks(next_checks)

    # Robust: a queue outage after commit is logged, not raised into the request; the
    # minutely sweeps re-queue the deliveries and run the checks.
    transaction.on_commit(after_commit, robust=True)
    return len(due)


def _by_interval(notes: Iterable[Notification]) -> dict[timedelta, list[Notification]]:
    groups: dict[timedelta, list[Notification]] = {}
    for note in notes:
        groups.setdefault(timedelta(minutes=note.ack_within_minutes), []).append(note)
    return groups


def _subject_events(specs: Sequence[tuple[Notification, str, str]], actor: Actor) -> None:
    """Put acknowledgement steps on the timelines of the messages' subjects (one query
    per subject model, one INSERT for all the events)."""
    from django.apps import apps

    wanted: dict[str, set[str]] = {}
    for note, _, _ in specs:
        if note.object_type:
            wanted.setdefault(note.object_type, set()).add(note.object_id)
    subjects: dict[tuple[str, str], models.Model] = {}
    for object_type, ids in wanted.items():
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            continue
        for pk, subject in model._default_manager.in_bulk(list(ids)).items():
            subjects[(object_type, str(pk))] = subject
    events.emit_many([
        events.EventSpec(event, subjects[(note.object_type, note.object_id)], summary,
                         {"notification": note.pk, "recipient": note.recipient_id})
        for note, event, summary in specs if (note.object_type, note.object_id) in subjects
    ], actor=actor)


def _subject_event(note: Notification, actor: Actor, event: str, summary: str) -> None:
    """Put an acknowledgement step on the timeline of the message's subject."""
    from django.apps import apps

    if not note.object_type:
        return
    try:
        model = apps.get_model(note.object_type)
    except (LookupError, ValueError):
        return
    subject = model._default_manager.filter(pk=note.object_id).first()
    if subject is not None:
        events.emit(event, actor=actor, obj=subject, summary=summary,
                    data={"notification": note.pk, "recipient": note.recipient_id})
