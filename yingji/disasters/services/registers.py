"""The registers of the dead and missing (死亡失踪人员名单) and of damaged houses (倒损住房户
台账): ID numbers and addresses are personal data (encrypted, masked); once the event's
核报 is done they freeze with the figures, and a change is a correction — by the
leaders, at county level, with a reason, audited and on the entry's timeline."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.disasters import rules
from yingji.disasters.models import CasualtyRecord, DamagedHouse, DisasterEvent
from yingji.disasters.services.reports import county_level


def _register_correction(
    events_: list[DisasterEvent | None], data: dict[str, Any], *, actor: Actor, register: str
) -> str:
    """After 核报 the registers are frozen with the figures: a change is a correction by
    the leaders (correct_disasterreport) at county level with a reason; before it, no
    reason is asked. Returns the reason ("" before 核报)."""
    reason = str(data.pop("correction_reason", "") or "").strip()
    ids = {e.pk for e in events_ if e is not None}
    frozen = list(DisasterEvent.objects.filter(pk__in=ids, frozen_at__isnull=False).order_by("pk"))
    if not frozen:
        return ""
    if not actor.is_system and (
        actor.user is None or not actor.user.has_perm("disasters.correct_disasterreport")
    ):
        raise PermissionDenied(f"“{frozen[0].title}”已核报，{register}的更正由带班领导或指挥长办理")
    county_level(actor)
    if not reason:
        title = frozen[0].title
        raise ValidationError({"correction_reason": f"“{title}”已核报，修改{register}须填写更正原因"})
    return reason


def _record_correction(obj: Any, reason: str, *, actor: Actor, register: str) -> None:
    if not reason:
        return
    audit.record(
        audit.AuditAction.UPDATE,
        actor=actor,
        obj=obj,
        after=audit.snapshot(obj),
        detail=f"核报后更正{register}：{reason}",
    )
    events.emit(
        f"{obj._meta.model_name}.corrected",
        actor=actor,
        obj=obj,
        summary=f"核报后更正{register}（{obj}）：{reason}",
    )


CASUALTIES, HOUSES = "死亡失踪人员名单", "倒损住房台账"


@transaction.atomic
def add_casualty(data: dict[str, Any], *, actor: Actor) -> CasualtyRecord:
    """Add a person to the register of the dead and missing (the ID number encrypted); after
    核报 only as a correction with a reason."""
    from yingji.core.services.objects import create_object

    data = dict(data)
    reason = _register_correction([data.get("event")], data, actor=actor, register=CASUALTIES)
    record = create_object(CasualtyRecord, _checked(data), actor=actor)
    _record_correction(record, reason, actor=actor, register=CASUALTIES)
    return record


@transaction.atomic
def add_house(data: dict[str, Any], *, actor: Actor) -> DamagedHouse:
    """Add a household's damaged house to the register; after 核报 only as a correction
    with a reason."""
    from yingji.core.services.objects import create_object

    data = dict(data)
    reason = _register_correction([data.get("event")], data, actor=actor, register=HOUSES)
    house = create_object(DamagedHouse, _checked(data), actor=actor)
    _record_correction(house, reason, actor=actor, register=HOUSES)
    return house


@transaction.atomic
def update_casualty(record: CasualtyRecord, data: dict[str, Any], *, actor: Actor) -> CasualtyRecord:
    """Correct a person on the register (a new ID number is checked and encrypted); after 核报
    only as a correction with a reason."""
    from yingji.core.services.objects import update_object

    data = dict(data)
    reason = _register_correction([record.event, data.get("event")], data, actor=actor, register=CASUALTIES)
    changed = update_object(record, _checked(data), actor=actor)
    _record_correction(changed, reason, actor=actor, register=CASUALTIES)
    return changed


@transaction.atomic
def update_house(house: DamagedHouse, data: dict[str, Any], *, actor: Actor) -> DamagedHouse:
    """Correct a household's damaged house on the register; after 核报 only as a
    correction with a reason."""
    from yingji.core.services.objects import update_object

    data = dict(data)
    reason = _register_correction([house.event, data.get("event")], data, actor=actor, register=HOUSES)
    changed = update_object(house, _checked(data), actor=actor)
    _record_correction(changed, reason, actor=actor, register=HOUSES)
    return changed


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its ID number checked (GB 11643); an empty one keeps the stored
    number."""
    data = dict(data)
    number = str(data.pop("id_number", "") or "").strip().upper()
    if number:
        problem = rules.id_number_problem(number)
        if problem:
            raise ValidationError({"id_number": problem})
        data["id_number"] = number
    return data
