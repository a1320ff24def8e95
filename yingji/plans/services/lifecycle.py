"""The plan lifecycle (国办发〔2024〕5号《突发事件应急预案管理办法》; 应急管理部令第2号
《生产安全事故应急预案管理办法》 as amended): 起草 → 评审 → 签署 → 印发 → 备案 (within the
configured working days, a core deadline) → 施行 → 评估 (at the configured interval, a core
deadline) → 修订. Each step is a workflow transition on the plan's timeline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core import audit, calendar, events
from yingji.core.actor import Actor
from yingji.core.services import deadlines
from yingji.core.services.objects import check_permission, check_scope
from yingji.core.workflow import TransitionRefused
from yingji.plans import rules
from yingji.plans.models import (
    DrillFinding,
    Plan,
    PlanEvaluation,
    PlanReview,
    PlanRevision,
    PlanSettings,
    PlanVersion,
    ReviewConclusion,
    RevisionCause,
)
from yingji.plans.services import drill_deadlines
from yingji.plans.services.plans import structure_of
from yingji.plans.workflow import PLAN_FLOW

FILING = "plan_filing"
EVALUATION = "plan_evaluation"


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _link(plan: Plan) -> str:
    return reverse("plan_detail", kwargs={"pk": plan.pk})


def filing_due(plan: Plan, settings: PlanSettings | None = None) -> datetime | None:
    """When the filing of an issued plan is due (the configured working days after issue)."""
    if plan.issued_on is None:
        return None
    workdays = (settings or PlanSettings.current()).filing_workdays
    start = timezone.make_aware(datetime.combine(plan.issued_on, time(9)))
    return calendar.due_at(start, workdays, "workdays")


def evaluation_due(plan: Plan, settings: PlanSettings | None = None) -> date | None:
    """When the next evaluation of a plan is due."""
    years = (settings or PlanSettings.current()).evaluation_years
    return rules.evaluation_due(plan.issued_on, plan.last_evaluated_on, years)


def _fire(plan: Plan, name: str, *, actor: Actor, data: Mapping[str, Any],
          fields: Mapping[str, Any] | None = None, expected_version: int | None = None) -> Plan:
    def apply(locked: Plan, values: Mapping[str, Any]) -> None:
        for key, value in (fields or {}).items():
            setattr(locked, key, value)

    return PLAN_FLOW.fire(plan, name, actor=actor, data=data, apply=apply,
                          expected_version=expected_version)


def _may_write(actor: Actor, plan: Plan, model: type[Any], action: str = "add") -> None:
    """The permission and the plan's scope, checked before a step writes anything of its
    own (the workflow checks them again when the plan's state changes)."""
    check_permission(actor, model, action)
    check_scope(actor, plan)


@transaction.atomic
def submit_review(plan: Plan, *, actor: Actor, comment: str = "",
                  expected_version: int | None = None) -> Plan:
    """提交评审: a draft (or a revision) goes to the expert review; it needs its working
    groups and at least one response level with conditions first."""
    if not plan.groups.exists():
        raise ValidationError({"groups": "请先录入指挥机构的工作组"})
    if not plan.levels.filter(conditions__isnull=False).exists():
        raise ValidationError({"levels": "请先录入至少一个响应级别及其启动条件"})
    return _fire(plan, "submit_review", actor=actor, data={"comment": comment},
                 expected_version=expected_version)


@transaction.atomic
def record_review(plan: Plan, *, actor: Actor, held_on: date, experts: str, conclusion: str,
                  opinions: str, expected_version: int | None = None) -> Plan:
    """登记评审: the experts' conclusion; 通过/修改后通过 moves the plan on to signing, 不通过
    sends it back to drafting (国办发〔2024〕5号 第二十二条)."""
    _may_write(actor, plan, PlanReview)
    errors = {}
    if conclusion not in ReviewConclusion.values:
        errors["conclusion"] = "请选择评审结论"
    names = [n for n in experts.replace("，", "、").replace(",", "、").split("、") if n.strip()]
    if len(names) < 3:
        errors["experts"] = "评审专家不少于3人，多名专家用顿号分隔"
    if not opinions.strip():
        errors["opinions"] = "请填写评审意见"
    if held_on > timezone.localdate():
        errors["held_on"] = "评审日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    review = PlanReview(plan=plan, held_on=held_on, experts="、".join(n.strip() for n in names),
                        conclusion=conclusion, opinions=opinions, recorded_by=actor.user)
    review.full_clean()
    review.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=review, after=audit.snapshot(review))
    label = ReviewConclusion(conclusion).label
    if conclusion == ReviewConclusion.FAILED:
        return _fire(plan, "fail_review", actor=actor,
                     data={"comment": f"评审不通过：{opinions}"}, expected_version=expected_version)
    return _fire(plan, "pass_review", actor=actor, data={"comment": f"评审结论：{label}"},
                 expected_version=expected_version)


@transaction.atomic
def sign_plan(plan: Plan, *, actor: Actor, signer: str, expected_version: int | None = None) -> Plan:
    """签署: signed by the head of the government or unit (主要负责人签署)."""
    return _fire(plan, "sign", actor=actor, data={"signer": signer,
                                                  "comment": f"签署人：{signer}"},
                 expected_version=expected_version)


@transaction.atomic
def issue_plan(plan: Plan, *, actor: Actor, doc_number: str, issued_on: date,
               effective_from: date | None = None, label: str = "",
               expected_version: int | None = None) -> Plan:
    """印发: the 文号 and date; the version is frozen (text files are attached to it) and
    the filing deadline starts."""
    _may_write(actor, plan, Plan, "change")
    if plan.state not in PLAN_FLOW.transition("issue").sources:
        raise TransitionRefused({"state": f"当前状态为“{PLAN_FLOW.label(plan.state)}”，不能印发"})
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": "印发日期不能晚于今天"})
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PlanVersion(plan=plan, number=number, label=label or f"{issued_on.year}年版",
                          doc_number=doc_number, issued_on=issued_on, structure=structure_of(plan))
    version.full_clean()
    version.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=version, after=audit.snapshot(version))
    issued = _fire(plan, "issue", actor=actor,
                   data={"doc_number": doc_number, "issued_on": issued_on,
                         "comment": f"印发文号：{doc_number}"},
                   fields={"doc_number": doc_number, "issued_on": issued_on,
                           "effective_from": effective_from or issued_on,
                           "current_version": version},
                   expected_version=expected_version)
    due = filing_due(issued)
    assert due is not None
    deadlines.set_deadline(issued, kind=FILING, title=f"{issued.name}：印发后备案", due_at=due,
                           actor=actor, responsible=drill_deadlines.responsible_for(issued),
                           escalation_chain=drill_deadlines.escalation_for(issued), link=_link(issued),
                           remind_before=timedelta(days=5))
    return issued


@transaction.atomic
def file_plan(plan: Plan, *, actor: Actor, filing_body: str, filed_on: date,
              materials: Iterable[str], filing_number: str = "",
              expected_version: int | None = None) -> Plan:
    """备案: checked against the materials the plan type requires; the plan is then in
    force, the filing deadline closed and the evaluation deadline set."""
    missing = rules.missing_materials(plan.kind, materials)
    if missing:
        raise ValidationError({"materials": f"备案材料不齐：缺少{'、'.join(missing)}"})
    if plan.issued_on and filed_on < plan.issued_on:
        raise ValidationError({"filed_on": "备案日期不能早于印发日期"})
    if filed_on > timezone.localdate():
        raise ValidationError({"filed_on": "备案日期不能晚于今天"})
    late = ""
    due = filing_due(plan)
    if due is not None and _end_of(filed_on) > due:
        late = f"（超过印发后{PlanSettings.current().filing_workdays}个工作日的备案时限）"
    filed = _fire(plan, "file", actor=actor,
                  data={"filing_body": filing_body, "filed_on": filed_on,
                        "comment": f"报{filing_body}备案{late}"},
                  fields={"filing_body": filing_body, "filed_on": filed_on,
                          "filing_number": filing_number},
                  expected_version=expected_version)
    deadlines.close_deadline(filed, kind=FILING, actor=actor,
                             at=timezone.make_aware(datetime.combine(filed_on, time(12))))
    _set_evaluation_deadline(filed, actor=actor)
    drill_deadlines.sync_drill_deadline(filed, actor=actor)
    for revision in filed.revisions.filter(closed_on__isnull=True):
        revision.closed_on = filed_on
        revision.save(update_fields=["closed_on"])
        audit.record(audit.AuditAction.UPDATE, actor=actor, obj=revision,
                     after=audit.snapshot(revision))
    return filed


def _set_evaluation_deadline(plan: Plan, *, actor: Actor) -> None:
    settings = PlanSettings.current()
    due = evaluation_due(plan, settings)
    if due is None:
        return
    deadlines.set_deadline(plan, kind=EVALUATION, title=f"{plan.name}：定期评估",
                           due_at=_end_of(due), actor=actor,
                           responsible=drill_deadlines.responsible_for(plan),
                           escalation_chain=drill_deadlines.escalation_for(plan), link=_link(plan),
                           remind_before=timedelta(days=settings.remind_days),
                           escalate_every=timedelta(days=7))


@transaction.atomic
def evaluate_plan(plan: Plan, *, actor: Actor, evaluated_on: date, evaluator: str,
                  conclusion: str, needs_revision: bool = False,
                  expected_version: int | None = None) -> PlanEvaluation:
    """评估: recorded on a plan in force (the workflow's 登记评估, on its timeline); the next
    evaluation is due one interval later; a conclusion that asks for revision opens it
    (国办发〔2024〕5号 第三十五条)."""
    _may_write(actor, plan, PlanEvaluation)
    if plan.state != "in_force":
        raise ValidationError({"state": "只有施行中的预案可以评估"})
    if evaluated_on > timezone.localdate():
        raise ValidationError({"evaluated_on": "评估日期不能晚于今天"})
    if not conclusion.strip():
        raise ValidationError({"conclusion": "请填写评估结论"})
    evaluation = PlanEvaluation(plan=plan, evaluated_on=evaluated_on, evaluator=evaluator,
                                conclusion=conclusion, needs_revision=needs_revision)
    evaluation.full_clean()
    evaluation.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=evaluation,
                 after=audit.snapshot(evaluation))
    evaluated = _fire(plan, "evaluate", actor=actor, fields={"last_evaluated_on": evaluated_on},
                      data={"evaluator": evaluator, "comment": f"{conclusion[:60]}"
                            f"{'，需修订' if needs_revision else ''}"},
                      expected_version=expected_version)
    _set_evaluation_deadline(evaluated, actor=actor)
    if needs_revision:
        revise_plan(evaluated, actor=actor, cause=RevisionCause.EVALUATION, detail=conclusion)
    return evaluation


@transaction.atomic
def revise_plan(plan: Plan, *, actor: Actor, cause: str, detail: str,
                drill_finding: DrillFinding | None = None,
                expected_version: int | None = None) -> PlanRevision:
    """启动修订 with its cause (evaluation, drill, incident, organisation, risk …): the plan
    goes back to drafting; its current version stays in force for activation until the
    revised one is issued."""
    _may_write(actor, plan, PlanRevision)
    if drill_finding is not None and drill_finding.drill.plan_id != plan.pk:
        raise ValidationError({"drill_finding": "所选演练问题不属于该预案"})
    if cause not in RevisionCause.values:
        raise ValidationError({"cause": "请选择修订原因"})
    if not detail.strip():
        raise ValidationError({"detail": "请填写修订的具体情况"})
    revision = PlanRevision(plan=plan, cause=cause, detail=detail, opened_on=timezone.localdate(),
                            drill_finding=drill_finding)
    revision.full_clean()
    revision.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=revision, after=audit.snapshot(revision))
    if plan.state in ("in_force", "issued"):
        _fire(plan, "revise", actor=actor,
              data={"cause": cause, "comment": f"{RevisionCause(cause).label}：{detail}"},
              expected_version=expected_version)
    else:
        events.emit("plan.revision_noted", actor=actor, obj=plan,
                    summary=f"登记修订需求：{RevisionCause(cause).label}：{detail[:60]}")
    return revision


@transaction.atomic
def abolish_plan(plan: Plan, *, actor: Actor, comment: str,
                 expected_version: int | None = None) -> Plan:
    """废止 with the reason; its deadlines are closed."""
    abolished = _fire(plan, "abolish", actor=actor, data={"comment": comment},
                      expected_version=expected_version)
    deadlines.close_deadline(abolished, kind=FILING, actor=actor)
    deadlines.close_deadline(abolished, kind=EVALUATION, actor=actor)
    drill_deadlines.close_drill_deadline(abolished, actor=actor)
    return abolished
