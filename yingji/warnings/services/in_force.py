"""The warning level in force at a place: the highest level among published bulletins
in effect whose issuing region or target regions contain the place (read by the plans
module's trigger conditions)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from yingji.warnings import rules
from yingji.warnings.models import Bulletin


def ancestor_codes(code: str) -> list[str]:
    """The 12-digit codes of the place and every region above it."""
    cuts = (2, 4, 6, 9, 12)
    return sorted({code[:n].ljust(12, "0") for n in cuts})


def level_in_force(region_code: str, at: datetime | None = None) -> str:
    """The highest warning level (``rules.LEVELS`` code) in force at ``region_code``, or ""."""
    now = at or timezone.now()
    codes = ancestor_codes(region_code)
    levels = set(Bulletin.objects.filter(state="published", effective_at__lte=now,
                                         expires_at__gt=now)
                 .filter(Q(region_id__in=codes) | Q(target_regions__code__in=codes))
                 .values_list("level", flat=True))
    found = [lv for lv in rules.LEVELS if lv in levels]
    return found[0] if found else ""
