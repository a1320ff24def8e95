"""The 叫应 board of a bulletin: per street, how many were reached, answered and
escalated, whose delivery failed, and who has not answered — from the Notification and
Delivery rows of the latest call."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from yingji.core.audit import object_type_of
from yingji.core.models import Notification, Region
from yingji.core.models.notifications import DeliveryStatus
from yingji.warnings.models import Bulletin, ResponsiblePerson
from yingji.warnings.services.directory import street_code


@dataclass
class Silent:
    """A recipient who has not answered."""

    name: str
    role: str
    phone: str
    region: str
    escalated: int
    failed: bool


@dataclass
class BoardRow:
    """One street (or the region itself) of the board."""

    code: str
    name: str
    total: int = 0
    delivered: int = 0
    failed: int = 0
    acknowledged: int = 0
    escalated: int = 0
    silent: list[Silent] = field(default_factory=list)


@dataclass
class Board:
    rows: list[BoardRow]
    total: int
    delivered: int
    failed: int
    acknowledged: int
    escalated: int


def board(bulletin: Bulletin) -> Board:
    """Figures of the latest call (the newest version that required 叫应)."""
    call = (bulletin.versions.filter(action__in=["publish", "update", "upgrade"])
            .order_by("-number").first())
    notes = Notification.objects.filter(object_type=object_type_of(Bulletin),
                                        object_id=str(bulletin.pk), requires_ack=True)
    if call is not None:
        notes = notes.filter(created_at__gte=call.created_at)
    notes = notes.prefetch_related("deliveries")
    rows: dict[str, BoardRow] = {}
    people = {p.contact_id: p for p in ResponsiblePerson.objects.filter(
        contact_id__in=notes.values("recipient_id")).select_related("region")}
    names = dict(Region.objects.filter(
        code__in={street_code(p.region_id) for p in people.values()}).values_list("code", "name"))
    totals: dict[str, int] = defaultdict(int)
    for note in notes:
        person = people.get(note.recipient_id)
        code = street_code(person.region_id) if person else "-"
        row = rows.setdefault(code, BoardRow(code=code, name=names.get(code, "其他")))
        statuses = [d.status for d in note.deliveries.all()]
        delivered = bool(note.acked_at) or DeliveryStatus.SENT in statuses or not statuses
        failed = not delivered and bool(statuses) and all(
            s in (DeliveryStatus.GAVE_UP, DeliveryStatus.SKIPPED) for s in statuses)
        row.total += 1
        row.delivered += delivered
        row.failed += failed
        row.acknowledged += note.acked_at is not None
        row.escalated += note.escalation_level > 0
        if note.acked_at is None:
            row.silent.append(Silent(
                name=person.name if person else str(note.recipient_id),
                role=person.get_role_display() if person else "",
                phone=person.phone if person else "", region=person.region.name if person else "",
                escalated=note.escalation_level, failed=failed))
    ordered = sorted(rows.values(), key=lambda r: r.code)
    for key in ("total", "delivered", "failed", "acknowledged", "escalated"):
        totals[key] = sum(getattr(r, key) for r in ordered)
    return Board(rows=ordered, **totals)
