"""Communities' population figures (and points) in bulk, e.g. for the demo or a first
load of the statistics office's table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Region
from yingji.core.services.objects import check_permission, check_scope
from yingji.resources.models import CommunityProfile


@dataclass(frozen=True)
class CommunityFigure:
    """A community's population and, when known, its point."""

    population: int
    longitude: float | None = None
    latitude: float | None = None


@transaction.atomic
def add_population_figures(populations: Mapping[str, CommunityFigure], *, actor: Actor) -> int:
    """Create the profiles of the communities (region code -> figure) that have none
    yet; existing profiles are left as they are. One audit entry per created row and one
    event for the batch. Returns how many were created."""
    check_permission(actor, CommunityProfile, "add")
    names = dict(Region.objects.filter(code__in=list(populations)).values_list("code", "name"))
    existing = set(CommunityProfile.objects.filter(region_id__in=list(populations))
                   .values_list("region_id", flat=True))
    rows = [CommunityProfile(region_id=code, population=figure.population,
                             longitude=figure.longitude, latitude=figure.latitude)
            for code, figure in populations.items() if code in names and code not in existing]
    for row in rows:
        row.full_clean(exclude=["region"], validate_unique=False)
        check_scope(actor, row)
    CommunityProfile.objects.bulk_create(rows, batch_size=1000)
    created = CommunityProfile.objects.filter(region_id__in=[r.region_id for r in rows])
    for profile in created:
        audit.record(audit.AuditAction.CREATE, actor=actor, obj=profile,
                     object_repr=f"{names[profile.region_id]}（{profile.population}人）",
                     after=audit.snapshot(profile))
    if rows:
        events.emit("communityprofile.created", actor=actor, obj=None,
                    summary=f"批量新增社区人口{len(rows)}条", push=False)
    return len(rows)
