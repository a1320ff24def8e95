"""Periodic jobs of the governance module; they call services."""

from __future__ import annotations

from yingji.core.periodic import periodic


@periodic(hour="6", minute="20")
def scheduled_consultation_drafts() -> int:
    """The monthly (and quarterly) 会商研判 report drafts, on the first day of the
    period after (the seeds' "自动产出"); any other day it makes none."""
    from yingji.core.actor import Actor
    from yingji.governance.services.consultations import produce_scheduled_drafts

    return len(produce_scheduled_drafts(actor=Actor.system("会商研判")))
