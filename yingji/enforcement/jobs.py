"""Periodic jobs of the enforcement module; they call services."""

from __future__ import annotations

from yingji.core.periodic import periodic


@periodic(hour="8", minute="5")
def daily_reminders() -> int:
    """执法证 expiry reminders and, on the first of the month, the plan's laggards."""
    from yingji.core.actor import Actor
    from yingji.enforcement.services.reminders import remind_behind_plan, remind_certificates

    actor = Actor.system("执法提醒")
    return remind_certificates(actor=actor) + remind_behind_plan(actor=actor)


@periodic(hour="18", minute="15")
def publish_served_decisions() -> int:
    """Publish the served penalty decisions on the public site (国办发〔2018〕118号)."""
    from yingji.core.actor import Actor
    from yingji.enforcement.services.penalties import publish_served

    return publish_served(actor=Actor.system("处罚公示"))
