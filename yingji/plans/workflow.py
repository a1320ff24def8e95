"""Workflows of plans (预案: 起草 → 评审 → 签署 → 印发 → 备案施行 → 修订) and drills
(演练: 计划 → 实施 → 完成 → 评估) and drill findings (整改 → 销号)."""

from __future__ import annotations

from yingji.core.workflow import STAY, Transition, Workflow
from yingji.plans.models import DRILL_STATES, PLAN_STATES

CHANGE_PLAN = "plans.change_plan"
CHANGE_DRILL = "plans.change_drill"

PLAN_FLOW = Workflow(
    "plan",
    states=PLAN_STATES,
    initial="draft",
    transitions=[
        Transition("submit_review", "提交评审", ("draft", "revising"), "review",
                   permission=CHANGE_PLAN),
        Transition("pass_review", "登记评审通过", ("review",), "reviewed", permission=CHANGE_PLAN),
        Transition("fail_review", "评审未通过退回", ("review",), "draft", permission=CHANGE_PLAN,
                   comment_required=True),
        Transition("sign", "签署", ("reviewed",), "signed", permission=CHANGE_PLAN,
                   required=("signer",)),
        Transition("issue", "印发", ("signed",), "issued", permission=CHANGE_PLAN,
                   required=("doc_number", "issued_on")),
        Transition("file", "备案", ("issued",), "in_force", permission=CHANGE_PLAN,
                   required=("filing_body", "filed_on")),
        # 评估 keeps the plan in force (国办发〔2024〕5号 第三十五条); recorded on its timeline.
        Transition("evaluate", "登记评估", ("in_force",), STAY,
                   permission="plans.add_planevaluation", required=("evaluator",)),
        Transition("revise", "启动修订", ("in_force", "issued"), "revising", permission=CHANGE_PLAN,
                   required=("cause",), comment_required=True),
        Transition("abolish", "废止", ("draft", "review", "reviewed", "signed", "issued",
                                       "in_force", "revising"), "abolished",
                   permission=CHANGE_PLAN, comment_required=True),
    ],
)

DRILL_FLOW = Workflow(
    "drill",
    states=DRILL_STATES,
    initial="planned",
    transitions=[
        Transition("start", "开始演练", ("planned",), "running", permission=CHANGE_DRILL),
        Transition("finish", "结束演练", ("running",), "done", permission=CHANGE_DRILL),
        Transition("evaluate", "提交评估", ("done", "evaluated"), "evaluated",
                   permission="plans.evaluate_drill"),
        Transition("cancel", "取消演练", ("planned",), "cancelled", permission=CHANGE_DRILL,
                   comment_required=True),
    ],
)

FINDING_FLOW = Workflow(
    "drillfinding",
    states={"open": "整改中", "closed": "已整改"},
    initial="open",
    transitions=[
        Transition("close", "整改销号", ("open",), "closed", permission="plans.change_drillfinding",
                   required=("rectification",)),
    ],
)
