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
