"""Bulletins that came with an event: published bulletins (in force, lifted or expired,
never drafts) over some regions and in effect during a period, and the linked ones as
rows to show. Read by the disasters module to offer and show the warnings a disaster
came with; read only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from yingji.core.models import Region
from yingji.warnings import rules
from yingji.warnings.models import Bulletin
from yingji.warnings.services.in_force import ancestor_codes
from yingji.warnings.workflow import BULLETIN_FLOW

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


def linked_rows(ids: Iterable[int] | QuerySet[Any], user: Any) -> list[dict[str, Any]]:
    """The issued bulletins among ``ids`` (an event's linked warnings), oldest first, as
    rows to show: title, level (code and label), issuing region, effective and expiry
    times, state label, and the link — the working page where ``user``'s scope reaches
    the bulletin, otherwise its public page (a street's informant reads the district's
    warning there). Two queries."""
    found = list(
        Bulletin.objects.filter(pk__in=ids, state__in=ISSUED_STATES)
        .select_related("region")
        .order_by("effective_at", "pk")
    )
    mine = set(
        Bulletin.objects.restrict(user, "view")
        .filter(pk__in=[b.pk for b in found])
        .values_list("pk", flat=True)
    ) if found else set()
    return [
        {
            "title": b.title,
            "url": reverse("bulletin_detail", args=[b.pk])
            if b.pk in mine
            else reverse("warnings_public_detail", args=[b.identifier]),
            "level": rules.level_label(b.level),
            "level_code": b.level,
            "region": b.region.name,
            "effective_at": b.effective_at,
            "expires_at": b.expires_at,
            "state": BULLETIN_FLOW.states.get(b.state, ""),
        }
        for b in found
    ]


def choice_label(bulletin: Bulletin) -> str:
    """A bulletin as an event form's choice: "title（MM月DD日HH:MM生效，state）"."""
    effective = timezone.localtime(bulletin.effective_at)
    state = BULLETIN_FLOW.states.get(bulletin.state, "")
    return f"{bulletin.title}（{effective:%m月%d日%H:%M}生效，{state}）"


def offered(found: QuerySet[Bulletin], linked: Iterable[int] | QuerySet[Any] = ()) -> QuerySet[Bulletin]:
    """What an event's form offers: the bulletins ``found`` (``bulletins_for``) and those
    already linked (kept choosable once they are no longer found), newest first."""
    return (
        Bulletin.objects.filter(Q(pk__in=found.values("pk")) | Q(pk__in=linked))
        .select_related("warning_type", "region")
        .order_by("-effective_at", "-pk")
    )
