"""Public disclosure (隐患公开公示): listed major hazards as the public may see them.
What is published is configured in ``HazardSettings``; personal data is masked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from yingji.core.masking import mask_name, mask_phone
from yingji.hazards.models import Hazard, HazardGrade, HazardSettings


@dataclass(frozen=True)
class PublicEntry:
    """One published hazard; a field the settings do not publish is ""/None."""

    number: str
    title: str
    place: str
    district: str
    address: str
    description: str
    measures: str
    deadline: datetime | None
    level: str
    department: str
    responsible: str
    state: str
    listed_at: datetime | None
    closed_at: datetime | None


def public_entries(settings: HazardSettings | None = None, limit: int = 500) -> list[PublicEntry]:
    """Listed major hazards still open, or closed within the configured days."""
    settings = settings or HazardSettings.current()
    if not settings.public_enabled:
        return []
    since = timezone.now() - timedelta(days=settings.public_show_closed_days)
    rows = (Hazard.objects.filter(grade=HazardGrade.MAJOR).exclude(listed_level="")
            .filter(~Q(state="closed") | Q(closed_at__gte=since))
            .select_related("enterprise", "region__parent", "listed_department")
            .order_by("-listed_at", "-id")[:limit])
    entries = []
    for h in rows:
        district = h.region.parent.name if h.region.parent_id and h.region.parent else ""
        entries.append(PublicEntry(
            number=h.number, title=h.title,
            place=h.place if settings.public_show_enterprise else "",
            district=district,
            address=h.address if settings.public_show_address else "",
            description=h.description if settings.public_show_description else "",
            measures=h.measures if settings.public_show_measures else "",
            deadline=h.deadline if settings.public_show_deadline else None,
            level=h.get_listed_level_display(),
            department=str(h.listed_department or "") if settings.public_show_department else "",
            responsible=(" ".join(p for p in (mask_name(h.responsible_name),
                                              mask_phone(h.responsible_phone)) if p)
                         if settings.public_show_responsible else ""),
            state=h.get_state_label(), listed_at=h.listed_at,
            closed_at=h.closed_at))
    return entries
