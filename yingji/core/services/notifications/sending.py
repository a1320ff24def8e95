"""``notify``: one in-app message per recipient and a delivery per further channel,
stored in bulk, handed to the delivery job on commit; the signed acknowledgement link."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core import live
from yingji.core.actor import Actor
from yingji.core.audit import object_type_of
from yingji.core.channels import CHANNELS, Message
from yingji.core.models import Delivery, Notification, User
from yingji.core.models.notifications import DeliveryStatus, NotificationLevel
from yingji.core.services.notifications.common import (
    ACK_SALT,
    BULK_ROWS,
    M,
)


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
