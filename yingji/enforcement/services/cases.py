"""Cases: 立案, the facts and the proposal from the discretion standard, investigation
records, the extension of the decision period. The workflow steps are in ``steps``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope
from yingji.enforcement import rules
from yingji.enforcement.models import (
    Case,
    CaseRecord,
    CaseReview,
    EnforcementSettings,
    Inspector,
    ReviewKind,
)
from yingji.enforcement.services import periods
from yingji.enforcement.services.catalogue import propose
from yingji.enforcement.workflow import CASE_FLOW

FACT_FIELDS = ("facts", "violation_on", "person_name", "person_position", "person_id_number",
               "person_income", "first_offence", "corrected", "harm", "refused_to_correct",
               "repeated", "accident_grade", "especially_serious", "unit_fine", "person_fine",
               "measures", "outside_range_reason", "major_flagged", "standard", "title")
EDITABLE_STATES = ("filed", "investigating")
EXTENDABLE_STATES = ("filed", "investigating", "reviewing", "legal_review", "collective",
                     "notifying", "notified", "hearing", "heard")


def _department(actor: Actor, enterprise: Any) -> Any:
    department = getattr(actor.user, "department", None) if actor.user else None
    return department or enterprise.supervising_department


def _check_officers(officers: Sequence[Inspector]) -> None:
    today = timezone.localdate()
    valid = [o for o in officers if o.certificate_valid(today)]
    if len(valid) < 2 or len(valid) != len(officers):
        raise ValidationError(
            {"officers": "承办人须为两名以上持有效执法证的执法人员（执法证过期的不能承办）"})


def _assess(case: Case) -> None:
    """Fill the band, range, 重大 and 听证 flags from the facts (the standard's proposal)."""
    facts = {name: getattr(case, name) for name in FACT_FIELDS}
    proposal = propose(case.standard, facts)
    case.band = proposal.band
    case.proposed_min, case.proposed_max = proposal.fine_min, proposal.fine_max
    if proposal.person_fine is not None and not case.person_fine:
        case.person_fine = proposal.person_fine
    settings = EnforcementSettings.current()
    case.is_major = rules.is_major_case(
        total_fine=case.total_fine, measures=case.measures or [],
        major_threshold=settings.major_case_threshold, flagged=case.major_flagged)
    case.hearing_required = rules.hearing_required(
        unit_fine=case.unit_fine or Decimal("0"), person_fine=case.person_fine or Decimal("0"),
        measures=case.measures or [], unit_threshold=settings.hearing_unit_threshold,
        person_threshold=settings.hearing_person_threshold)


def _check_facts(data: Mapping[str, Any]) -> None:
    errors = {}
    for name in ("unit_fine", "person_fine", "person_income"):
        value = data.get(name)
        if value is not None and Decimal(value) < 0:
            errors[name] = "金额不能为负数"
    if data.get("person_fine") and not (data.get("person_name") or "").strip():
        errors["person_name"] = "处罚责任人（一案双罚）须填写责任人姓名"
    violation_on = data.get("violation_on")
    if violation_on is not None and violation_on > timezone.localdate():
        errors["violation_on"] = "违法行为发生日期不能晚于今天"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def open_case(data: Mapping[str, Any], *, actor: Actor, officers: Sequence[Inspector],
              filed_at: datetime | None = None) -> Case:
    """立案: the party, the violation and its standard, two certified officers; starts the
    90-day decision period (行政处罚法 第六十条) and proposes the band and range."""
    check_permission(actor, Case, "add")
    enterprise = data.get("enterprise")
    if enterprise is None:
        raise ValidationError({"enterprise": "请选择当事人（企业）"})
    if data.get("standard") is None:
        raise ValidationError({"standard": "请选择违法行为（裁量基准）"})
    _check_facts(data)
    _check_officers(list(officers))
    department = data.get("department") or _department(actor, enterprise)
    if department is None:
        raise ValidationError({"department": "请选择办案部门"})
    moment = filed_at or timezone.now()
    values = {k: v for k, v in data.items() if k in (*FACT_FIELDS, "inspection", "enterprise")}
    case = Case(**values, region=enterprise.region, industry=enterprise.industry,
                department=department, state=CASE_FLOW.initial, filed_at=moment,
                created_by=actor.user)
    case.decision_due = rules.decision_due(timezone.localtime(moment).date())
    _assess(case)
    case.full_clean(exclude=["number"])
    check_scope(actor, case)
    case.save()
    case.officers.set(officers)
    case.number = f"AJ{timezone.localtime(moment).year}{case.pk:05d}"
    Case.objects.filter(pk=case.pk).update(number=case.number)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=case, after=audit.snapshot(case))
    events.emit("case.filed", actor=actor, obj=case, summary=f"立案：{case.title}")
    periods.start_decision_clock(case, actor)
    return case


@transaction.atomic
def update_case(case: Case, data: Mapping[str, Any], *, actor: Actor,
                officers: Sequence[Inspector] | None = None,
                expected_version: int | None = None) -> Case:
    """Correct the facts and fines while the case is 已立案 or 调查取证; the proposal,
    重大 and 听证 flags follow the facts."""
    check_permission(actor, Case, "change")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    check_scope(actor, locked)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError({"version": "该记录已被他人处理或修改，请刷新页面后重试"})
    if locked.state not in EDITABLE_STATES:
        raise ValidationError({"state": f"“{CASE_FLOW.label(locked.state)}”的案件不能修改违法事实和罚款"})
    merged = {name: getattr(locked, name) for name in FACT_FIELDS}
    merged.update({k: v for k, v in data.items() if k in FACT_FIELDS})
    _check_facts(merged)
    if officers is not None:
        _check_officers(list(officers))
    before = audit.snapshot(locked)
    for key, value in data.items():
        if key in FACT_FIELDS:
            setattr(locked, key, value)
    _assess(locked)
    locked.version += 1
    locked.full_clean()
    check_scope(actor, locked)
    locked.save()
    if officers is not None:
        locked.officers.set(officers)
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked))
    events.emit("case.updated", actor=actor, obj=locked, summary="修改违法事实和拟处罚款")
    return locked


@transaction.atomic
def add_record(case: Case, data: Mapping[str, Any], *, actor: Actor,
               signers: Sequence[Inspector]) -> CaseRecord:
    """An investigation record (询问笔录, 勘验笔录, 证据): only while investigating, signed
    by at least two of the case's officers with valid certificates."""
    check_permission(actor, Case, "change")
    check_scope(actor, case)
    if case.state != "investigating":
        raise ValidationError({"state": "只有调查取证阶段可以登记调查取证记录"})
    officer_ids = set(case.officers.values_list("pk", flat=True))
    today = timezone.localdate()
    valid = [s for s in signers if s.pk in officer_ids and s.certificate_valid(today)]
    if len(valid) < 2 or len(valid) != len(signers):
        raise ValidationError({"signers": "记录须由两名以上本案承办人签名，执法证过期的不能签名"})
    if not str(data.get("content") or "").strip():
        raise ValidationError({"content": "请填写记录内容"})
    record = CaseRecord(case=case, kind=data.get("kind") or "interview",
                        title=str(data.get("title") or "询问笔录")[:120],
                        content=str(data["content"]), interviewee=str(data.get("interviewee") or "")[:40],
                        recorded_at=data.get("recorded_at") or timezone.now())
    record.full_clean()
    record.save()
    record.signers.set(valid)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=record, after=audit.snapshot(record))
    events.emit("case.record", actor=actor, obj=case, summary=f"调查取证：{record.title}")
    return record


@transaction.atomic
def extend_decision(case: Case, *, actor: Actor, days: int, reason: str) -> Case:
    """延长办案期限 with a leader's approval: the decision period moves by ``days``;
    all extensions together within the configured maximum."""
    if not actor.is_system and (actor.user is None or not actor.user.has_perm("enforcement.decide_case")):
        raise PermissionDenied("延长办案期限须由负责人批准")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    check_scope(actor, locked)
    if locked.state not in EXTENDABLE_STATES:
        raise ValidationError({"state": "已作出决定或已结束的案件不能延期"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写延期理由"})
    problem = rules.extension_problem(int(days), locked.extension_days,
                                      EnforcementSettings.current().max_extension_days)
    if problem:
        raise ValidationError({"days": problem})
    before = audit.snapshot(locked)
    locked.extension_days += int(days)
    assert locked.filed_at is not None
    locked.decision_due = rules.decision_due(timezone.localtime(locked.filed_at).date(),
                                             locked.extension_days)
    locked.version += 1
    locked.save()
    CaseReview.objects.create(case=locked, kind=ReviewKind.EXTENSION, passed=True,
                              opinion=f"延长{days}日：{reason}", reviewer=actor.user)
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail="延长办案期限")
    events.emit("case.extended", actor=actor, obj=locked,
                summary=f"批准延长办案期限{days}日，至{locked.decision_due:%Y-%m-%d}")
    periods.start_decision_clock(locked, actor)
    return locked


def earlier_violations(case: Case) -> int:
    """Penalty decisions the enterprise had before this case (for 首违不罚)."""
    from yingji.enforcement.workflow import PENALISED_STATES

    return Case.objects.filter(enterprise_id=case.enterprise_id, state__in=PENALISED_STATES) \
        .exclude(pk=case.pk).count()
