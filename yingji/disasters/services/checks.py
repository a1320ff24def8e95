"""The 12-hour check: confirm the five guarantees one by one; the fifth meets the
street's core deadline (``rounds``: reminders, overdue and escalation are core's)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope
from yingji.disasters import rules
from yingji.disasters.models import GuaranteeConfirmation, TwelveHourCheck
from yingji.disasters.services import rounds

LABELS = dict(rules.GUARANTEES)


@transaction.atomic
def confirm_guarantee(
    check: TwelveHourCheck, *, item: str, evidence: str, actor: Actor, at: datetime | None = None
) -> GuaranteeConfirmation:
    """Confirm one guarantee with its evidence; the fifth completes the check. ``at``
    (entering what was confirmed on paper) is taken from the system actor only."""
    check_permission(actor, GuaranteeConfirmation, "add")
    locked = TwelveHourCheck.objects.select_for_update().get(pk=check.pk)
    check_scope(actor, locked)
    if item not in LABELS:
        raise ValidationError({"item": "请选择保障事项"})
    if not evidence.strip():
        raise ValidationError({"evidence": "请填写落实情况（如安置点、发放数量、医疗点）"})
    if GuaranteeConfirmation.objects.filter(twelve_check=locked, item=item).exists():
        raise ValidationError({"item": f"“{LABELS[item]}”已确认"})
    now = at if at is not None and actor.is_system else timezone.now()
    row = GuaranteeConfirmation.objects.create(
        twelve_check=locked, item=item, evidence=evidence, confirmed_by=actor.user, confirmed_at=now
    )
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=row, after=audit.snapshot(row))
    done = GuaranteeConfirmation.objects.filter(twelve_check=locked).count()
    summary = f"{locked.region.name}确认{LABELS[item]}：{evidence[:60]}"
    if done >= len(rules.GUARANTEES):
        locked.completed_at = now
        locked.save(update_fields=["completed_at"])
        late = "（超时）" if now > locked.due_at else ""
        summary += f"；五项保障全部落实{late}"
        rounds.close_check(locked, actor=actor, at=now)
    events.emit("twelvehourcheck.confirmed", actor=actor, obj=locked, summary=summary)
    return row
