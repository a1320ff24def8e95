"""The case workflow (行政处罚法 2021, 安全生产违法行为行政处罚办法) and the inspection's.

Case: 已立案 → 调查取证 → 案件审核 → (法制审核 → 集体讨论 for major cases; 法制审核 alone
for a fine outside the discretion range) → 待告知 → 已告知 (陈述申辩; 听证 when the fine
reaches the threshold) → 已决定 → 执行中 (送达) → 已执行, or unpaid → 已催告 (催告书,
行政强制法 第五十四条) → 已执行 / 申请强制执行 → 已结案. While 执行中 the party may apply to
pay in instalments or later (分期/延期, 第六十六条): 法制审核, then the leader's approval
with the schedule, back to 执行中; the payment, 催告 and court count from the schedule.
Endings of their own: 不予处罚 (with the ground) and 移送公安 (行刑衔接).

Who: inspectors (``enforcement.change_case``) investigate, notify, serve and record the
execution; 法制审核员 (``enforcement.review_case``) do 案件审核 and 法制审核; leaders
(``enforcement.decide_case``) hold 集体讨论, decide and approve extensions and endings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.workflow import STAY, Transition, Workflow

CHANGE = "enforcement.change_case"
REVIEW = "enforcement.review_case"
DECIDE = "enforcement.decide_case"


def _two_officers(case: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    today = timezone.localdate()
    officers = list(case.officers.all())
    valid = [o for o in officers if o.certificate_valid(today)]
    if len(valid) < 2:
        return "调查取证须由两名以上持有效执法证的执法人员进行（行政处罚法第四十二条）"
    return None


def _signed_record(case: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    for record in case.records.all():
        if record.signers.count() >= 2:
            return None
    return "至少须有一份经两名执法人员签名的调查取证记录"


def _fine_reasoned(case: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    from yingji.enforcement import rules

    if case.band == "" and case.proposed_min is None:
        return "请先根据违法事实确定裁量阶次"
    span = case.proposed_span
    if rules.outside_range(case.unit_fine, span) and not case.outside_range_reason.strip():
        return "拟处罚款超出裁量基准范围，须书面说明理由"
    return None


def needs_legal_review(case: Any) -> bool:
    """法制审核 for a major case, a fine outside the range, or after a hearing."""
    from yingji.enforcement import rules

    span = case.proposed_span
    return rules.legal_review_required(
        is_major=case.is_major, outside_range=rules.outside_range(case.unit_fine, span),
        hearing_held=case.hearing_held_at is not None)


def _no_legal(case: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    return "该案件须经法制审核" if needs_legal_review(case) else None


def _legal(case: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    return None if needs_legal_review(case) else "该案件不需要法制审核，请直接审核通过"


def _not_major(case: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    return "重大案件须经负责人集体讨论" if case.is_major else None


def _major(case: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    return None if case.is_major else "一般案件不需要集体讨论"


def _hearing_notified(case: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    return None if case.hearing_at is not None else \
        "须先发出听证通知（举行听证的七日前通知时间、地点，行政处罚法第六十四条）"


def _hearing_right(case: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    return None if case.hearing_required else "该案件不属于听证范围（罚款未达听证标准）"


def _may_decide(case: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    from yingji.enforcement.services.periods import open_party_period

    if case.hearing_requested and case.hearing_held_at is None:
        return "当事人已要求听证，须先举行听证"
    if case.hearing_held_at is not None and not case.reviews.filter(
            kind="legal", passed=True, reviewed_at__gte=case.hearing_held_at).exists():
        return "经过听证的案件，作出决定前须再经法制审核（行政处罚法第五十八条）"
    waiting = open_party_period(case)
    if waiting and not data.get("waived"):
        return f"当事人{waiting}，期限届满或当事人明确放弃后方可作出决定"
    return None


def _may_arrange(case: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    from yingji.enforcement.services.arrangements import may_apply

    return may_apply(case)


def _has_schedule(case: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    return None if case.instalments.filter(paid_at=None).exists() else \
        "本案没有经批准的分期缴纳计划"


CASE_FLOW = Workflow(
    name="case",
    states={"filed": "已立案", "investigating": "调查取证", "reviewing": "案件审核",
            "legal_review": "法制审核", "collective": "集体讨论", "notifying": "待告知",
            "notified": "已告知", "hearing": "听证", "heard": "听证后法制审核", "decided": "已决定",
            "executing": "执行中", "arranging": "分期（延期）缴纳法制审核",
            "arrangement_approval": "分期（延期）缴纳待批准", "urged": "已催告",
            "executed": "已执行", "court": "申请强制执行",
            "closed": "已结案", "no_penalty": "不予处罚", "transferred": "移送公安"},
    initial="filed",
    transitions=[
        Transition("investigate", "开始调查取证", ("filed",), "investigating", permission=CHANGE,
                   guards=(_two_officers,)),
        Transition("submit_review", "提交案件审核", ("investigating",), "reviewing",
                   permission=CHANGE, guards=(_two_officers, _signed_record, _fine_reasoned)),
        Transition("review_pass", "审核通过", ("reviewing",), "notifying", permission=REVIEW,
                   guards=(_no_legal,)),
        Transition("review_legal", "审核通过，提交法制审核", ("reviewing",), "legal_review",
                   permission=REVIEW, guards=(_legal,)),
        Transition("review_return", "退回补充调查", ("reviewing",), "investigating",
                   permission=REVIEW, comment_required=True),
        Transition("legal_pass", "法制审核通过", ("legal_review",), "notifying", permission=REVIEW,
                   roles=("legal_reviewer",), guards=(_not_major,)),
        Transition("legal_collective", "法制审核通过，提请集体讨论", ("legal_review",), "collective",
                   permission=REVIEW, roles=("legal_reviewer",), guards=(_major,)),
        Transition("legal_return", "法制审核退回", ("legal_review",), "investigating",
                   permission=REVIEW, roles=("legal_reviewer",), comment_required=True),
        Transition("collective_pass", "集体讨论通过", ("collective",), "notifying",
                   permission=DECIDE, required=("comment",)),
        Transition("collective_return", "集体讨论退回", ("collective",), "investigating",
                   permission=DECIDE, comment_required=True),
        Transition("notify", "送达告知书", ("notifying",), "notified", permission=CHANGE),
        # 陈述申辩 received or waived in writing (第四十五条): recorded, the case stays 已告知.
        Transition("record_statement", "登记陈述申辩", ("notified",), STAY, permission=CHANGE),
        Transition("request_hearing", "当事人要求听证", ("notified",), "hearing",
                   permission=CHANGE, guards=(_hearing_right,)),
        Transition("schedule_hearing", "发出听证通知", ("hearing",), STAY, permission=CHANGE,
                   required=("place",)),
        Transition("hold_hearing", "举行听证", ("hearing",), "heard", permission=CHANGE,
                   required=("comment",), guards=(_hearing_notified,)),
        Transition("heard_pass", "听证后法制审核通过", ("heard",), "notified", permission=REVIEW,
                   roles=("legal_reviewer",), required=("comment",)),
        Transition("decide", "作出处罚决定", ("notified",), "decided", permission=DECIDE,
                   guards=(_may_decide,)),
        Transition("renotify", "退回调查，变更后重新告知", ("notified",), "investigating",
                   permission=DECIDE, comment_required=True),
        Transition("serve", "送达决定书", ("decided",), "executing", permission=CHANGE,
                   required=("service_method",)),
        Transition("pay", "登记缴款", ("executing", "urged"), "executed", permission=CHANGE),
        # 行政处罚法 第六十六条: the party applies for instalments or a later date; the
        # application goes through 法制审核 and the leader approves or refuses it.
        # Also after a 催告 (已催告): the party may still apply; approved, the new schedule
        # resumes payment by instalments and a missed one may be urged again.
        Transition("apply_arrangement", "登记分期/延期缴纳申请", ("executing", "urged"), "arranging",
                   permission=CHANGE, guards=(_may_arrange,)),
        Transition("arrangement_legal_pass", "分期/延期缴纳法制审核通过", ("arranging",),
                   "arrangement_approval", permission=REVIEW, roles=("legal_reviewer",)),
        Transition("arrangement_legal_return", "分期/延期缴纳法制审核退回", ("arranging",),
                   "executing", permission=REVIEW, roles=("legal_reviewer",),
                   comment_required=True),
        # Returned or refused after a 催告: back to 已催告, its ten days running.
        Transition("arrangement_legal_return_urged", "分期/延期缴纳法制审核退回", ("arranging",),
                   "urged", permission=REVIEW, roles=("legal_reviewer",), comment_required=True),
        Transition("approve_arrangement", "批准分期/延期缴纳", ("arrangement_approval",),
                   "executing", permission=DECIDE),
        Transition("refuse_arrangement", "不予批准分期/延期缴纳", ("arrangement_approval",),
                   "executing", permission=DECIDE, comment_required=True),
        Transition("refuse_arrangement_urged", "不予批准分期/延期缴纳", ("arrangement_approval",),
                   "urged", permission=DECIDE, comment_required=True),
        Transition("pay_instalment", "登记分期缴款", ("executing",), STAY,
                   permission=CHANGE, guards=(_has_schedule,)),
        Transition("urge", "送达催告书", ("executing",), "urged", permission=CHANGE),
        Transition("court", "申请法院强制执行", ("urged",), "court", permission=DECIDE,
                   comment_required=True),
        Transition("close", "结案", ("executed", "court"), "closed", permission=DECIDE),
        Transition("no_penalty", "不予处罚", ("investigating", "reviewing", "legal_review",
                                            "collective", "notifying", "notified"),
                   "no_penalty", permission=DECIDE, required=("ground",)),
        Transition("transfer", "移送公安机关", ("filed", "investigating", "reviewing",
                                             "legal_review", "collective", "notifying",
                                             "notified"),
                   "transferred", permission=DECIDE, required=("organ", "comment")),
    ],
)

ACTIVE_CASE_STATES = ("filed", "investigating", "reviewing", "legal_review", "collective",
                      "notifying", "notified", "hearing", "heard", "decided")
ENDED_CASE_STATES = ("closed", "no_penalty", "transferred")
PENALISED_STATES = ("decided", "executing", "arranging", "arrangement_approval", "urged",
                    "executed", "court", "closed")

INSP_CHANGE = "enforcement.change_inspection"

INSPECTION_FLOW = Workflow(
    name="inspection",
    states={"recorded": "已检查", "rectifying": "限期整改中", "passed": "复查合格",
            "failed": "复查不合格", "closed": "已结束"},
    initial="recorded",
    transitions=[
        Transition("order", "责令限期整改", ("recorded",), "rectifying", permission=INSP_CHANGE,
                   required=("due", "content")),
        Transition("recheck_pass", "复查合格", ("rectifying",), "passed", permission=INSP_CHANGE,
                   required=("comment",)),
        Transition("recheck_fail", "复查不合格", ("rectifying",), "failed",
                   permission=INSP_CHANGE, required=("comment",)),
        Transition("finish", "检查结束", ("recorded",), "closed", permission=INSP_CHANGE),
    ],
)
