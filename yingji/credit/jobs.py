"""Periodic jobs of the credit module; they call services."""

from __future__ import annotations

from yingji.core.periodic import periodic


@periodic(hour="0", minute="5")
def remove_expired_entries() -> int:
    """按期移出: the listings whose management period ends today leave the list on the day."""
    from yingji.core.actor import Actor
    from yingji.credit.services.listing import remove_expired

    return remove_expired(actor=Actor.system("失信名单按期移出"))


@periodic(hour="1", minute="20")
def collect_credit_events() -> int:
    """Collect the day's penalty decisions and accident facts as credit records."""
    from yingji.core.actor import Actor
    from yingji.credit.services.records import collect_events

    return collect_events(actor=Actor.system("信用记录归集"))


@periodic(minute="10")
def flag_missing_commitments() -> int:
    """At the configured hour, tell the supervising officers which enterprises have not
    committed today."""
    from django.utils import timezone

    from yingji.core.actor import Actor
    from yingji.credit.models import CreditSettings
    from yingji.credit.services.commitments import flag_missing

    if timezone.localtime().hour != CreditSettings.current().commitment_due_hour:
        return 0
    return flag_missing(actor=Actor.system("安全承诺提醒"))
