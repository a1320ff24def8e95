"""Periodic jobs of the monitoring app."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*"))
def check_offline_points_every_minute() -> int:
    """Raise offline alarms for points that stopped sending."""
    from yingji.monitoring.services.checks import check_offline

    return check_offline()


@db_periodic_task(crontab(hour="3", minute="10"))
def apply_retention_nightly() -> int:
    """Drop raw readings past the retention period."""
    from yingji.monitoring.services.checks import apply_retention

    return apply_retention()
