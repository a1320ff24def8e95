"""Background and periodic jobs of the core app. Jobs call services; they audit as the
system actor."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="2", minute="30"))
def verify_audit_chain_nightly() -> int:
    """Verify the audit hash chain every night and alert the auditors when it is broken."""
    from yingji.core.services.auditing import verify_and_alert

    return verify_and_alert()


@db_periodic_task(crontab(minute="*"))
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


@db_periodic_task(crontab(minute="*"))
def check_acknowledgements_every_minute() -> dict[str, int]:
    """Re-send and escalate unanswered calls (叫应)."""
    from yingji.core.services.notifications import check_acknowledgements

    result = check_acknowledgements()
    return {"renotified": result.renotified, "escalated": result.escalated}
