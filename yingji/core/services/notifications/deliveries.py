"""Carrying deliveries through their channels: claimed by lease, sent in parallel,
retried with back-off, recorded in bulk."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from yingji.core.channels import CHANNELS, ChannelError, Message
from yingji.core.models import Delivery
from yingji.core.models.notifications import DeliveryStatus
from yingji.core.services.notifications.common import (
    MAX_ATTEMPTS,
    logger,
)
from yingji.core.services.notifications.sending import _enqueue, message_of


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
