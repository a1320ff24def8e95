"""The report chain and the relief procedure as workflows.

REPORT_FLOW (自然灾害情况统计调查制度: 村（社区）报乡镇, 乡镇审核汇总报县, 县级审核后上报):
已上报 → 街道已审核 → 区县已审核上报; 退回修改 from either review back to the informant,
who resubmits. The county's check is for county-level (or wider) staff.

RELIEF_FLOW (自然灾害救助条例 and the 受灾人员冬春生活救助工作规程's steps): 申请/排查 →
村评议 → 乡镇审核 → 县审批 → 发放 → 公示; 退回 from any review.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from yingji.core.actor import Actor
from yingji.core.scope import scope_of
from yingji.core.workflow import Transition, Workflow
from yingji.disasters import rules

COUNTY_PREFIX = 6  # a county's code prefix (420102); a street has 9


def _at_level(max_prefix: int, label: str) -> Any:
    def guard(obj: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
        if actor.is_system or actor.user is None:
            return None
        prefix = scope_of(actor.user).region_prefix
        if prefix is not None and len(prefix) > max_prefix:
            return f"该环节由{label}办理"
        return None

    return guard


def _not_frozen(report: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    if report.event.frozen_at is not None:
        return "该灾害已核报，数据已锁定；如需修改请办理核报后更正"
    return None


def _issued(case: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    """发放完毕 needs an issue signed for; with money or goods still not issued it needs
    the reason (the comment, kept as the case's 未足额发放说明, audited)."""
    issues = case.issues.all()
    if not issues.exists():
        return "尚未登记任何发放（资金或物资）及签领，不能办结发放"
    rest = rules.not_issued(
        approved=case.approved_amount,
        paid=issues.filter(kind="money").aggregate(s=Sum("amount"))["s"] or Decimal("0"),
        goods_planned=case.goods or "",
        goods_issued=issues.filter(kind="goods").exists(),
    )
    if rest and not str(data.get("comment") or "").strip():
        return "尚未足额发放：" + "；".join(rest) + "。请继续发放，或填写未足额发放的原因后办结"
    return None


STAFF = ("duty_officer", "duty_leader", "commander", "relief_section")
county_only = _at_level(COUNTY_PREFIX, "区县及以上应急管理部门")
street_or_above = _at_level(9, "街道（乡镇）及以上")

REPORT_FLOW = Workflow(
    name="disasterreport",
    states={
        "submitted": "已上报（待街道审核）",
        "reviewed": "街道已审核（待区县审核）",
        "accepted": "区县已审核上报",
        "returned": "已退回修改",
    },
    initial="submitted",
    transitions=[
        Transition(
            "review",
            "街道审核通过",
            ("submitted",),
            "reviewed",
            permission="disasters.review_disasterreport",
            guards=(_not_frozen,),
            actor_guards=(street_or_above,),
        ),
        Transition(
            "accept",
            "区县审核上报",
            ("reviewed",),
            "accepted",
            permission="disasters.check_disasterreport",
            guards=(_not_frozen,),
            actor_guards=(county_only,),
        ),
        Transition(
            "return",
            "退回修改",
            ("submitted", "reviewed"),
            "returned",
            permission="disasters.review_disasterreport",
            comment_required=True,
            guards=(_not_frozen,),
            actor_guards=(street_or_above,),
        ),
        Transition(
            "resubmit",
            "重新上报",
            ("returned",),
            "submitted",
            permission="disasters.change_disasterreport",
            guards=(_not_frozen,),
        ),
    ],
)

RELIEF_FLOW = Workflow(
    name="reliefcase",
    states={
        "applied": "申请/排查",
        "village_reviewed": "村评议",
        "town_audited": "乡镇审核",
        "approved": "县审批",
        "issued": "已发放",
        "published": "已公示",
        "returned": "已退回",
    },
    initial="applied",
    transitions=[
        Transition(
            "village_review",
            "村民主评议",
            ("applied",),
            "village_reviewed",
            permission="disasters.change_reliefcase",
            required=("comment",),
        ),
        Transition(
            "town_audit",
            "乡镇审核",
            ("village_reviewed",),
            "town_audited",
            permission="disasters.change_reliefcase",
            required=("comment",),
            roles=STAFF,
            actor_guards=(street_or_above,),
        ),
        Transition(
            "approve",
            "县级审批",
            ("town_audited",),
            "approved",
            permission="disasters.approve_reliefcase",
            required=("comment",),
            actor_guards=(county_only,),
        ),
        Transition(
            "issue",
            "发放完毕",
            ("approved",),
            "issued",
            permission="disasters.change_reliefcase",
            roles=STAFF,
            guards=(_issued,),
        ),
        Transition(
            "publish", "公示", ("issued",), "published", permission="disasters.change_reliefcase", roles=STAFF
        ),
        Transition(
            "return",
            "退回",
            ("village_reviewed", "town_audited"),
            "returned",
            permission="disasters.change_reliefcase",
            comment_required=True,
            roles=STAFF,
            actor_guards=(street_or_above,),
        ),
        Transition("reapply", "重新申请", ("returned",), "applied", permission="disasters.change_reliefcase"),
    ],
)
