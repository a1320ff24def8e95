"""Periodic jobs of the disasters module; they call services. The limits themselves
(reminders, overdue, escalation, and the 叫应 of late reporters) run in core's minutely
deadline check (``services.rounds``)."""

from __future__ import annotations

from yingji.core.periodic import periodic


@periodic(minute="*/5")
def open_followup_rounds_every_five_minutes() -> int:
    """Open the next day's 续报 limit of each street of a developing major disaster."""
    from yingji.disasters.services.rounds import open_followup_rounds

    return open_followup_rounds()
