"""The people of the 三项岗位 and their certificates. A certificate's end of validity
and its 复审 are core deadlines on the certificate: the enterprise's account is reminded
``remind_days`` before, the supervising officer is told when they pass, and a passed one
of a person still on duty registers the hidden hazard (``hazards.on_certificate_overdue``)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.models import User
from yingji.core.services.deadlines import close_deadline, set_deadline
from yingji.core.services.objects import (
    check_permission,
    check_scope,
    create_object,
    delete_object,
    update_object,
)
from yingji.enterprises.models import Enterprise, EnterpriseMember
from yingji.training import rules
from yingji.training.models import Certificate, CertificateKind, CertifiedPerson, Post, TrainingSettings
from yingji.training.services.requirements import table

EXPIRY = "training.expiry"
REVIEW = "training.review"


def person_link(person: CertifiedPerson) -> str:
    return reverse("certifiedperson_detail", args=[person.pk])


def _check_person(data: dict[str, Any]) -> None:
    if data.get("post") == Post.SPECIAL_OPERATOR and not data.get("work_type"):
        raise ValidationError({"work_type": "特种作业人员须填写作业类别"})


@transaction.atomic
def create_person(data: dict[str, Any], *, actor: Actor) -> CertifiedPerson:
    """Add a person of the 三项岗位 to an enterprise's roll; the certificate the post
    needs comes from the requirement table."""
    values = dict(data)
    _check_person(values)
    enterprise = values.get("enterprise")
    if enterprise is not None:
        values["required_kind"] = rules.required_kind(table(), enterprise.industry,
                                                      str(values.get("post") or ""))
    return create_object(CertifiedPerson, values, actor=actor)


@transaction.atomic
def update_person(person: CertifiedPerson, data: dict[str, Any], *, actor: Actor) -> CertifiedPerson:
    values = {k: v for k, v in data.items() if k not in ("required_kind", "hazard")}
    merged = {"post": person.post, "work_type": person.work_type, **values}
    _check_person(merged)
    enterprise = values.get("enterprise", person.enterprise)
    values["required_kind"] = rules.required_kind(table(), enterprise.industry, merged["post"])
    return update_object(person, values, actor=actor)


@transaction.atomic
def delete_person(person: CertifiedPerson, *, actor: Actor) -> None:
    for certificate in person.certificates.all():
        _close_deadlines(certificate, actor)
    delete_object(person, actor=actor)


def _end_of(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _check_certificate(values: dict[str, Any], current: Certificate | None = None) -> None:
    merged = {**({f: getattr(current, f) for f in ("kind", "work_type", "issued_on", "valid_until",
                                                    "last_reviewed_on")} if current else {}),
              **values}
    errors: dict[str, str] = {}
    issued, until = merged.get("issued_on"), merged.get("valid_until")
    reviewed = merged.get("last_reviewed_on")
    if issued and until and until <= issued:
        errors["valid_until"] = "有效期至须晚于初领日期"
    if issued and issued > timezone.localdate():
        errors["issued_on"] = "初领日期不能晚于今天"
    if reviewed and issued and reviewed < issued:
        errors["last_reviewed_on"] = "复审日期不能早于初领日期"
    if reviewed and reviewed > timezone.localdate():
        errors["last_reviewed_on"] = "复审日期不能晚于今天"
    if merged.get("kind") == CertificateKind.SPECIAL_OPERATION and not merged.get("work_type"):
        errors["work_type"] = "特种作业操作证须填写作业类别"
    if errors:
        raise ValidationError(errors)


def _review_due(values: dict[str, Any], settings: TrainingSettings) -> Any:
    return rules.review_due(values["kind"], values.get("issued_on"), values.get("last_reviewed_on"),
                            values["valid_until"], settings.special_review_years)


@transaction.atomic
def create_certificate(data: dict[str, Any], *, actor: Actor) -> Certificate:
    """Record a person's certificate and set its expiry (and 复审) deadlines."""
    values = dict(data)
    _check_certificate(values)
    if values.get("kind") and values.get("valid_until"):
        values["review_due_on"] = _review_due(values, TrainingSettings.current())
    certificate = create_object(Certificate, values, actor=actor)
    schedule(certificate, actor=actor)
    return certificate


@transaction.atomic
def update_certificate(certificate: Certificate, data: dict[str, Any], *, actor: Actor) -> Certificate:
    """Correct or renew a certificate (a new 复审 date moves its review deadline)."""
    values = {k: v for k, v in data.items() if k != "review_due_on"}
    _check_certificate(values, certificate)
    merged = {f: values.get(f, getattr(certificate, f))
              for f in ("kind", "issued_on", "last_reviewed_on", "valid_until")}
    values["review_due_on"] = _review_due(merged, TrainingSettings.current())
    certificate = update_object(certificate, values, actor=actor)
    schedule(certificate, actor=actor)
    return certificate


@transaction.atomic
def delete_certificate(certificate: Certificate, *, actor: Actor) -> None:
    _close_deadlines(certificate, actor)
    delete_object(certificate, actor=actor)


def _close_deadlines(certificate: Certificate, actor: Actor) -> None:
    for kind in (EXPIRY, REVIEW):
        close_deadline(certificate, kind=kind, actor=actor)


def responsible_of(enterprise: Enterprise) -> User | None:
    """The enterprise's first account: reminded of its people's certificates."""
    member = EnterpriseMember.objects.filter(enterprise=enterprise).select_related("user") \
        .order_by("id").first()
    return member.user if member is not None else None


def schedule(certificate: Certificate, *, actor: Actor) -> None:
    """(Re)set the certificate's expiry and 复审 deadlines (core deadlines)."""
    person = certificate.person
    enterprise = person.enterprise
    settings = TrainingSettings.current()
    chain = [enterprise.supervising_officer] if enterprise.supervising_officer_id else []
    common: dict[str, Any] = {
        "actor": actor, "responsible": responsible_of(enterprise), "escalation_chain": chain,
        "remind_before": timedelta(days=settings.remind_days), "escalate_every": timedelta(days=7),
        "link": person_link(person)}
    label = certificate.get_kind_display()
    set_deadline(certificate, kind=EXPIRY, title=f"{enterprise.name}{person.name}的{label}到期",
                 due_at=_end_of(certificate.valid_until), **common)
    if certificate.review_due_on is not None:
        set_deadline(certificate, kind=REVIEW, title=f"{enterprise.name}{person.name}的{label}复审",
                     due_at=_end_of(certificate.review_due_on), **common)
    else:
        close_deadline(certificate, kind=REVIEW, actor=actor)


@transaction.atomic
def seed_from_registry(enterprise: Enterprise, *, actor: Actor) -> list[CertifiedPerson]:
    """Add the enterprise file's 主要负责人 and 安全管理负责人 to the roll (those not on it
    yet by name and post)."""
    check_permission(actor, CertifiedPerson, "add")
    check_scope(actor, enterprise)
    added = []
    for post, name in ((Post.PRINCIPAL, enterprise.principal),
                       (Post.SAFETY_MANAGER, enterprise.safety_manager)):
        name = (name or "").strip()
        if name and not CertifiedPerson.objects.filter(enterprise=enterprise, post=post,
                                                       name=name).exists():
            added.append(create_person({"enterprise": enterprise, "name": name, "post": post,
                                        "job_title": post.label}, actor=actor))
    return added
