"""The list's two processes: an entry (拟列入 → 已告知 → 已列入 → 已移出, or 不予列入)
and an application for early removal (待审核 → 已批准 / 未批准, 已批准 → 已撤销)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yingji.core.actor import Actor
from yingji.core.workflow import STAY, Transition, Workflow

DECIDE = "credit.decide_dishonestyentry"


AUTHORITY_KINDS = ("bureau", "district_bureau", "industry")


def authority_id(department: Any) -> int | None:
    """The administrative organ a department belongs to: itself when it is a bureau (or
    an industry department), else its nearest such ancestor (a 科室 acts for its bureau)."""
    seen = 0
    while department is not None and seen < 6:
        if department.kind in AUTHORITY_KINDS:
            return int(department.pk)
        department, seen = department.parent, seen + 1
    return None


def same_authority(user: Any, department: Any) -> bool:
    """Whether ``user`` works in the organ of ``department`` (谁处罚谁决定)."""
    mine = getattr(user, "department", None)
    return mine is not None and department is not None and authority_id(mine) == authority_id(department)


def same_department(obj: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    """谁处罚谁决定: only the organ that imposed the penalty acts on the entry."""
    entry = getattr(obj, "entry", obj)
    if actor.is_system:
        return None
    if actor.user is None or not same_authority(actor.user, entry.department):
        return "只有作出行政处罚的部门可以办理（谁处罚谁决定）"
    return None


ENTRY_FLOW = Workflow(
    "dishonesty",
    states={"proposed": "拟列入", "noticed": "已告知", "listed": "已列入", "removed": "已移出",
            "withdrawn": "不予列入"},
    initial="proposed",
    transitions=[
        Transition("notify", "告知当事人", ("proposed",), "noticed", permission=DECIDE,
                   actor_guards=(same_department,)),
        Transition("state", "陈述申辩", ("noticed",), STAY,
                   permission="credit.state_dishonestyentry", required=("statement",)),
        Transition("decide", "作出列入决定", ("noticed",), "listed", permission=DECIDE,
                   actor_guards=(same_department,)),
        Transition("withdraw", "不予列入", ("proposed", "noticed"), "withdrawn", permission=DECIDE,
                   actor_guards=(same_department,), comment_required=True),
        Transition("remove", "移出名单", ("listed",), "removed", permission=DECIDE,
                   actor_guards=(same_department,)),
        Transition("relist", "撤销移出、恢复列入", ("removed",), "listed", permission=DECIDE,
                   actor_guards=(same_department,), comment_required=True),
    ],
)

REPAIR_FLOW = Workflow(
    "credit_repair",
    states={"submitted": "待审核", "approved": "已批准", "rejected": "未批准", "revoked": "已撤销"},
    initial="submitted",
    transitions=[
        Transition("approve", "批准提前移出", ("submitted",), "approved", permission=DECIDE,
                   actor_guards=(same_department,)),
        Transition("reject", "不予批准", ("submitted",), "rejected", permission=DECIDE,
                   actor_guards=(same_department,), comment_required=True),
        Transition("revoke", "撤销（以欺骗等不正当手段取得）", ("approved",), "revoked",
                   permission=DECIDE, actor_guards=(same_department,), comment_required=True),
    ],
)
