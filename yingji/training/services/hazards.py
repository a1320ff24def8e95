"""Working without a valid certificate is a hidden hazard (安全生产法 第三十条,
第二十七条): registered through the hazards module's own service
(``report_hazard_uncertified``), by a person's page or when a certificate's deadline
passes while its holder is still on duty."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Deadline
from yingji.core.services.objects import check_permission, check_scope
from yingji.hazards.models import Hazard
from yingji.hazards.services import report_hazard_uncertified
from yingji.training import rules
from yingji.training.models import Certificate, CertificateKind, CertifiedPerson, TrainingSettings

logger = logging.getLogger(__name__)
CLOSED_HAZARD_STATES = ("closed",)


def usable_certificate(person: CertifiedPerson, on: date | None = None) -> Certificate | None:
    """A certificate of the kind the post needs that is neither expired nor past its
    复审 on ``on`` (today by default; any kind when the post needs none)."""
    today = on or timezone.localdate()
    remind = TrainingSettings.current().remind_days
    certificates = person.certificates.all()
    if person.required_kind:
        certificates = certificates.filter(kind=person.required_kind)
    return next((c for c in certificates if rules.usable(c.status(today, remind))), None)


def open_hazard(person: CertifiedPerson) -> Hazard | None:
    hazard = person.hazard
    if hazard is not None and hazard.state not in CLOSED_HAZARD_STATES:
        return hazard
    return None


@transaction.atomic
def flag_uncertified(person: CertifiedPerson, *, actor: Actor, on: date | None = None) -> Hazard:
    """Register the hidden hazard of ``person`` working without the certificate the
    post needs; refused in Chinese when it does not apply or is registered already."""
    check_permission(actor, CertifiedPerson, "change")
    # Only the person's row is locked (PostgreSQL refuses FOR UPDATE on the nullable side
    # of the outer join to the hazard).
    person = CertifiedPerson.objects.select_for_update(of=("self",)).select_related(
        "enterprise", "hazard").get(pk=person.pk)
    check_scope(actor, person)
    existing = open_hazard(person)
    if existing is not None:
        raise ValidationError(f"已登记隐患{existing.number}，尚未销号")
    if not person.on_duty:
        raise ValidationError("该人员不在岗，不属于无证上岗")
    if not person.required_kind:
        raise ValidationError("该岗位按持证要求无需持证")
    if usable_certificate(person, on) is not None:
        raise ValidationError("该人员持有有效证书，不属于无证上岗")
    kind = CertificateKind(person.required_kind).label
    certificates = list(person.certificates.filter(kind=person.required_kind))
    state = "证书已过期或逾期未复审" if certificates else "未取得证书"
    basis = rules.LAW_30 if person.post == "special_operator" else rules.LAW_27
    hazard = report_hazard_uncertified(
        actor=actor, enterprise=person.enterprise,
        title=f"{person.get_post_display()}{person.name}未持有效{kind}上岗",
        description=(f"{person.enterprise.name}{person.get_post_display()}{person.name}"
                     f"（{person.job_title or person.get_work_type_display() or '在岗'}）{state}，"
                     f"仍在岗作业。依据：{basis}。"),
        data={"person": person.pk, "certificates": [c.number for c in certificates]})
    before = audit.snapshot(person)
    CertifiedPerson.objects.filter(pk=person.pk).update(hazard=hazard)
    person.hazard = hazard
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=person, before=before,
                 after=audit.snapshot(person), detail=f"无证上岗登记隐患{hazard.number}")
    events.emit("certifiedperson.flagged", actor=actor, obj=person,
                summary=f"无证上岗登记为隐患：{hazard.number}")
    return hazard


def on_certificate_overdue(deadline: Deadline, actor: Actor) -> None:
    """Core deadline handler: a certificate expired or passed its 复审 while its holder
    is still on duty without another usable one → the hazard (once)."""
    if not TrainingSettings.current().flag_hazards:
        return
    certificate = Certificate.objects.select_related("person").filter(pk=deadline.object_id).first()
    if certificate is None:
        return
    person = certificate.person
    # The day after the limit: the check may run late, never early.
    on = max(timezone.localdate(), timezone.localdate(deadline.due_at) + timedelta(days=1))
    if not person.on_duty or open_hazard(person) is not None or not person.required_kind \
            or usable_certificate(person, on) is not None:
        return
    try:
        flag_uncertified(person, actor=actor, on=on)
    except ValidationError:  # someone was quicker, or it stopped applying: nothing to do
        logger.info("training: no hazard for person %s", person.pk)
