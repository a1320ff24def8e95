"""Background and periodic jobs of the core app. Jobs call services; they audit as the
system actor."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

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
