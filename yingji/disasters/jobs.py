"""Periodic jobs of the disasters module; they call services."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/5"))
def remind_late_reporters_every_five_minutes() -> int:
    """叫应 the informants of villages late with their 初报, 续报 or 核报."""
    from yingji.disasters.services.reminders import remind_late_reporters

    return remind_late_reporters()


@db_periodic_task(crontab(minute="*"))
def escalate_late_checks_every_minute() -> int:
    """Escalate streets past 12 hours without the five guarantees."""
    from yingji.disasters.services.checks import escalate_late

    return escalate_late()
