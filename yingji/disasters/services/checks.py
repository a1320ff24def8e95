"""The 12-hour check: confirm the five guarantees one by one; escalate late streets."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import User
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services.notifications import notify
from yingji.core.services.objects import check_permission, check_scope
from yingji.disasters import rules
from yingji.disasters.models import GuaranteeConfirmation, TwelveHourCheck

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
    events.emit("twelvehourcheck.confirmed", actor=actor, obj=locked, summary=summary)
    return row


def escalate_late(now: datetime | None = None) -> int:
    """Tell the county and city duty officers of each street past its 12 hours without
    all five guarantees (once per street)."""
    now = now or timezone.now()
    actor = Actor.system("disasters")
    count = 0
    late = TwelveHourCheck.objects.filter(
        completed_at__isnull=True, escalated_at__isnull=True, due_at__lt=now
    ).select_related("region", "event")
    for check in late:
        if not TwelveHourCheck.objects.filter(pk=check.pk, escalated_at__isnull=True).update(
            escalated_at=now
        ):
            continue  # another worker took it
        county = check.region.code[:6]
        staff = User.objects.filter(
            is_active=True,
            groups__name__in=("duty_officer", "duty_leader"),
            scope_region__code__in=(county + "000000", county[:4] + "00000000", check.region.code),
        ).distinct()
        done = GuaranteeConfirmation.objects.filter(twelve_check=check).values_list("item", flat=True)
        missing = "、".join(label for key, label in rules.GUARANTEES if key not in set(done))
        notify(
            list(staff),
            title=f"12小时保障超时：{check.region.name}",
            level=NotificationLevel.URGENT,
            body=f"{check.event.title}：{check.region.name}未落实{missing}",
            obj=check,
            actor=actor,
            link=f"/disasters/checks/{check.pk}/",
        )
        events.emit(
            "twelvehourcheck.escalated",
            actor=actor,
            obj=check,
            summary=f"超过12小时未全部落实（{missing}），已报区、市值班督办",
        )
        count += 1
    return count
