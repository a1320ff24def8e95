"""Pure rules of duty and incidents: the national classification, accident grades,
report time limits, the casualty follow-up window, arrival rates and shift checks.

No Django imports: every function is tested against worked examples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

# --- grades ------------------------------------------------------------------------------

# Grade codes, highest first. 突发事件应对法 (2024) 第三条 uses the same four names.
GRADES: tuple[tuple[str, str], ...] = (
    ("I", "特别重大"), ("II", "重大"), ("III", "较大"), ("IV", "一般"),
)
GRADE_LABELS = dict(GRADES)
GRADE_RANK = {code: index for index, (code, _) in enumerate(GRADES)}  # 0 = highest


def grade_label(code: str | None) -> str:
    return GRADE_LABELS.get(code or "", "未定级")


def higher_grade(a: str | None, b: str | None) -> str | None:
    """The more serious of two grades (None = ungraded)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if GRADE_RANK[a] <= GRADE_RANK[b] else b


# --- the national classification (国家突发公共事件总体应急预案) ---------------------------


@dataclass(frozen=True)
class Subtype:
    """A subtype of the national classification; ``accident_493`` marks production
    safety accidents graded and reported under 国务院令第493号; ``follow_up_days`` is the
    casualty follow-up window of 第十三条 (7 days road traffic and fire, else 30)."""

    code: str
    label: str
    category: str
    accident_493: bool = False
    follow_up_days: int = 30


CATEGORIES: tuple[tuple[str, str], ...] = (
    ("natural", "自然灾害"), ("accident", "事故灾难"), ("health", "公共卫生事件"),
    ("social", "社会安全事件"),
)
CATEGORY_LABELS = dict(CATEGORIES)

SUBTYPES: tuple[Subtype, ...] = (
    Subtype("flood_drought", "水旱灾害", "natural"),
    Subtype("meteorological", "气象灾害", "natural"),
    Subtype("earthquake", "地震灾害", "natural"),
    Subtype("geological", "地质灾害", "natural"),
    Subtype("biological", "生物灾害", "natural"),
    Subtype("forest_fire", "森林草原火灾", "natural"),
    Subtype("production", "工矿商贸生产安全事故", "accident", accident_493=True),
    Subtype("hazchem", "危险化学品事故", "accident", accident_493=True),
    Subtype("construction", "建筑施工事故", "accident", accident_493=True),
    Subtype("road_traffic", "道路交通事故", "accident", accident_493=True, follow_up_days=7),
    Subtype("fire", "火灾事故", "accident", accident_493=True, follow_up_days=7),
    Subtype("other_traffic", "铁路、水上、航空交通事故", "accident", accident_493=True),
    Subtype("public_facility", "公共设施和设备事故", "accident", accident_493=True),
    Subtype("environment", "环境污染和生态破坏事件", "accident"),
    Subtype("epidemic", "传染病疫情", "health"),
    Subtype("unknown_disease", "群体性不明原因疾病", "health"),
    Subtype("food_occupational", "食品安全和职业危害", "health"),
    Subtype("animal_epidemic", "动物疫情", "health"),
    Subtype("terrorism", "恐怖袭击事件", "social"),
    Subtype("economic", "经济安全事件", "social"),
    Subtype("foreign", "涉外突发事件", "social"),
    Subtype("mass", "群体性事件", "social"),
)
SUBTYPE_BY_CODE = {s.code: s for s in SUBTYPES}


def subtype(code: str) -> Subtype | None:
    return SUBTYPE_BY_CODE.get(code)


def subtypes_of(category: str) -> list[Subtype]:
    return [s for s in SUBTYPES if s.category == category]


def check_classification(category: str, subtype_code: str) -> str | None:
    """A Chinese reason when ``subtype_code`` does not belong to ``category``."""
    if category not in CATEGORY_LABELS:
        return f"事件类别“{category}”不在自然灾害、事故灾难、公共卫生事件、社会安全事件之内"
    found = subtype(subtype_code)
    if found is None:
        return f"事件子类“{subtype_code}”不在国家分类之内"
    if found.category != category:
        return f"“{found.label}”属于{CATEGORY_LABELS[found.category]}，不属于{CATEGORY_LABELS[category]}"
    return None


# --- 493 rule ----------------------------------------------------------------------------

YUAN_PER_WAN = Decimal(10_000)


def grade_493(deaths: int, serious_injuries: int, loss_wan: Decimal | float | int = 0) -> str:
    """Grade of a production safety accident (《生产安全事故报告和调查处理条例》
    国务院令第493号 第三条). Any one criterion reaches a grade; "以上" includes the bound,
    "以下" excludes it; serious injuries include acute industrial poisoning.

    ``loss_wan`` is the direct economic loss in 万元 (1 亿 = 10000 万).
    """
    loss = Decimal(str(loss_wan))
    if deaths >= 30 or serious_injuries >= 100 or loss >= 10_000:
        return "I"
    if deaths >= 10 or serious_injuries >= 50 or loss >= 5_000:
        return "II"
    if deaths >= 3 or serious_injuries >= 10 or loss >= 1_000:
        return "III"
    return "IV"


@dataclass(frozen=True)
class Criterion:
    """A configurable grading threshold: ``metric`` ≥ ``threshold`` reaches ``grade``."""

    grade: str
    metric: str
    threshold: Decimal


METRICS: tuple[tuple[str, str], ...] = (
    ("deaths", "死亡人数"), ("missing", "失踪人数"), ("deaths_missing", "死亡和失踪人数"),
    ("serious_injuries", "重伤（含急性中毒）人数"), ("injuries", "受伤人数"),
    ("loss_wan", "直接经济损失（万元）"), ("affected", "受灾/影响人数"),
    ("relocated", "紧急转移安置人数"),
)
METRIC_LABELS = dict(METRICS)


def metric_values(*, deaths: int = 0, missing: int = 0, serious_injuries: int = 0,
                  injuries: int = 0, loss_wan: Decimal | float | int = 0, affected: int = 0,
                  relocated: int = 0) -> dict[str, Decimal]:
    """The measurable facts of an incident keyed by metric code."""
    return {
        "deaths": Decimal(deaths), "missing": Decimal(missing),
        "deaths_missing": Decimal(deaths + missing),
        "serious_injuries": Decimal(serious_injuries), "injuries": Decimal(injuries),
        "loss_wan": Decimal(str(loss_wan)), "affected": Decimal(affected),
        "relocated": Decimal(relocated),
    }


def grade_by_criteria(criteria: Iterable[Criterion], values: dict[str, Decimal]) -> str | None:
    """The highest grade any criterion reaches (configurable criteria for events other
    than production safety accidents, 突发事件应对法 §5); None when no criteria apply or
    none is reached and no 一般 floor is configured."""
    best: str | None = None
    for criterion in criteria:
        if values.get(criterion.metric, Decimal(0)) >= criterion.threshold:
            best = higher_grade(best, criterion.grade)
    return best


def contradiction(chosen: str | None, suggested: str | None) -> str:
    """A Chinese warning when the chosen grade differs from the rule's grade ("" if not)."""
    if not chosen or not suggested or chosen == suggested:
        return ""
    direction = "低于" if GRADE_RANK[chosen] > GRADE_RANK[suggested] else "高于"
    return (f"所选等级“{grade_label(chosen)}”{direction}按伤亡和损失计算的等级"
            f"“{grade_label(suggested)}”，请核实")


# --- reporting time limits ---------------------------------------------------------------


@dataclass(frozen=True)
class ReportLimits:
    """Time limits of one grade: the written first report (书面首报) within
    ``first_minutes`` of receipt, preceded by the telephone report (电话报告) within
    ``phone_minutes`` when the grade asks for one (None: no telephone step), a follow-up
    every ``followup_hours`` while the incident is open, the final report within
    ``final_hours`` of closing."""

    first_minutes: int
    followup_hours: int
    final_hours: int
    phone_minutes: int | None = None


# Defaults (regulations.md §1 and §5, configurable per deployment): the seeds ask for
# 重大灾害事故紧急信息 within 1 hour; 493 第九条 1 hour, 第十一条 2 hours a level; 续报 at
# least twice a day for 重大/特别重大 and daily otherwise (安监总局令第21号). The
# bureaus' rules put a telephone report first for 较大 and above: 30 minutes by phone,
# then the written report within the hour (provinces differ, e.g. Henan 15 and 35
# minutes for 重大/特别重大: regulations.md §5).
DEFAULT_LIMITS: dict[str, ReportLimits] = {
    "I": ReportLimits(60, 12, 24, 30),
    "II": ReportLimits(60, 12, 24, 30),
    "III": ReportLimits(60, 24, 48, 30),
    "IV": ReportLimits(120, 24, 72),
}


def first_report_due(received_at: datetime, limits: ReportLimits) -> datetime:
    return received_at + timedelta(minutes=limits.first_minutes)


def phone_report_due(received_at: datetime, limits: ReportLimits) -> datetime | None:
    """When the telephone report (电话报告) is due, or None when the grade has none."""
    if limits.phone_minutes is None:
        return None
    return received_at + timedelta(minutes=limits.phone_minutes)


def phone_limit_problem(phone_minutes: int | None, first_minutes: int) -> str | None:
    """The telephone report comes before the written one: its limit may not be longer."""
    if phone_minutes is None:
        return None
    if phone_minutes < 1:
        return "电话报告时限应大于0"
    if phone_minutes > first_minutes:
        return "电话报告时限不能长于书面首报时限"
    return None


def is_late(due_at: datetime | None, submitted_at: datetime) -> bool:
    """A report is late (迟报) when submitted after its due time; on the minute is on time."""
    return due_at is not None and submitted_at > due_at


def follow_up_window(subtype_code: str) -> int | None:
    """Days after the accident within which casualty changes must be re-reported (补报),
    493 第十三条: 30, or 7 for road traffic and fire; None for non-493 events."""
    found = subtype(subtype_code)
    if found is None or not found.accident_493:
        return None
    return found.follow_up_days


def needs_supplement(subtype_code: str, occurred_at: datetime, changed_at: datetime) -> bool:
    """Whether a casualty change at ``changed_at`` falls inside the follow-up window."""
    days = follow_up_window(subtype_code)
    return days is not None and changed_at <= occurred_at + timedelta(days=days)


def countdown(due_at: datetime, now: datetime) -> tuple[bool, int]:
    """(overdue, whole seconds left or past) for a countdown display."""
    seconds = int((due_at - now).total_seconds())
    return (seconds < 0, abs(seconds))


# --- arrival ------------------------------------------------------------------------------


def arrived_within(issued_at: datetime, arrived_at: datetime | None, minutes: int = 60) -> bool:
    """Whether a dispatched force reached the scene within ``minutes`` of the order."""
    return arrived_at is not None and arrived_at - issued_at <= timedelta(minutes=minutes)


def arrival_rate(pairs: Sequence[tuple[datetime, datetime | None]], minutes: int = 60) -> float | None:
    """Share (0–1) of (issued, arrived) pairs that arrived within ``minutes``; orders
    without an arrival count as not in time; None when there are no orders."""
    if not pairs:
        return None
    hits = sum(1 for issued, arrived in pairs if arrived_within(issued, arrived, minutes))
    return hits / len(pairs)


# --- duty ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """A duty staffing pattern such as "1+4+N": leaders + officers + flexible reserve."""

    leaders: int
    officers: int
    flexible: bool


_PATTERN = re.compile(r"^\s*(\d+)\s*\+\s*(\d+)\s*(\+\s*[Nn])?\s*$")


def parse_pattern(text: str) -> Pattern:
    """Parse "1+4+N" (1 带班领导, 4 值班员, N 机动); refuse anything else in Chinese."""
    match = _PATTERN.match(text or "")
    if not match:
        raise ValueError(f"值班模式“{text}”格式不正确，应为“带班领导数+值班员数”或再加“+N”，如 1+4+N")
    leaders, officers = int(match.group(1)), int(match.group(2))
    if leaders < 1:
        raise ValueError("值班模式至少需要1名带班领导")
    return Pattern(leaders, officers, bool(match.group(3)))


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals overlap: a shift ending at 08:00 and one starting at 08:00 do not."""
    return a_start < b_end and b_start < a_end


def staffing_shortfall(pattern: Pattern, leaders: int, officers: int) -> str:
    """A Chinese note when a shift has fewer people than its pattern asks ("" if enough)."""
    parts = []
    if leaders < pattern.leaders:
        parts.append(f"带班领导{leaders}人，少于{pattern.leaders}人")
    if officers < pattern.officers:
        parts.append(f"值班员{officers}人，少于{pattern.officers}人")
    return "；".join(parts)


# --- names in the report (国务院令第493号第十二条: 事故发生单位概况、发生的时间、地点) ----------


def place_text(chain: Sequence[str], address: str) -> str:
    """The incident's place: the region names from the city down (``chain``) followed by
    the address, without repeating a region the address already names. "武汉市、江岸区、
    大智街道" + "江岸区大智街道中山大道100号" is "武汉市江岸区大智街道中山大道100号", never
    "…江岸区大智街道江岸区大智街道…"."""
    address = (address or "").strip()
    names = [n for n in chain if n]
    for index, name in enumerate(names):
        if address.startswith(name):
            return "".join(names[:index]) + address
    # The address may name a lower region somewhere inside ("中山大道100号（大智街道）"):
    # keep the chain down to the last region it does not mention.
    kept = names
    while kept and kept[-1] in address:
        kept = kept[:-1]
    return "".join(kept) + address


def bureau_name(chain: Sequence[str]) -> str:
    """The duty room that receives and reports: the emergency-management bureau of the
    city or district (a street has none, so its district's), e.g. ("武汉市", "江岸区") →
    "武汉市江岸区应急管理局值班室"."""
    names = [n for n in chain[:2] if n]
    return f"{''.join(names)}应急管理局值班室" if names else "应急管理局值班室"


# --- leader sign-off (领导签发) before 报送 --------------------------------------------------

SIGNOFF_KINDS = ("first",)  # the 首报 goes out only signed off by the leader on duty


def signoff_due(drafted_at: datetime, report_due: datetime | None, minutes: int) -> datetime:
    """When the leader must have signed off a draft handed in at ``drafted_at``: within
    ``minutes``, and never after the report's own limit while that is still ahead (the
    sign-off step lies inside the reporting limit); a draft handed in after the limit
    gets the ``minutes`` from then."""
    own = drafted_at + timedelta(minutes=minutes)
    if report_due is not None and report_due > drafted_at:
        return min(own, report_due)
    return own
