"""Periodic jobs of the flood module; they call services."""

from __future__ import annotations

from yingji.core.periodic import periodic


@periodic(minute="*")
def open_due_transfers_every_minute() -> int:
    """Open the transfer of every risk point whose warning level in force or gauge
    threshold is reached (the warnings and monitoring modules offer no hook of their
    own; their state is read here, so they never import this module)."""
    from yingji.core.actor import Actor
    from yingji.flood.services.transfers import open_due_tasks

    return len(open_due_tasks(actor=Actor.system("flood")))


@periodic(minute="*")
def suggest_flood_response_every_minute() -> bool:
    """Suggest to the leaders a flood response (or a higher one) when the grade rules
    are met by the warnings in force and the gauges over their thresholds."""
    from yingji.core.actor import Actor
    from yingji.flood.services.levels import suggest_due

    return suggest_due(actor=Actor.system("flood")) is not None
