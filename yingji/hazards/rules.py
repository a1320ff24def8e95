"""Pure rules of the hidden-hazard closed loop (no Django imports).

Source: 《安全生产事故隐患排查治理暂行规定》(原国家安全监管总局令第16号), see
/work/shared/domain/regulations.md §4.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

# 第十五条: the major hazard's 治理方案 — its six parts, in the order of the text
# (the status/cause and harm analysis of 第十四条 are reported with it).
PLAN_PARTS: tuple[tuple[str, str], ...] = (
    ("goal", "治理的目标和任务"),
    ("methods", "采取的方法和措施"),
    ("funds_and_materials", "经费和物资的落实"),
    ("organisation", "负责治理的机构和人员"),
    ("time_limit", "治理的时限和要求"),
    ("safety_measures", "安全措施和应急预案"),
)
# 第十四条: what the unit reports to the supervising department with the plan.
REPORT_PARTS: tuple[tuple[str, str], ...] = (
    ("status_and_cause", "现状及产生原因"),
    ("harm_analysis", "危害程度和整改难易程度分析"),
)
# The 五到位 of major-hazard treatment: 措施、责任、资金、时限、预案.
FIVE_IN_PLACE: tuple[tuple[str, str], ...] = (
    ("in_place_measures", "措施到位"),
    ("in_place_responsibility", "责任到位"),
    ("in_place_funds", "资金到位"),
    ("in_place_time", "时限到位"),
    ("in_place_plan", "预案到位"),
)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def plan_missing(plan: Mapping[str, Any] | None) -> list[str]:
    """Chinese names of the parts of a major hazard's treatment plan that are missing:
    the report parts (第十四条), the six plan parts (第十五条) and the 五到位.

    >>> plan_missing(None)[:2]
    ['现状及产生原因', '危害程度和整改难易程度分析']
    """
    plan = plan or {}
    missing = [label for key, label in (*REPORT_PARTS, *PLAN_PARTS) if _blank(plan.get(key))]
    missing += [label for key, label in FIVE_IN_PLACE if not plan.get(key)]
    return missing


def deadline_problem(deadline: datetime | None, now: datetime) -> str | None:
    """The reason a rectification deadline is refused, or None when it is acceptable."""
    if deadline is None:
        return "请填写整改期限"
    if deadline <= now:
        return "整改期限不能早于当前时间"
    return None


def extension_problem(current: datetime | None, requested: datetime | None,
                      now: datetime) -> str | None:
    """The reason an extension request is refused, or None."""
    if requested is None:
        return "请填写申请延期至的日期"
    if requested <= now:
        return "申请延期的期限不能早于当前时间"
    if current is not None and requested <= current:
        return "申请延期的期限须晚于原整改期限"
    return None


def on_time(rectified_at: datetime | None, deadline: datetime | None) -> bool | None:
    """Whether the rectification was completed by its deadline (None when unknown)."""
    if rectified_at is None or deadline is None:
        return None
    return rectified_at <= deadline


def hazard_number(year: int, pk: int) -> str:
    """The ledger number of a hazard: YH + year + 7-digit serial (YH20260001234)."""
    return f"YH{year}{pk:07d}"


def rate(part: int, whole: int) -> float | None:
    """part / whole as a percentage with one decimal, None when whole is 0."""
    if whole <= 0:
        return None
    return round(100.0 * part / whole, 1)


# Who does which step (issue 13): the enterprise rectifies; the government side (the
# supervising department, inspectors) issues 下发整改 on what it found and verifies it.
# A hazard the enterprise found itself (企业自查) it may also assign to itself, and, if
# general, close itself where the bureau allows it (企业自行销号, off by default).
SELF_FOUND_SOURCE = "self_check"
# Sources an enterprise can never record: only an inspection team or a covert visit
# finds a hazard this way.
GOVERNMENT_ONLY_SOURCES = frozenset({"enforcement", "covert"})


def government_found(source: str) -> bool:
    """Whether the hazard was found by the government side (a department's or an
    enforcement inspection, a covert visit, the public's report or the monitoring
    platform's alarm), i.e. by anyone but the enterprise's own self-inspection."""
    return source != SELF_FOUND_SOURCE


def enterprise_source_problem(source: str, label: str) -> str | None:
    """The reason an enterprise account may not record ``source``, or None."""
    if source in GOVERNMENT_ONLY_SOURCES:
        return f"企业不能选择“{label}”作为隐患来源：执法检查、暗查暗访发现的隐患由监管部门登记"
    return None


def enterprise_assign_problem(source: str, label: str) -> str | None:
    """The reason an enterprise account may not issue 下发整改, or None."""
    if government_found(source):
        return f"“{label}”发现的隐患由监管部门下发整改，企业不能自行下发"
    return None


def enterprise_verify_problem(*, source: str, label: str, major: bool,
                              self_close_allowed: bool) -> str | None:
    """The reason an enterprise account may not verify (验收销号 / 验收不通过), or None:
    a major hazard and a government-found one are verified by the supervising side; a
    self-found general hazard only where the bureau allows 企业自行销号."""
    if major:
        return "重大隐患须由监管部门验收销号，企业不能自行销号"
    if government_found(source):
        return f"“{label}”发现的隐患须由监管部门验收销号，企业不能自行销号"
    if not self_close_allowed:
        return "本地未开启企业自行销号：企业自查发现的一般隐患须由监管部门验收销号"
    return None
