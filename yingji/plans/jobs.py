"""Periodic jobs of the plans module; they call services. Reminders, overdue marks and
escalation of the plans' deadlines run in core's minutely deadline check."""

from __future__ import annotations

from yingji.core.periodic import periodic


@periodic(hour="3", minute="20")
def sync_drill_deadlines_nightly() -> int:
    """Every plan that owes drills has its drill deadline on its due date (plans brought
    into force before the deadline existed, a frequency changed outside the page)."""
    from yingji.core.actor import Actor
    from yingji.plans.models import Plan
    from yingji.plans.services.drill_deadlines import sync_drill_deadlines

    return sync_drill_deadlines(Plan.objects.all(), actor=Actor.system("plans"))
