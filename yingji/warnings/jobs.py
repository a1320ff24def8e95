"""Periodic jobs of the warnings app."""

from __future__ import annotations

from yingji.core.periodic import periodic


@periodic(minute="*")
def expire_warnings_every_minute() -> int:
    """Mark published bulletins past their expiry time as expired (and tell the area)."""
    from yingji.warnings.services.bulletins import expire_due

    return expire_due()


@periodic(minute="*/5")
def draft_from_rain_gauges_every_five_minutes() -> int:
    """Draft rainstorm warnings from the monitoring module's rain gauges."""
    from yingji.warnings.services.stations import draft_from_rain_gauges

    return len(draft_from_rain_gauges().created)
