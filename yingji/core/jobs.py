"""Background and periodic jobs of the core app. Jobs call services; they audit as the
system actor."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_task

from yingji.core.periodic import periodic

logger = logging.getLogger(__name__)


@periodic(hour="2", minute="30")
def verify_audit_chain_nightly() -> int:
    """Verify the audit hash chain every night and alert the auditors when it is broken."""
    from yingji.core.services.auditing import verify_and_alert

    return verify_and_alert()


@periodic(minute="5")
def export_audit_anchor_hourly() -> bool:
    """Sign the audit chain's head and write it outside the database (core.audit_anchor)."""
    from yingji.core.audit_anchor import export_anchor

    return export_anchor() is not None


@periodic(minute="*")
def check_deadlines_every_minute() -> dict[str, int]:
    """Reminders, overdue marks and escalations for every open deadline."""
    from yingji.core.services.deadlines import check_deadlines

    result = check_deadlines()
    return {"reminded": result.reminded, "overdue": result.overdue, "escalated": result.escalated}


@db_task(retries=3, retry_delay=30)
def deliver_notification(delivery_id: int) -> str:
    """Carry one notification delivery; a ChannelError that may pass is retried."""
    from yingji.core.services.notifications import send_delivery

    return send_delivery(delivery_id)


@db_task(retries=2, retry_delay=10)
def deliver_batch(delivery_ids: list[int]) -> dict[str, int]:
    """Carry a batch of deliveries; those that failed but may pass are scheduled again
    with exponential backoff (a re-run never resends what was already sent)."""
    from yingji.core.services.notifications import retry_delay, send_deliveries

    result = send_deliveries(delivery_ids)
    later: dict[int, list[int]] = {}
    for pk, attempts in result.retry.items():
        later.setdefault(retry_delay(attempts), []).append(pk)
    for delay, ids in sorted(later.items()):
        deliver_batch.schedule(args=(ids,), delay=delay)
    counts: dict[str, int] = {}
    for status in result.statuses.values():
        counts[status] = counts.get(status, 0) + 1
    return counts


@periodic(minute="*")
def requeue_stale_deliveries_every_minute() -> int:
    """Deliveries whose job was lost are queued again (nothing stays pending unseen)."""
    from yingji.core.services.notifications import requeue_stale_deliveries

    return requeue_stale_deliveries()


def _ack_check() -> dict[str, int]:
    from yingji.core.services.notifications import check_acknowledgements

    result = check_acknowledgements()
    return {"renotified": result.renotified, "escalated": result.escalated}


# Ahead of queued deliveries: a due escalation must not wait behind a bulk send.
@db_task(priority=100)
def check_acknowledgements_due() -> dict[str, int]:
    """Re-send and escalate unanswered calls (叫应); scheduled by ``notify`` at each due
    time, so steps fire within about a second of it."""
    return _ack_check()


@periodic(minute="*", priority=100)
def check_acknowledgements_every_minute() -> dict[str, int]:
    """Safety net for the scheduled checks (a lost schedule, a restarted consumer)."""
    return _ack_check()
