"""Notifications (站内消息) and call-and-acknowledge (叫应).

``notify`` stores one in-app message per recipient and, for each further channel asked
for, a ``Delivery`` that a background job carries (with retries). A message may require
acknowledgement: answered in the web app, through the signed link in the message, or by
SMS reply. Unanswered by its deadline it is sent again once, then escalated one level
up ``escalation_chain`` per interval; every step lands on the subject's timeline.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from yingji.core import audit, events, live
from yingji.core.actor import Actor
from yingji.core.audit import object_type_of
from yingji.core.channels import CHANNELS, ChannelError, Message
from yingji.core.models import Delivery, Notification, User
from yingji.core.models.notifications import DeliveryStatus, NotificationLevel

M = TypeVar("M", bound=models.Model)

ACK_SALT = "yingji.ack"
ACK_VIA = {"web": "网页", "link": "短信链接", "sms": "短信回复", "phone": "电话"}
# An answer taken by telephone and recorded by a staff member on the recipient's behalf.
ACK_BY_PHONE = "phone"
# How far a recorded answer time may lie outside [sent, now]: clock skew, and a time
# typed to the minute.
ACK_TIME_TOLERANCE = timedelta(minutes=1)
MAX_ATTEMPTS = 3

logger = logging.getLogger(__name__)


# Rows per INSERT; SQLite's variable limit makes Django split smaller batches itself.
BULK_ROWS = 2000


@transaction.atomic
def notify(
    recipients: Iterable[User],
    *,
    title: str,
    body: str = "",
    link: str = "",
    level: str = NotificationLevel.INFO,
    obj: models.Model | None = None,
    actor: Actor,
    channels: Sequence[str] = (),
    requires_ack: bool = False,
    ack_within: timedelta = timedelta(minutes=30),
    escalation_chain: Sequence[User] = (),
    escalation_chains: Mapping[int, Sequence[User]] | None = None,
) -> list[Notification]:
    """Send one message to each recipient in-app and over ``channels``.

    ``escalation_chains`` gives each recipient (by user id) their own chain, so a
    bulletin to a whole city is one call even though every village has its own leaders.

    However many recipients, the rows go in with a few bulk INSERTs, and after commit one
    callback queues the deliveries in batches, pushes the live messages and schedules the
    acknowledgement check at the due time."""
    unknown = [c for c in channels if c not in CHANNELS]
    if unknown:
        raise ValueError(f"unknown channels {unknown}")
    object_type = object_type_of(obj) if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    due = timezone.now() + ack_within if requires_ack else None
    chain = [u.pk for u in escalation_chain]
    chains = {pk: [u.pk for u in users] for pk, users in (escalation_chains or {}).items()}
    notes = [
        Notification(
            recipient=user, title=title[:200], body=body, link=link, level=level,
            object_type=object_type, object_id=object_id, channels=list(channels),
            requires_ack=requires_ack, ack_within_minutes=int(ack_within.total_seconds() // 60),
            ack_due_at=due, ack_check_at=due, escalation_chain=chains.get(user.pk, chain),
        )
        for user in {u.pk: u for u in recipients}.values()
    ]
    return _store(notes)


def _store(notes: list[Notification]) -> list[Notification]:
    """Insert prepared messages and their deliveries; queue the rest for after commit."""
    if not notes:
        return []
    _insert(Notification, notes)
    deliveries = _store_deliveries(notes)
    messages = [{"type": "notification", "user": n.recipient_id, "id": n.pk, "title": n.title,
                 "level": n.level, "link": n.link} for n in notes]
    pending = [pk for pk, status in deliveries if status == DeliveryStatus.PENDING]
    dues = {n.ack_check_at for n in notes if n.ack_check_at is not None}

    def after_commit() -> None:
        live.publish_many(messages)
        if pending:
            _enqueue(pending)
        if dues:
            schedule_ack_checks(dues)

    # Robust: a queue outage after commit is logged, not raised into the request; the
    # minutely sweeps re-queue the deliveries and run the checks.
    transaction.on_commit(after_commit, robust=True)
    return notes


def _store_deliveries(notes: Sequence[Notification]) -> list[tuple[int, str]]:
    """One Delivery per message and channel (``note.channels``), in bulk; a recipient
    the channel cannot reach is marked skipped, not failed. Returns (id, status) pairs."""
    now = timezone.now()
    rows = []
    for note in notes:
        for code in note.channels:
            address = CHANNELS[code].address_of(note.recipient)
            rows.append({"notification_id": note.pk, "channel": code, "address": address,
                         "status": DeliveryStatus.PENDING if address else DeliveryStatus.SKIPPED,
                         "next_attempt_at": now if address else None})
    if _copying(rows):
        ids = _copy(Delivery, rows)
    else:
        ids = [d.pk for d in Delivery.objects.bulk_create([Delivery(**r) for r in rows],
                                                          batch_size=BULK_ROWS)]
    return [(pk, str(row["status"])) for pk, row in zip(ids, rows, strict=True)]


# From this many rows on PostgreSQL, COPY replaces INSERT (a city-wide warning).
COPY_FROM = 500


def _copying(rows: Sequence[object]) -> bool:
    return connection.vendor == "postgresql" and len(rows) >= COPY_FROM


def _insert(model: type[M], objs: list[M]) -> list[M]:
    """Insert ``objs`` and set their primary keys (``bulk_create``, or COPY for large
    batches on PostgreSQL)."""
    if not _copying(objs):
        return model._default_manager.bulk_create(objs, batch_size=BULK_ROWS) if objs else []
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.pk]
    now = timezone.now()
    ids = _copy(model, [{f.attname: getattr(obj, f.attname) for f in fields} for obj in objs], now)
    stamped = [f.attname for f in fields
               if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)]
    for pk, obj in zip(ids, objs, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
        for attname in stamped:
            setattr(obj, attname, now)
    return objs


def _copy(model: type[models.Model], rows: list[dict[str, Any]],
          now: datetime | None = None) -> list[int]:
    """PostgreSQL: insert rows (dicts of column attnames; missing ones take the field's
    default, auto_now(_add) fields the current time) with ids drawn from the table's
    sequence in one query and the rows streamed with COPY, several times faster than
    multi-row INSERTs for tens of thousands of rows. Values go in as psycopg adapts
    them; JSON as its text (the same value is dumped once)."""
    meta = model._meta
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    now = now or timezone.now()
    plan: list[tuple[str, Any, bool]] = []  # attname, fixed value or None, is JSON
    for f in fields:
        stamped = getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
        plan.append((f.attname, now if stamped else None, isinstance(f, models.JSONField)))
    defaults = {f.attname: f.get_default() for f in fields}
    dumped: dict[str, str] = {}

    def as_json(value: Any) -> str:
        key = repr(value)
        if key not in dumped:
            dumped[key] = json.dumps(value, ensure_ascii=False)
        return dumped[key]

    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in [meta.pk.column, *(f.column for f in fields)])
    with connection.cursor() as cursor:  # names from the model, values through COPY
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, meta.pk.column, len(rows)])
        ids = [row[0] for row in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                values: list[Any] = [pk]
                for attname, fixed, is_json in plan:
                    value = fixed if fixed is not None else row.get(attname, defaults[attname])
                    values.append(as_json(value) if is_json and value is not None else value)
                copy.write_row(values)
    return ids


def _enqueue(delivery_ids: list[int]) -> None:
    """Hand pending deliveries to the job queue, ``NOTIFY_BATCH_SIZE`` per job."""
    from yingji.core.jobs import deliver_batch

    size = max(1, settings.NOTIFY_BATCH_SIZE)
    for start in range(0, len(delivery_ids), size):
        deliver_batch(delivery_ids[start:start + size])


_scheduled: dict[datetime, None] = {}
_scheduled_lock = threading.Lock()


def schedule_ack_checks(times: Iterable[datetime]) -> None:
    """Ask the job queue to run the acknowledgement check at each due time (rounded up
    to the second), so a call is re-sent or escalated on time rather than at the next
    minutely sweep. A time already asked for by this process is not asked again."""
    from yingji.core.jobs import check_acknowledgements_due

    now = timezone.now()
    wanted = sorted({t.replace(microsecond=0) + timedelta(seconds=1 if t.microsecond else 0)
                     for t in times})
    with _scheduled_lock:
        for past in [t for t in _scheduled if t < now]:
            del _scheduled[past]
        wanted = [t for t in wanted if t not in _scheduled]
        _scheduled.update(dict.fromkeys(wanted))
    for eta in wanted:
        check_acknowledgements_due.schedule(eta=eta)


def ack_url(note: Notification) -> str:
    token = signing.TimestampSigner(salt=ACK_SALT).sign(str(note.pk))
    return settings.PUBLIC_URL + reverse("ack_link", args=[token])


def note_from_token(token: str) -> Notification | None:
    """The notification a signed link names, or None if forged or expired."""
    try:
        pk = signing.TimestampSigner(salt=ACK_SALT).unsign(
            token, max_age=timedelta(days=settings.ACK_LINK_DAYS))
    except signing.BadSignature:
        return None
    return Notification.objects.select_related("recipient").filter(pk=pk).first()


def message_of(note: Notification) -> Message:
    body = note.body
    link = settings.PUBLIC_URL + note.link if note.link.startswith("/") else note.link
    if note.requires_ack and not note.acked_at:
        body += f"\n请点击链接确认收到（叫应）：{ack_url(note)}"
        if settings.SMS_CALLBACK_SECRET:
            body += "，或回复“1”"
        link = ""
    return Message(title=note.title, body=body, link=link)


@dataclass
class BatchResult:
    """What became of a batch of deliveries."""

    statuses: dict[int, str] = field(default_factory=dict)
    # Deliveries that failed but may pass later, with their attempt count and error.
    retry: dict[int, int] = field(default_factory=dict)
    errors: dict[int, ChannelError] = field(default_factory=dict)


OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)
# How long a claimed delivery is held by the job sending it; past that (the job died)
# it is due again.
CLAIM_LEASE = timedelta(minutes=10)
# A job scheduled for a retry may start a little before the stored time.
DUE_TOLERANCE = timedelta(seconds=2)
# A due delivery nobody claimed for this long lost its job and is queued again.
STALE_AFTER = timedelta(minutes=5)


def requeue_stale_deliveries(now: datetime | None = None) -> int:
    """Queue again the deliveries whose job was lost (a consumer stopped mid-batch, a
    queue emptied): due for ``STALE_AFTER`` without being claimed. They are marked due
    from now, so a consumer that stays down gets them once per STALE_AFTER, not every
    minute. Returns the count."""
    now = now or timezone.now()
    ids = list(Delivery.objects.filter(status__in=OPEN_STATUSES,
                                       next_attempt_at__lte=now - STALE_AFTER)
               .order_by("next_attempt_at").values_list("pk", flat=True)[:50_000])
    if ids:
        Delivery.objects.filter(pk__in=ids, status__in=OPEN_STATUSES).update(next_attempt_at=now)
        _enqueue(ids)
    return len(ids)


def send_deliveries(delivery_ids: Sequence[int]) -> BatchResult:
    """Carry a batch of deliveries: claim them (one UPDATE), send them through at most
    ``NOTIFY_CONCURRENCY`` sender threads over kept-alive connections, and record every
    outcome in one transaction. A delivery already sent or given up is left alone; one
    that failed with a retryable error after fewer than MAX_ATTEMPTS attempts is listed
    in ``retry`` for the caller to try again later; after that it is given up, with the
    reason kept, so nothing is lost silently."""
    ids = list(delivery_ids)
    result = BatchResult()
    if not ids:
        return result
    # Claim: only deliveries now due, and move them a lease ahead; the lease time marks
    # the rows this call took (another job running the same ids finds none left).
    now = timezone.now()
    lease = now + CLAIM_LEASE
    Delivery.objects.filter(
        models.Q(next_attempt_at__lte=now + DUE_TOLERANCE) | models.Q(next_attempt_at__isnull=True),
        pk__in=ids, status__in=OPEN_STATUSES,
    ).update(attempts=models.F("attempts") + 1, next_attempt_at=lease)
    batch = list(Delivery.objects.filter(pk__in=ids, status__in=OPEN_STATUSES, next_attempt_at=lease)
                 .select_related("notification__recipient"))
    if not batch:
        return result
    texts: dict[int, Message] = {}
    for delivery in batch:
        if delivery.notification_id not in texts:
            texts[delivery.notification_id] = message_of(delivery.notification)
    jobs = [(d, texts[d.notification_id]) for d in batch]
    # One delivery (the single-message path) goes out on the calling thread.
    outcomes = ([_carry(*jobs[0])] if len(jobs) == 1
                else list(_senders().map(lambda job: _carry(*job), jobs)))
    now = timezone.now()
    sent, failed = [], []
    for delivery, outcome in outcomes:
        if isinstance(outcome, ChannelError):
            final = not outcome.retryable or delivery.attempts >= MAX_ATTEMPTS
            delivery.status = DeliveryStatus.GAVE_UP if final else DeliveryStatus.FAILED
            delivery.last_error = str(outcome)[:300]
            delivery.next_attempt_at = (None if final else
                                        now + timedelta(seconds=retry_delay(delivery.attempts)))
            failed.append(delivery)
            result.errors[delivery.pk] = outcome
            if not final:
                result.retry[delivery.pk] = delivery.attempts
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.provider_id = outcome[:100]
            delivery.sent_at = now
            delivery.last_error = ""
            sent.append(delivery)
        result.statuses[delivery.pk] = delivery.status
    _record(sent, failed, now)
    return result


@transaction.atomic
def _record(sent: list[Delivery], failed: list[Delivery], now: datetime) -> None:
    """Write a batch's outcomes with a few UPDATEs: rows sharing an outcome together,
    the providers' message ids in one CASE. (``bulk_update`` builds a CASE expression
    per row and field in Python, which cost more than the HTTP calls it records.)"""
    if sent:
        Delivery.objects.filter(pk__in=[d.pk for d in sent]).update(
            status=DeliveryStatus.SENT, sent_at=now, last_error="", next_attempt_at=None)
        _set_by_id("provider_id", {d.pk: d.provider_id for d in sent if d.provider_id})
    outcomes: dict[tuple[str, str, datetime | None], list[int]] = {}
    for delivery in failed:
        key = (delivery.status, delivery.last_error, delivery.next_attempt_at)
        outcomes.setdefault(key, []).append(delivery.pk)
    for (status, error, next_at), ids in outcomes.items():
        Delivery.objects.filter(pk__in=ids).update(status=status, last_error=error,
                                                   next_attempt_at=next_at)


def _set_by_id(column: str, values: dict[int, str]) -> None:
    """UPDATE one text column of Delivery rows to a value per id (chunked)."""
    table = connection.ops.quote_name(Delivery._meta.db_table)
    name = connection.ops.quote_name(column)
    items = list(values.items())
    chunk = 400  # 3 parameters per row: well under SQLite's limit of 999
    for start in range(0, len(items), chunk):
        part = items[start:start + chunk]
        cases = " ".join(["WHEN %s THEN %s"] * len(part))
        marks = ", ".join(["%s"] * len(part))
        params: list[int | str] = [v for pair in part for v in pair] + [pk for pk, _ in part]
        with connection.cursor() as cursor:  # names from the model, values as parameters
            cursor.execute(f"UPDATE {table} SET {name} = CASE id {cases} END "
                           f"WHERE id IN ({marks})", params)


def _carry(delivery: Delivery, message: Message) -> tuple[Delivery, str | ChannelError]:
    """Send one delivery (in a sender thread: no database access here)."""
    try:
        return delivery, CHANNELS[delivery.channel].send(delivery.address, message)
    except ChannelError as exc:
        return delivery, exc
    except Exception as exc:  # an adapter bug must mark the delivery, not lose the batch
        logger.exception("channel %s failed unexpectedly", delivery.channel)
        return delivery, ChannelError(f"发送异常：{exc}")


_pool: tuple[int, ThreadPoolExecutor] | None = None
_pool_lock = threading.Lock()


def _senders() -> ThreadPoolExecutor:
    """The process's bounded pool of sender threads, shared by all batches (made anew
    if ``NOTIFY_CONCURRENCY`` changed)."""
    global _pool
    size = max(1, settings.NOTIFY_CONCURRENCY)
    with _pool_lock:
        if _pool is None or _pool[0] != size:
            if _pool is not None:
                _pool[1].shutdown(wait=False)
            _pool = (size, ThreadPoolExecutor(max_workers=size, thread_name_prefix="notify-send"))
        return _pool[1]


def retry_delay(attempts: int) -> int:
    """Seconds before the next attempt: NOTIFY_RETRY_DELAY, doubled per attempt made."""
    return int(settings.NOTIFY_RETRY_DELAY * 2 ** max(0, attempts - 1))


def send_delivery(delivery_id: int) -> str:
    """Carry one delivery; returns its new status. Raises ChannelError when a retry
    may help (the job retries up to MAX_ATTEMPTS)."""
    result = send_deliveries([delivery_id])
    if delivery_id not in result.statuses:
        return "already-done"
    if delivery_id in result.retry:
        raise result.errors[delivery_id]
    return result.statuses[delivery_id]


@transaction.atomic
def mark_read(notification: Notification, *, actor: Actor) -> Notification:
    if actor.user is None or notification.recipient_id != actor.user.pk:
        raise PermissionError("只能标记自己的消息")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, actor: Actor) -> int:
    if actor.user is None:
        return 0
    return Notification.objects.filter(recipient=actor.user, read_at__isnull=True).update(
        read_at=timezone.now()
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
    note = (Notification.objects.filter(recipient__phone=phone, requires_ack=True,
                                        acked_at__isnull=True)
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


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def delivery_summary(note: Notification) -> list[tuple[str, str]]:
    """(channel label, status label) for each delivery of ``note``."""
    from yingji.core.channels import CHANNEL_LABELS

    return [(CHANNEL_LABELS.get(d.channel, d.channel), d.get_status_display())
            for d in note.deliveries.all()]


__all__ = ["ChannelError", "acknowledge", "check_acknowledgements", "notify", "send_deliveries",
           "send_delivery"]
