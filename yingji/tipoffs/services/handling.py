"""Handling a report: triage (受理 / 不予受理 with its reason / 重复举报 linked to the first
report), assignment to the district or department in charge (suggested by the place and
industry), verification within the configured limit (a core deadline), the result and
what it leads to — a hidden hazard or an enforcement inspection, made by those modules'
services, never copied — the reward the rules propose, and the answer to the reporter."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.models import Department, DepartmentKind, User
from yingji.core.scope import region_range_q
from yingji.core.services.deadlines import close_deadline, set_deadline
from yingji.enforcement.models import InspectionSource
from yingji.enforcement.services.inspections import record_inspection
from yingji.hazards.services import report_hazard_from_tipoff
from yingji.tipoffs import rules
from yingji.tipoffs.models import Disposal, MatterKind, Tipoff, TipoffSettings
from yingji.tipoffs.services import rewards
from yingji.tipoffs.services.intake import TRIAGE_DEADLINE
from yingji.tipoffs.workflow import TIPOFF_FLOW

logger = logging.getLogger(__name__)
VERIFY_DEADLINE = "tipoffs.verify"
DISTRICT_LENGTH = 6


def link(tipoff: Tipoff) -> str:
    return reverse("tipoff_detail", args=[tipoff.pk])


def suggest_department(tipoff: Tipoff) -> Department | None:
    """Who is in charge: the enterprise's supervising department; else the district's
    industry department for the industry; else the district's emergency bureau; else the
    nearest bureau above."""
    enterprise = tipoff.enterprise
    if enterprise is not None and enterprise.supervising_department_id:
        return enterprise.supervising_department
    district = str(tipoff.region_id)[:DISTRICT_LENGTH]
    active = Department.objects.filter(is_active=True)
    if tipoff.industry:
        found = active.filter(region_range_q("region", district), kind=DepartmentKind.INDUSTRY,
                              sector=tipoff.industry).order_by("sort_order", "id").first()
        if found is not None:
            return found
    found = active.filter(region_range_q("region", district),
                          kind=DepartmentKind.DISTRICT_BUREAU).order_by("sort_order", "id").first()
    if found is not None:
        return found
    return active.filter(region_range_q("region", district[:2]), kind=DepartmentKind.BUREAU,
                         ).order_by("-region_id", "sort_order").first()


def verifiers(department: Department | None) -> list[User]:
    """The department's accounts that verify reports (reminded of the deadline)."""
    if department is None:
        return []
    users = User.objects.filter(department=department, is_active=True).order_by("id")
    return [u for u in users if u.has_perm("tipoffs.verify_tipoff")][:3]


def _fire(tipoff: Tipoff, name: str, *, actor: Actor, data: Mapping[str, Any],
          expected_version: int | None, apply: Any = None) -> Tipoff:
    return TIPOFF_FLOW.fire(tipoff, name, actor=actor, data=data, expected_version=expected_version,
                            apply=apply)


@transaction.atomic
def accept(tipoff: Tipoff, *, actor: Actor, expected_version: int | None = None,
           comment: str = "") -> Tipoff:
    """受理: the report is within the bureau's remit and will be assigned."""
    tipoff = _fire(tipoff, "accept", actor=actor, data={"comment": comment},
                   expected_version=expected_version)
    close_deadline(tipoff, kind=TRIAGE_DEADLINE, actor=actor)
    return tipoff


@transaction.atomic
def reject(tipoff: Tipoff, *, actor: Actor, reason: str, expected_version: int | None = None) -> Tipoff:
    """不予受理 with its reason (told to the reporter on the query page)."""
    reason = (reason or "").strip()

    def apply(locked: Tipoff, data: Mapping[str, Any]) -> None:
        locked.reason = reason[:300]
        locked.reply = f"您的举报不予受理。理由：{reason[:300]}"
        locked.replied_at = timezone.now()

    tipoff = _fire(tipoff, "reject", actor=actor, data={"reason": reason, "comment": reason},
                   expected_version=expected_version, apply=apply)
    close_deadline(tipoff, kind=TRIAGE_DEADLINE, actor=actor)
    return tipoff


def _root(tipoff: Tipoff) -> Tipoff:
    seen = set()
    while tipoff.original_id is not None and tipoff.pk not in seen:
        seen.add(tipoff.pk)
        tipoff = Tipoff.objects.get(pk=tipoff.original_id)
    return tipoff


@transaction.atomic
def mark_duplicate(tipoff: Tipoff, *, actor: Actor, original: Tipoff,
                   expected_version: int | None = None) -> Tipoff:
    """重复举报: the same matter as an earlier report, linked to it (the first report of
    the matter is handled and, when valid, rewarded)."""
    root = _root(original)
    if root.pk == tipoff.pk:
        raise ValidationError({"original": "不能将举报关联到其自身"})
    if root.received_at > tipoff.received_at:
        raise ValidationError({"original": "首次举报须早于本举报"})
    if root.state in ("rejected", "duplicate"):
        raise ValidationError({"original": "所选举报未受理，不能作为首次举报"})

    def apply(locked: Tipoff, data: Mapping[str, Any]) -> None:
        locked.original = root
        locked.reply = f"您举报的事项已有他人先行举报（{root.number}），将一并核查处理。"
        locked.replied_at = timezone.now()

    tipoff = _fire(tipoff, "duplicate", actor=actor, data={"original": root},
                   expected_version=expected_version, apply=apply)
    close_deadline(tipoff, kind=TRIAGE_DEADLINE, actor=actor)
    return tipoff


def _set_verify_deadline(tipoff: Tipoff, actor: Actor) -> None:
    people = verifiers(tipoff.department)
    assert tipoff.verify_due_at is not None
    set_deadline(tipoff, kind=VERIFY_DEADLINE, title=f"举报{tipoff.number}核查",
                 due_at=tipoff.verify_due_at, actor=actor,
                 responsible=people[0] if people else None,
                 escalation_chain=[actor.user] if actor.user is not None else [],
                 remind_before=timedelta(days=5), escalate_every=timedelta(days=3), link=link(tipoff))


@transaction.atomic
def assign(tipoff: Tipoff, *, actor: Actor, department: Department | None,
           expected_version: int | None = None, comment: str = "") -> Tipoff:
    """交办核查: to the district or department in charge, with the verification limit
    of the settings (a core deadline on the report)."""
    days = TipoffSettings.current().verify_days

    def apply(locked: Tipoff, data: Mapping[str, Any]) -> None:
        locked.department = department
        locked.assigned_at = timezone.now()
        locked.verify_due_at = locked.assigned_at + timedelta(days=days)

    tipoff = _fire(tipoff, "assign", actor=actor, data={"department": department, "comment": comment},
                   expected_version=expected_version, apply=apply)
    _set_verify_deadline(tipoff, actor)
    return tipoff


@transaction.atomic
def reassign(tipoff: Tipoff, *, actor: Actor, department: Department | None,
             expected_version: int | None = None, comment: str = "") -> Tipoff:
    """改派: another department verifies, within the same limit."""

    def apply(locked: Tipoff, data: Mapping[str, Any]) -> None:
        locked.department = department

    tipoff = _fire(tipoff, "reassign", actor=actor, data={"department": department, "comment": comment},
                   expected_version=expected_version, apply=apply)
    _set_verify_deadline(tipoff, actor)
    return tipoff


def verified_summary(tipoff: Tipoff) -> str:
    """What the hazard or the inspection says of the report: the verifier's findings in
    a neutral sentence, never the reporter's own words (the enterprise reads both)."""
    told = "部分属实" if tipoff.outcome == rules.PARTLY else "属实"
    return f"群众举报核查{told}：{tipoff.findings}"


def _check_result(tipoff: Tipoff, outcome: str, disposal: str, values: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    valid = outcome in rules.VALID_OUTCOMES
    if not valid and disposal not in ("", Disposal.NONE):
        errors["disposal"] = "核查不属实的举报无需后续处理"
    if valid and not disposal:
        errors["disposal"] = "请选择后续处理"
    if disposal in (Disposal.HAZARD, Disposal.INSPECTION) and tipoff.enterprise_id is None:
        errors["disposal"] = "被举报单位不在企业库中，不能登记隐患或执法检查；请先关联企业"
    if disposal == Disposal.INSPECTION and len(values.get("inspectors") or ()) < 2:
        errors["inspectors"] = "执法检查须选择至少两名执法人员"
    if tipoff.kind == MatterKind.CONCEALMENT and valid and not values.get("accident_grade"):
        errors["accident_grade"] = "瞒报谎报事故请核定事故等级"
    fine = values.get("fine_amount")
    if fine is not None and fine < 0:
        errors["fine_amount"] = "罚没款不能为负数"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def conclude(tipoff: Tipoff, *, actor: Actor, outcome: str, findings: str, disposal: str = "",
             fine_amount: Decimal | None = None, concealed_deaths: int = 0, accident_grade: str = "",
             inspectors: Sequence[Any] = (), expected_version: int | None = None) -> Tipoff:
    """登记核查结果 (属实 / 部分属实 / 不属实) and what it leads to: a hazard registered by
    the hazards module or an inspection recorded by the enforcement module (their
    services, their checks); a valid real-name report gets the reward the rules propose."""
    values = {"fine_amount": fine_amount, "accident_grade": accident_grade, "inspectors": inspectors}
    _check_result(tipoff, outcome, disposal, values)

    def apply(locked: Tipoff, data: Mapping[str, Any]) -> None:
        locked.outcome = outcome
        locked.findings = findings.strip()[:2000]
        locked.disposal = disposal or Disposal.NONE
        locked.fine_amount = fine_amount
        locked.concealed_deaths = concealed_deaths or 0
        locked.accident_grade = accident_grade
        locked.verified_at = timezone.now()

    tipoff = _fire(tipoff, "conclude", actor=actor,
                   data={"outcome": outcome, "findings": findings.strip()},
                   expected_version=expected_version, apply=apply)
    close_deadline(tipoff, kind=VERIFY_DEADLINE, actor=actor)
    reference = {"id": tipoff.pk, "number": tipoff.number}
    title = f"群众举报{tipoff.number}：{tipoff.get_kind_display()}"
    if disposal == Disposal.HAZARD:
        hazard = report_hazard_from_tipoff(
            actor=actor, enterprise=tipoff.enterprise, title=title,
            description=verified_summary(tipoff), tipoff=reference,
            major=tipoff.kind == MatterKind.MAJOR_HAZARD, latitude=tipoff.latitude,
            longitude=tipoff.longitude)
        Tipoff.objects.filter(pk=tipoff.pk).update(hazard=hazard)
        tipoff.hazard = hazard
    elif disposal == Disposal.INSPECTION:
        inspection = record_inspection(
            {"enterprise": tipoff.enterprise, "source": InspectionSource.COMPLAINT,
             "summary": f"{title}\n{verified_summary(tipoff)}"[:2000]},
            actor=actor, inspectors=list(inspectors))
        Tipoff.objects.filter(pk=tipoff.pk).update(inspection=inspection)
        tipoff.inspection = inspection
    if outcome in rules.VALID_OUTCOMES:
        rewards.propose_for(tipoff, actor=actor)
    return tipoff


@transaction.atomic
def answer(tipoff: Tipoff, *, actor: Actor, reply: str, expected_version: int | None = None) -> Tipoff:
    """答复举报人: the answer the reporter reads on the query page (and by SMS when a
    gateway is configured and the report is real-name); the report is closed."""
    reply = (reply or "").strip()

    def apply(locked: Tipoff, data: Mapping[str, Any]) -> None:
        locked.reply = reply[:1000]
        locked.replied_at = timezone.now()

    tipoff = _fire(tipoff, "reply", actor=actor, data={"reply": reply},
                   expected_version=expected_version, apply=apply)
    _sms_reporter(tipoff)
    return tipoff


def _sms_reporter(tipoff: Tipoff) -> None:
    """Tell a real-name reporter by SMS after commit (best effort; the query page holds
    the answer in any case)."""
    from yingji.core.channels import Message, SmsChannel

    channel = SmsChannel()
    reporter = getattr(tipoff, "reporter", None) if not tipoff.anonymous else None
    if reporter is None or not channel.configured():
        return
    phone, number = reporter.phone, tipoff.number

    def send() -> None:
        try:
            channel.send(phone, Message("举报答复", f"您的举报{number}已办结，请凭查询码查看答复。"))
        except Exception:  # a gateway failure must not undo the answer
            logger.warning("tipoffs: SMS to the reporter of %s failed", number)

    transaction.on_commit(send)
