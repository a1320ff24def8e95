"""Periodic jobs of the monitoring app."""

from __future__ import annotations

from yingji.core.periodic import periodic


@periodic(minute="*")
def check_offline_points_every_minute() -> int:
    """Raise offline alarms for points that stopped sending."""
    from yingji.monitoring.services.checks import check_offline

    return check_offline()


@periodic(hour="3", minute="10")
def apply_retention_nightly() -> int:
    """Drop raw readings past the retention period."""
    from yingji.monitoring.services.checks import apply_retention

    return apply_retention()
