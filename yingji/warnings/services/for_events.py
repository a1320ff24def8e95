"""Bulletins that came with an event: published bulletins (in force, lifted or expired,
never drafts) over some regions and in effect during a period. Read by the disasters
module to offer and show the warnings a disaster came with; read only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from yingji.core.models import Region
from yingji.warnings.models import Bulletin
from yingji.warnings.services.in_force import ancestor_codes

ISSUED_STATES = ("published", "lifted", "expired")
# Warnings are issued ahead of the weather: a bulletin that took effect up to this long
# before the disaster's start still came with it.
LEAD = timedelta(hours=48)


def _over(regions: Iterable[Region]) -> Q:
    """A bulletin whose issuing or target region contains one of ``regions`` or lies
    inside one of them (a district's bulletin covers its streets; a street's bulletin
    is part of the district's disaster)."""
    q = Q()
    for region in regions:
        above = ancestor_codes(region.code)
        q |= Q(region_id__in=above) | Q(target_regions__code__in=above)
        q |= Q(region__code__startswith=region.prefix) | Q(target_regions__code__startswith=region.prefix)
    return q


def bulletins_for(
    regions: Iterable[Region],
    start: datetime,
    end: datetime | None = None,
    *,
    user: Any = None,
    lead: timedelta = LEAD,
) -> QuerySet[Bulletin]:
    """Issued bulletins over ``regions`` in effect at some time between ``start - lead``
    and ``end`` (now when open), newest first; restricted to ``user``'s scope if given."""
    places = list(regions)
    if not places:
        return Bulletin.objects.none()
    until = end or timezone.now()
    base = Bulletin.objects.restrict(user, "view") if user is not None else Bulletin.objects.all()
    ids = (
        base.filter(state__in=ISSUED_STATES, effective_at__lte=until, expires_at__gte=start - lead)
        .filter(_over(places))
        .values("pk")
    )
    return (
        Bulletin.objects.filter(pk__in=ids)
        .select_related("warning_type", "region")
        .order_by("-effective_at", "-pk")
    )
