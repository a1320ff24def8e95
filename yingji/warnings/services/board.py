"""The 叫应 board of a bulletin: per street, how many were reached, answered (in time
or late) and escalated, whose delivery failed, who answered how, and who has not
answered — from the Notification and Delivery rows of the latest call; and the one
write the board allows, an answer taken by telephone."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.audit import object_type_of
from yingji.core.masking import mask_phone
from yingji.core.models import Notification, Region, User
from yingji.core.models.notifications import DeliveryStatus
from yingji.core.services.notifications import ACK_VIA, acknowledge
from yingji.core.services.objects import check_permission, check_scope
from yingji.warnings.models import Bulletin, ResponsiblePerson
from yingji.warnings.services.directory import street_code
from yingji.warnings.workflow import ACK_REQUIRED

STAFF_ROLE = "街道值班员"


@dataclass
class Silent:
    """A recipient who has not answered."""

    name: str
    role: str
    phone: str
    region: str
    escalated: int
    failed: bool
    notification: int
    # The record the phone belongs to, for the board's 查看 (model label, pk, field).
    reveal: tuple[str, str, str] | None = None

    @property
    def text(self) -> str:
        """The masked phone, as ``core/personal/value.html`` shows it."""
        return self.phone


@dataclass
class Answered:
    """A recipient who answered: when, how, late or not, and who recorded a phone answer."""

    name: str
    role: str
    region: str
    at: datetime
    via: str
    late: bool
    recorded_by: str


@dataclass
class BoardRow:
    """One street (or the region itself) of the board."""

    code: str
    name: str
    total: int = 0
    delivered: int = 0
    failed: int = 0
    acknowledged: int = 0
    late: int = 0
    escalated: int = 0
    silent: list[Silent] = field(default_factory=list)
    answered: list[Answered] = field(default_factory=list)


@dataclass
class Board:
    rows: list[BoardRow]
    total: int
    delivered: int
    failed: int
    acknowledged: int
    late: int
    escalated: int


@dataclass
class Recipient:
    """Who a call went to, as the board shows them (the phone masked)."""

    name: str
    role: str
    phone: str
    region: str
    street: str
    reveal: tuple[str, str, str] | None = None


def calls(bulletin: Bulletin) -> QuerySet[Notification]:
    """The messages of the latest call (the newest version that required 叫应)."""
    call = (bulletin.versions.filter(action__in=sorted(ACK_REQUIRED))
            .order_by("-number").first())
    notes = Notification.objects.filter(object_type=object_type_of(Bulletin),
                                        object_id=str(bulletin.pk), requires_ack=True)
    if call is not None:
        notes = notes.filter(created_at__gte=call.created_at)
    return notes


def is_late(note: Notification) -> bool:
    """Answered after the call's first deadline (a re-sent call answered is late)."""
    if note.acked_at is None:
        return False
    return note.renotify_count > 0 or note.acked_at > note.created_at + timedelta(
        minutes=note.ack_within_minutes)


def _recipients(notes: list[Notification]) -> dict[int, Recipient]:
    """Directory entries by contact account; signed-in staff (street duty officers) by
    their own account and scope."""
    ids = {n.recipient_id for n in notes}
    found: dict[int, Recipient] = {}
    for p in ResponsiblePerson.objects.filter(contact_id__in=ids).select_related("region"):
        assert p.contact_id is not None
        found[p.contact_id] = Recipient(p.name, p.get_role_display(), mask_phone(p.phone), p.region.name,
                                        street_code(p.region_id),
                                        (p._meta.label_lower, str(p.pk), "phone") if p.phone else None)
    staff = User.objects.filter(pk__in=ids - set(found)).select_related("scope_region")
    for user in staff:
        code = user.scope_region_id or "-"
        found[user.pk] = Recipient(user.display_name, user.position or STAFF_ROLE, mask_phone(user.phone),
                                   user.scope_region.name if user.scope_region else "",
                                   street_code(code) if code != "-" else "-",
                                   (user._meta.label_lower, str(user.pk), "phone") if user.phone else None)
    return found


def board(bulletin: Bulletin) -> Board:
    """Figures of the latest call."""
    notes = list(calls(bulletin).prefetch_related("deliveries").select_related("ack_recorded_by"))
    people = _recipients(notes)
    names = dict(Region.objects.filter(
        code__in={p.street for p in people.values()}).values_list("code", "name"))
    rows: dict[str, BoardRow] = {}
    totals: dict[str, int] = defaultdict(int)
    for note in notes:
        person = people.get(note.recipient_id) or Recipient(str(note.recipient_id), "", "", "", "-")
        row = rows.setdefault(person.street, BoardRow(code=person.street,
                                                      name=names.get(person.street, "其他")))
        statuses = [d.status for d in note.deliveries.all()]
        delivered = bool(note.acked_at) or DeliveryStatus.SENT in statuses or not statuses
        failed = not delivered and bool(statuses) and all(
            s in (DeliveryStatus.GAVE_UP, DeliveryStatus.SKIPPED) for s in statuses)
        row.total += 1
        row.delivered += delivered
        row.failed += failed
        row.escalated += note.escalation_level > 0
        if note.acked_at is None:
            row.silent.append(Silent(name=person.name, role=person.role, phone=person.phone,
                                     region=person.region, escalated=note.escalation_level,
                                     failed=failed, notification=note.pk, reveal=person.reveal))
            continue
        late = is_late(note)
        row.acknowledged += 1
        row.late += late
        recorder = note.ack_recorded_by
        row.answered.append(Answered(
            name=person.name, role=person.role, region=person.region, at=note.acked_at,
            via=ACK_VIA.get(note.ack_via, note.ack_via), late=late,
            recorded_by=recorder.display_name if recorder else ""))
    ordered = sorted(rows.values(), key=lambda r: r.code)
    for row in ordered:
        row.answered.sort(key=lambda a: a.at)
    for key in ("total", "delivered", "failed", "acknowledged", "late", "escalated"):
        totals[key] = sum(getattr(r, key) for r in ordered)
    return Board(rows=ordered, **totals)


@transaction.atomic
def record_phone_ack(bulletin: Bulletin, *, notification: int, answered_at: datetime | None = None,
                     actor: Actor) -> Notification:
    """Record on the board that a recipient of the bulletin's latest call answered by
    telephone (a bureau without an SMS gateway, a person without a phone that reads
    messages): who answered is the call's recipient, ``answered_at`` when (default now),
    the actor who recorded it is kept and audited. The actor must be allowed to change
    the bulletin (the page and the API find it inside the actor's scope)."""
    check_permission(actor, Bulletin, "change")
    check_scope(actor, bulletin)
    note = calls(bulletin).select_related("recipient").filter(pk=notification).first()
    if note is None:
        raise ValidationError({"notification": "该通知不是本预警最近一次叫应的通知"})
    if note.acked_at is not None:
        raise ValidationError({"notification": f"{note.recipient.display_name}已于"
                                               f"{timezone.localtime(note.acked_at):%m-%d %H:%M}叫应"})
    acknowledge(note, via="phone", actor=actor, answered_at=answered_at)
    note.refresh_from_db()
    return note
