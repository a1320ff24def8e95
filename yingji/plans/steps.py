"""The plans module's business steps, declared once (``core.steps``) for the pages'
buttons and the API's actions: a plan's lifecycle, a drill's run and evaluation, a
finding's 销号, starting a plan for an incident and changing the level of its response.
Labels and who may take a workflow step come from ``workflow.py``; the services decide
and refuse."""

from __future__ import annotations

from typing import Any

from yingji.core.actor import Actor
from yingji.core.steps import Step, StepTable
from yingji.plans import rules
from yingji.plans.forms import (
    ActivateForm,
    ChangeLevelForm,
    CloseFindingForm,
    CommentStepForm,
    DrillEvaluationForm,
    EvaluateForm,
    FileForm,
    FinishDrillForm,
    IssueForm,
    ReasonStepForm,
    ReviewForm,
    ReviseForm,
    SignForm,
    StartDrillForm,
)
from yingji.plans.models import Drill, PlanActivation
from yingji.plans.services import activation, drills, lifecycle
from yingji.plans.workflow import DRILL_FLOW, FINDING_FLOW, PLAN_FLOW


def _user_kwargs(obj: Any, actor: Actor) -> dict[str, Any]:
    return {"user": actor.user}


# 起草 → 评审 → 签署 → 印发 → 备案施行 → 评估 → 修订, and 废止 (国办发〔2024〕5号;
# 应急管理部令第2号). 登记评审结论 records either outcome: 通过 goes on, 不通过 back to drafting.
PLAN_STEPS = StepTable(
    Step("submit_review", form=CommentStepForm, service=lifecycle.submit_review,
         message="已提交评审"),
    Step("review", "登记评审结论", ReviewForm, service=lifecycle.record_review,
         transitions=("pass_review", "fail_review"),
         message=lambda plan: f"已登记评审结论：{plan.state_label}"),
    Step("sign", form=SignForm, service=lifecycle.sign_plan, message="预案已签署"),
    Step("issue", form=IssueForm, service=lifecycle.issue_plan, message="预案已印发，请在时限内备案"),
    Step("file", form=FileForm, service=lifecycle.file_plan, message="预案已备案，进入施行"),
    Step("evaluate", form=EvaluateForm, service=lifecycle.evaluate_plan, message="已登记预案评估"),
    # Also a revision need of a plan in drafting (a drill's finding): the service notes it.
    Step("revise", form=ReviseForm, service=lifecycle.revise_plan, message="已启动预案修订"),
    Step("abolish", form=ReasonStepForm, service=lifecycle.abolish_plan, message="预案已废止"),
    workflow=PLAN_FLOW,
)


def _start(drill: Drill, data: dict[str, Any], actor: Actor) -> Drill:
    facts = None
    if data["through_intake"]:
        facts = {"category": data["category"], "subtype": data["subtype"],
                 "address": data["address"] or drill.address, "deaths": data["deaths"] or 0,
                 "trapped": data["trapped"] or 0}
    return drills.start_drill(drill, actor=actor, through_intake=data["through_intake"],
                              incident=facts, expected_version=data.get("version"))


def _evaluate(drill: Drill, data: dict[str, Any], actor: Actor) -> Drill:
    items = rules.AQT9009_ITEMS
    return drills.evaluate_drill(
        drill, actor=actor, summary=data["summary"], findings=data["findings"],
        scores={code: data[f"score_{code}"] for code, _, _ in items},
        notes={code: data[f"note_{code}"] for code, _, _ in items},
        expected_version=data.get("version"))


# 计划 → 实施 → 完成 → 评估 (AQ/T 9009), or 取消.
DRILL_STEPS = StepTable(
    Step("start", form=StartDrillForm, run=_start, message="演练已开始"),
    Step("finish", form=FinishDrillForm, service=drills.finish_drill,
         message="演练已结束，响应链条时间已记录"),
    Step("evaluate", form=DrillEvaluationForm, run=_evaluate, message="评估已提交"),
    Step("cancel", form=ReasonStepForm, service=drills.cancel_drill, message="演练已取消"),
    workflow=DRILL_FLOW,
)

FINDING_STEPS = StepTable(
    Step("close", form=CloseFindingForm, service=drills.close_finding, message="问题已整改销号"),
    workflow=FINDING_FLOW,
)


def _activate(incident: Any, data: dict[str, Any], actor: Actor) -> PlanActivation:
    return activation.activate(incident, data["plan"], data["level"], actor=actor,
                               reason=data["reason"])


def _started(started: PlanActivation) -> str:
    return (f"已依据《{started.plan.name}》启动{started.get_level_display()}，"
            f"下达{started.tasks.count()}项处置任务")


# On an incident: start a plan's response (the plan chosen among the caller's scope; the
# service checks it covers the incident and is in force).
INCIDENT_STEPS = StepTable(
    Step("start_plan", "启动预案", ActivateForm, run=_activate, message=_started,
         form_kwargs=_user_kwargs, permission="plans.add_planactivation"),
)

ACTIVATION_STEPS = StepTable(
    Step("level", "调整响应级别", ChangeLevelForm,
         run=lambda started, data, actor: activation.change_level(
             started, data["level"], actor=actor, reason=data["reason"]),
         message=lambda changed: f"已调整为{changed.get_level_display()}",
         permission="plans.change_planactivation"),
)
