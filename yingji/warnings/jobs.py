"""Periodic jobs of the warnings app."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*"))
def expire_warnings_every_minute() -> int:
    """Mark published bulletins past their expiry time as expired (and tell the area)."""
    from yingji.warnings.services.bulletins import expire_due

    return expire_due()
