"""Responsibility findings (责任认定及处理) and rectification measures (整改措施) of an
accident, with their follow-up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.accidents import rules
from yingji.accidents.models import Accident, Disposal, Finding, Measure, SubjectKind
from yingji.accidents.services import deadlines as dl
from yingji.accidents.services.common import fire_step, local_day
from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission

R = TypeVar("R")  # the row a step adds or updates (a finding, a measure, a case)


def _step(accident: Accident, name: str, *, actor: Actor, expected_version: int,
          change: Callable[[Accident], tuple[R, str]]) -> tuple[Accident, R]:
    """Fire step ``name`` on the accident (the investigating staff's permission, the
    version the person saw): ``change`` adds or updates one row of the locked accident
    and returns it with the timeline's text; the accident after the step and the row."""
    check_permission(actor, Accident, "change")
    rows: list[R] = []

    def apply(locked: Accident) -> str:
        row, text = change(locked)
        rows.append(row)
        return text
    accident = fire_step(accident, name, actor=actor, change=apply, expected_version=expected_version)
    return accident, rows[0]


def _create(row: Finding | Measure, *, actor: Actor, problems: dict[str, str]) -> None:
    """Check a new row (its model's rules and ``problems``, every message at once, by
    field), then save and audit it."""
    errors: dict[str, Any] = {}
    try:
        row.full_clean(exclude=["accident", "created_by"])
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    for field, message in problems.items():
        errors.setdefault(field, []).append(ValidationError(message))
    if errors:
        raise ValidationError(errors)
    row.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=row, after=audit.snapshot(row))


def _update(row: Finding | Measure, *, actor: Actor, detail: str, **values: Any) -> None:
    """Set ``values`` on a locked row, save them and audit the change."""
    before = audit.snapshot(row)
    for name, value in values.items():
        setattr(row, name, value)
    row.save(update_fields=list(values))
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=row, before=before,
                 after=audit.snapshot(row), detail=detail)


def fine_hint(accident: Accident, subject_kind: str) -> str:
    """The fine the law sets for the accident's grade (安全生产法 第一百一十四条 on the
    unit, 第九十五条 on the principal person in charge)."""
    if subject_kind == SubjectKind.UNIT:
        low, high = rules.unit_fine_range(accident.grade)
        return (f"{accident.grade_display}事故对事故单位罚款{low}万元以上{high}万元以下"
                f"（安全生产法第一百一十四条）")
    return (f"{accident.grade_display}事故对主要负责人处上一年年收入"
            f"{rules.head_fine_share(accident.grade)}%的罚款（安全生产法第九十五条）")


@transaction.atomic
def add_finding(accident: Accident, data: dict[str, Any], *, actor: Actor,
                expected_version: int) -> Finding:
    """Record one responsibility finding of the report (per person or unit). A unit's
    suggested fine must lie within the law's range for the grade. The penalty opens an
    enforcement case through ``open_enforcement_case``."""
    def change(locked: Accident) -> tuple[Finding, str]:
        finding = Finding(accident=locked, created_by=actor.user,
                          **{k: data.get(k) for k in ("subject_kind", "name", "position",
                                                      "responsibility", "disposal", "fine_wan")
                             if k in data})
        finding.name = (finding.name or "").strip()
        finding.responsibility = (finding.responsibility or "").strip()
        problems: dict[str, str] = {}
        if finding.disposal == Disposal.PENALTY and finding.fine_wan is None:
            problems["fine_wan"] = "行政处罚须填写建议罚款金额"
        if (finding.fine_wan is not None and finding.subject_kind == SubjectKind.UNIT
                and finding.disposal == Disposal.PENALTY):
            _, high = rules.unit_fine_range(locked.grade, especially_serious=True)
            base_low, _ = rules.unit_fine_range(locked.grade)
            if not Decimal(base_low) <= Decimal(finding.fine_wan) <= Decimal(high):
                problems["fine_wan"] = fine_hint(locked, SubjectKind.UNIT) + "，情节特别严重的可至五倍"
        _create(finding, actor=actor, problems=problems)
        return finding, f"{finding.name}，{finding.get_disposal_display()}"
    return _step(accident, "finding", actor=actor, expected_version=expected_version,
                 change=change)[1]


@transaction.atomic
def awaits_case(finding: Finding, accident: Accident) -> bool:
    """A penalty on a registered enterprise is carried out by the enforcement case it opens;
    an unregistered unit's penalty (decided elsewhere) is recorded here directly."""
    return (finding.disposal == Disposal.PENALTY and not finding.enforcement_ref
            and accident.enterprise_id is not None)


def carry_out_finding(finding: Finding, *, actor: Actor, note: str,
                      expected_version: int) -> Finding:
    """Record how the finding was carried out (处分决定、判决、处罚决定书)."""
    def change(accident: Accident) -> tuple[Finding, str]:
        locked = accident.findings.select_for_update().get(pk=finding.pk)
        if locked.carried_out:
            raise ValidationError({"note": "该项责任追究已登记落实"})
        if awaits_case(locked, accident):
            raise ValidationError({"finding": "该项行政处罚尚未移交执法立案：请先移交执法立案，"
                                              "由执法案件的处罚决定落实"})
        if not note.strip():
            raise ValidationError({"note": "请填写落实情况（如处分决定文号）"})
        _update(locked, actor=actor, detail="责任追究落实", carried_out=True,
                carried_out_note=note.strip()[:300])
        return locked, f"{locked.name}：{note.strip()[:60]}"
    return _step(finding.accident, "finding_done", actor=actor,
                 expected_version=expected_version, change=change)[1]


@transaction.atomic
def add_measure(accident: Accident, data: dict[str, Any], *, actor: Actor,
                expected_version: int) -> Measure:
    """A rectification measure with its owner unit, person and deadline (a core
    deadline: reminders and escalation)."""
    def change(locked: Accident) -> tuple[Measure, str]:
        measure = Measure(accident=locked, **{k: data.get(k) for k in (
            "content", "owner_unit", "owner_name", "owner", "due") if k in data})
        past = measure.due and measure.due < local_day(timezone.now())
        _create(measure, actor=actor, problems={"due": "整改期限不能早于今天"} if past else {})
        return measure, f"{measure.content[:40]}（{measure.owner_unit}，{measure.due:%Y-%m-%d}前）"
    _, measure = _step(accident, "measure", actor=actor, expected_version=expected_version,
                       change=change)
    dl.open_measure_deadline(measure, actor=actor)
    return measure


@transaction.atomic
def complete_measure(measure: Measure, *, actor: Actor, done_on: date, result: str,
                     expected_version: int) -> Measure:
    """整改完成: the date and what was done; the measure's deadline is met (or late)."""
    def change(accident: Accident) -> tuple[Measure, str]:
        locked = accident.measures.select_for_update().get(pk=measure.pk)
        if locked.done_on:
            raise ValidationError({"done_on": "该措施已登记完成"})
        if done_on is None or done_on > local_day(timezone.now()):
            raise ValidationError({"done_on": "完成日期不能晚于今天"})
        if not result.strip():
            raise ValidationError({"result": "请填写完成情况"})
        _update(locked, actor=actor, detail="整改完成", done_on=done_on, result=result.strip()[:300])
        return locked, f"{locked.content[:40]}{'（超期完成）' if done_on > locked.due else ''}"
    accident, done = _step(measure.accident, "measure_done", actor=actor,
                           expected_version=expected_version, change=change)
    dl.close(accident, f"accident-measure-{measure.pk}", actor=actor, on=done_on)
    return done


# The discretion standard of an accident penalty (安全生产法 第一百一十四条 on the unit,
# 第九十五条 on the principal person in charge), by its code in the enforcement catalogue.
CASE_STANDARD = {SubjectKind.UNIT: "CL114", SubjectKind.PERSON: "CL095"}


@transaction.atomic
def open_enforcement_case(finding: Finding, *, actor: Actor, officers: Any,
                          standard: Any = None, expected_version: int) -> Any:
    """移交执法立案: an administrative penalty of the report opens a case (立案) in the
    enforcement module through its ``open_case`` service (two certified officers, the
    discretion standard of the accident's grade); the case number is kept on the
    finding."""
    from yingji.enforcement.services.cases import open_case
    from yingji.enforcement.services.lookups import standard_by_code

    def change(accident: Accident) -> tuple[Any, str]:
        locked = accident.findings.select_for_update().get(pk=finding.pk)
        if locked.disposal != Disposal.PENALTY:
            raise ValidationError({"finding": "只有处理建议为行政处罚的责任认定可以移交立案"})
        if locked.enforcement_ref:
            raise ValidationError({"finding": f"该项已立案（{locked.enforcement_ref}）"})
        if accident.enterprise is None:
            raise ValidationError({"finding": "事故单位不在企业库中，请先在企业档案中登记并关联后再立案"})
        chosen = standard or standard_by_code(CASE_STANDARD[SubjectKind(locked.subject_kind)])
        data: dict[str, Any] = {
            "enterprise": accident.enterprise, "standard": chosen,
            "title": f"{accident.unit_display}“{accident.title}”事故责任"[:200],
            "facts": f"{accident.title}（{accident.number}）：{locked.responsibility}",
            "violation_on": local_day(accident.occurred_at),
            "accident_grade": rules.ENFORCEMENT_GRADE[accident.grade]}
        if locked.subject_kind == SubjectKind.PERSON:
            data.update(person_name=locked.name[:40], person_position=locked.position[:40])
        elif locked.fine_wan is not None:
            data["unit_fine"] = locked.fine_wan * 10_000
        case = open_case(data, actor=actor, officers=list(officers))
        _update(locked, actor=actor, detail=f"移交执法立案：{case.number}",
                enforcement_ref=case.number)
        return case, f"责任认定“{locked.name}”立案{case.number}"
    return _step(finding.accident, "open_case", actor=actor, expected_version=expected_version,
                 change=change)[1]
