"""The warning level in force at a place: the highest level among published bulletins
in effect whose issuing region or target regions contain the place (read by the plans
module's trigger conditions)."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class InForce:
    """A published bulletin in effect: its level, title and the region codes it covers
    (its target regions; its issuing region when it names none)."""

    pk: int
    level: str
    title: str
    codes: frozenset[str]


def bulletins_in_force(at: datetime | None = None) -> list[InForce]:
    """Every bulletin in effect at ``at``, highest level first, in two queries (read by
    the flood module's transfer triggers for all its points at once)."""
    now = at or timezone.now()
    found = list(Bulletin.objects.filter(state="published", effective_at__lte=now, expires_at__gt=now)
                 .values_list("pk", "level", "title", "region_id"))
    targets: dict[int, set[str]] = {}
    for pk, code in Bulletin.target_regions.through.objects.filter(
            bulletin_id__in=[row[0] for row in found]).values_list("bulletin_id", "region_id"):
        targets.setdefault(pk, set()).add(code)
    rank = {lv: n for n, lv in enumerate(rules.LEVELS)}
    result = [InForce(pk, level, title, frozenset(targets.get(pk) or {region}))
              for pk, level, title, region in found]
    return sorted(result, key=lambda b: (rank.get(b.level, 9), -b.pk))
