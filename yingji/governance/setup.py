"""Registration of the module's roles, navigation, workbench to-dos and demo builder
(called from ``GovernanceConfig.ready``)."""

from __future__ import annotations

_VIEW = ("governance.view_workplan", "governance.view_workitem", "governance.view_node",
         "governance.view_progressreport", "governance.view_supervision")
_KPI_VIEW = ("governance.view_indicator", "governance.view_indicatortarget",
             "governance.view_indicatorentry")
_KPI_EDIT = ("governance.add_indicator", "governance.change_indicator",
             "governance.add_indicatortarget", "governance.change_indicatortarget",
             "governance.add_indicatorentry", "governance.change_indicatorentry")
# An entry is never edited (a correction is a new entry); ``change`` is what attaching
# its evidence files needs (core attachments check it on the owner).
_ENTER = ("governance.add_indicatorentry", "governance.change_indicatorentry")
_REPORT = ("governance.add_progressreport", "governance.change_progressreport")
_CONSULT_VIEW = ("governance.view_consultation",)
_CONSULT_EDIT = ("governance.add_consultation", "governance.change_consultation")
_PLAN_EDIT = tuple(f"governance.{verb}_{model}" for model in ("workplan", "workitem", "node")
                   for verb in ("add", "change", "delete"))


def register_all() -> None:
    from yingji.core.roles import grant

    # The 安委办 (the office) keeps the plans: imports them, breaks items into nodes,
    # assigns owners and presses lagging items (督办). Leaders read everything and may
    # also press; staff read the plan and report the progress of the nodes they own.
    # The 安委办 also keeps the indicator library and the targets (the library is the
    # city's: a district office reads it, enters its district's values and sets nothing
    # outside its scope).
    grant("safety_office", *_VIEW, *_PLAN_EDIT, *_REPORT, *_KPI_VIEW, *_KPI_EDIT,
          "governance.add_supervision", "governance.supervise_workitem")
    # 会商研判: the office (and the duty section's officers, who keep the daily and
    # special sessions) record sessions and edit the drafts; the leaders issue them.
    grant("safety_office", *_CONSULT_VIEW, *_CONSULT_EDIT, "governance.issue_consultation")
    grant("duty_officer", *_CONSULT_VIEW, *_CONSULT_EDIT)
    for role in ("duty_leader", "commander"):
        grant(role, *_CONSULT_VIEW, "governance.change_consultation", "governance.issue_consultation")
    grant("supervisor", *_CONSULT_VIEW)
    # The annual assessment: the 安委办 is the assessment team (scheme, criteria, scores,
    # ranking, 通报, 巡查/约谈/问责 records); a district's 监管员 fills its self-assessment;
    # leaders read.
    assess = ("assessmentscheme", "assessmentcriterion", "assessmentresult", "criterionscore",
              "oversightrecord")
    grant("safety_office", *(f"governance.{v}_{m}" for m in assess for v in ("view", "add", "change")),
          "governance.score_assessmentscheme")
    for role in ("duty_leader", "commander"):
        grant(role, *(f"governance.view_{m}" for m in assess))
    grant("supervisor", *(f"governance.view_{m}" for m in assess[:4]), "governance.change_criterionscore")
    for role in ("duty_leader", "commander"):
        grant(role, *_VIEW, *_REPORT, *_KPI_VIEW, "governance.add_supervision",
              "governance.supervise_workitem")
    for role in ("supervisor", "inspector", "duty_officer", "legal_reviewer"):
        grant(role, *_VIEW, *_REPORT)
    # The sections' 监管员 (a district's too) read the indicators and enter the values
    # the platform has no data for, with evidence, for the districts of their scope.
    grant("supervisor", *_KPI_VIEW, *_ENTER)

    from yingji.governance import (
        demo,  # noqa: F401  (registers the demo builder)
        demo_assessments,  # noqa: F401  (registers the demo builder)
        demo_consultations,  # noqa: F401  (registers the demo builder)
        demo_kpis,  # noqa: F401  (registers the demo builder)
        jobs,  # noqa: F401  (registers the periodic job)
        workbench,
    )
    from yingji.ui.navigation import NavItem, register
    from yingji.ui.workbench import register_todos

    register("governance", NavItem("工作计划", "workplan_list", "file-text",
                                   "governance.view_workplan", order=1))
    register("governance", NavItem("工作事项", "workitem_list", "list",
                                   "governance.view_workitem", order=2))
    register("governance", NavItem("工作节点", "node_list", "clock",
                                   "governance.view_node", order=3))
    register("governance", NavItem("导入工作计划", "workplan_import", "upload",
                                   "governance.add_workplan", order=4))
    register("governance", NavItem("督办", "supervision_list", "alert-triangle",
                                   "governance.view_supervision", order=5))
    register("governance", NavItem("考核指标", "indicator_list", "dashboard",
                                   "governance.view_indicator", order=6))
    register("governance", NavItem("指标目标", "indicatortarget_list", "checks",
                                   "governance.view_indicatortarget", order=7))
    register("governance", NavItem("会商研判", "consultation_list", "activity",
                                   "governance.view_consultation", order=8))
    register("governance", NavItem("年度考核", "assessmentscheme_list", "checks",
                                   "governance.view_assessmentscheme", order=9))
    register("governance", NavItem("巡查约谈问责", "oversightrecord_list", "shield",
                                   "governance.view_oversightrecord", order=10))
    register_todos("governance", workbench.node_todos)
