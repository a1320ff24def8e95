"""The investigation's workflow (493 第十九条 to 第三十二条, 四不放过): 调查中 → 待批复 →
已批复（整改落实中） → 已结案 → 已回头看, and 无需调查 for a 非生产安全事故.

Who does which step, as in a bureau:

- 提级调查, 挂牌督办 and 督办销号: the higher level's leader (``accidents.escalate_accident``,
  and a scope above the accident's district: a district's own leader cannot list or take
  over its own accident);
- 批复 and its extension: the government side (``accidents.reply_accident``, leaders);
- 结案 and the 整改评估 (回头看): the 安委办 or a leader (``accidents.close_accident``);
- the routine entries (figures, team, report, findings, measures, 典型案例): the
  investigating staff (``accidents.change_accident``); 移交执法立案 also needs
  ``enforcement.add_case``.

The steps that keep the state (``STAY``) are recorded like the moves: checked, versioned,
audited and on the accident's timeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yingji.core.actor import Actor
from yingji.core.scope import scope_of
from yingji.core.workflow import STAY, Transition, Workflow

CHANGE = "accidents.change_accident"
ESCALATE = "accidents.escalate_accident"
REPLY = "accidents.reply_accident"
CLOSE = "accidents.close_accident"

STATES = {"investigating": "调查中", "reported": "待批复", "replied": "已批复，整改落实中",
          "closed": "已结案", "reviewed": "已回头看", "none": "无需调查"}
OPEN = ("investigating", "reported", "replied")
INVESTIGATED = (*OPEN, "closed", "reviewed")
EVERY = (*INVESTIGATED, "none")
COUNTY_PREFIX = 6  # a district's (county's) code prefix: 420102


def is_higher_level(actor: Actor, accident: Any) -> bool:
    """Whether the actor's scope lies above the accident's district (a city or province
    scope over a district's accident): the level that escalates, lists and closes a
    listing."""
    if actor.is_system:
        return True
    prefix = scope_of(actor.user).region_prefix
    return prefix is None or (len(prefix) < COUNTY_PREFIX
                              and str(accident.district_code).startswith(prefix))


def _higher_level(accident: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    if is_higher_level(actor, accident):
        return None
    return "提级调查、挂牌督办和督办销号须由事故发生地上级（市级及以上）领导办理"


def _supervision_open(accident: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    return None if accident.supervised and not accident.supervision_closed_at else \
        "该事故没有在办的挂牌督办"


def _not_supervised(accident: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    return "该事故已在挂牌督办中" if accident.supervised and not accident.supervision_closed_at \
        else None


def _major_only(accident: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    return None if accident.grade == "I" else "只有特别重大事故的批复时间可以延长（493号令第三十二条）"


def _review_owed(accident: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    return None if accident.review_due else "该事故没有待开展的整改评估（回头看）"


def _penalty_pending(accident: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    if not accident.enterprise_id:
        return "事故单位不在企业库中，请先在企业档案中登记并关联后再立案"
    if not accident.findings.filter(disposal="penalty", enforcement_ref="").exists():
        return "没有待移交立案的行政处罚责任认定"
    return None


ACCIDENT_FLOW = Workflow(
    name="accident",
    states=STATES,
    initial="investigating",
    transitions=[
        Transition("figures", "核定伤亡损失", EVERY, STAY, permission=CHANGE),
        Transition("escalate", "提级调查", ("investigating", "reported"), STAY, permission=ESCALATE,
                   guards=(_higher_level,)),
        Transition("supervise", "挂牌督办", OPEN, STAY, permission=ESCALATE,
                   guards=(_higher_level, _not_supervised)),
        Transition("close_supervision", "督办销号", INVESTIGATED, STAY, permission=ESCALATE,
                   guards=(_higher_level, _supervision_open)),
        Transition("team", "增加调查组成员", ("investigating",), STAY, permission=CHANGE),
        Transition("remove_member", "移出调查组成员", ("investigating",), STAY, permission=CHANGE),
        Transition("extend_report", "调查报告延期", ("investigating",), STAY, permission=CHANGE),
        Transition("submit_report", "提交调查报告", ("investigating",), "reported",
                   permission=CHANGE),
        Transition("extend_reply", "批复延期", ("reported",), STAY, permission=REPLY,
                   guards=(_major_only,)),
        Transition("reply", "登记批复", ("reported",), "replied", permission=REPLY),
        Transition("finding", "登记责任认定", ("reported", "replied"), STAY, permission=CHANGE),
        Transition("finding_done", "责任追究落实", ("reported", "replied"), STAY,
                   permission=CHANGE),
        Transition("open_case", "移交执法立案", ("reported", "replied"), STAY,
                   permission="enforcement.add_case", guards=(_penalty_pending,)),
        Transition("measure", "增加整改措施", ("reported", "replied"), STAY, permission=CHANGE),
        Transition("measure_done", "整改完成", ("reported", "replied"), STAY, permission=CHANGE),
        Transition("close", "结案", ("replied",), "closed", permission=CLOSE),
        Transition("review", "整改评估（回头看）", ("closed",), "reviewed", permission=CLOSE,
                   guards=(_review_owed,)),
        Transition("typical", "典型案例", INVESTIGATED, STAY, permission=CHANGE),
        # The determination 非生产安全事故 (a correction of the record) and its reversal.
        Transition("exclude", "认定为非生产安全事故", INVESTIGATED, "none", permission=CHANGE),
        Transition("include", "认定为生产安全事故", ("none",), "investigating", permission=CHANGE),
    ],
)


def offered(accident: Any, actor: Actor, name: str) -> bool:
    """Whether the page offers step ``name`` now beyond state and permission: its
    guards hold (none of them reads the step's inputs), so a district's leader is not
    offered 挂牌督办 of its own accident, nor anyone 批复延期 of a 一般 accident."""
    transition = ACCIDENT_FLOW.transition(name)
    return all(guard(accident, actor, {}) is None for guard in transition.guards)
