"""Limits of the public endpoints, per client address and per phone number, counted
from ``TipoffThrottle`` rows (keyed digests, never the address or number itself) so every
process agrees. A refusal says only that there were too many attempts: never whether a
phone number or a receipt number exists."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.tipoffs import rules
from yingji.tipoffs.models import TipoffThrottle

TOO_MANY = "提交过于频繁，请稍后再试"
SUBMIT_ADDRESS = "submit_ip"
SUBMIT_PHONE = "submit_phone"
LOOKUP = "lookup_ip"
SEARCH = "search_ip"
SEARCHES_PER_HOUR = 120
KEEP = timedelta(days=2)


def digest(kind: str, value: str) -> str:
    """The keyed digest a throttle row keeps for an address or a phone number."""
    key = f"tipoffs-throttle:{settings.SECRET_KEY}".encode()
    return hmac.new(key, f"{kind}:{value.strip()}".encode(), hashlib.sha256).hexdigest()


def count(kind: str, value: str, window: timedelta) -> int:
    if not value:
        return 0
    since = timezone.now() - window
    return TipoffThrottle.objects.filter(kind=kind, key=digest(kind, value), at__gte=since).count()


def allowed(kind: str, value: str, limit: int, window: timedelta) -> bool:
    return not value or rules.within_limit(count(kind, value, window), limit)


def hit(kind: str, value: str) -> None:
    """Count one attempt (and forget attempts older than two days)."""
    if not value:
        return
    now = timezone.now()
    TipoffThrottle.objects.create(kind=kind, key=digest(kind, value), at=now)
    TipoffThrottle.objects.filter(kind=kind, at__lt=now - KEEP).delete()


def check(kind: str, value: str, limit: int, window: timedelta, message: str = TOO_MANY) -> None:
    """Refuse (ValidationError, form-wide) when ``value`` used up its ``limit``."""
    if not allowed(kind, value, limit, window):
        raise ValidationError(message)
