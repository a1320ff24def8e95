"""Pure rules of emergency plans and drills: trigger conditions on an incident's facts,
the ranking of matching plans with the reason in words, the lifecycle's time limits
(filing, evaluation), the filing materials, drill frequency and the AQ/T 9009 score.

No Django imports. The incident grades and classification are the incidents module's
(``yingji.incidents.rules``), the warning levels the warnings module's
(``yingji.warnings.rules``) and the alarm levels the monitoring module's
(``yingji.monitoring.rules``): reused, never copied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import NamedTuple

from yingji.incidents import rules as incident_rules
from yingji.monitoring import rules as monitoring_rules
from yingji.warnings import rules as warning_rules

# --- response levels -----------------------------------------------------------------------

# Response levels, highest first (Ⅰ级 is the highest, 突发事件应对法 and the national
# overall plan); the same codes as the incident's response level.
LEVELS: tuple[tuple[str, str], ...] = (("I", "Ⅰ级响应"), ("II", "Ⅱ级响应"), ("III", "Ⅲ级响应"),
                                       ("IV", "Ⅳ级响应"))
LEVEL_LABELS = dict(LEVELS)
LEVEL_SHORT = {"I": "Ⅰ级", "II": "Ⅱ级", "III": "Ⅲ级", "IV": "Ⅳ级"}
LEVEL_RANK = {code: index for index, (code, _) in enumerate(LEVELS)}  # 0 = highest


def level_label(code: str) -> str:
    return LEVEL_LABELS.get(code, code)


def higher_level(a: str, b: str) -> bool:
    """Whether response level ``a`` is higher (more serious) than ``b``."""
    return LEVEL_RANK[a] < LEVEL_RANK[b]


def levels_from(level: str) -> list[str]:
    """The levels at or below ``level`` (a Ⅱ级 response also does what Ⅲ级 and Ⅳ级 do):
    national practice is that a higher level adds to the measures of the lower ones."""
    return [code for code, _ in LEVELS if LEVEL_RANK[code] >= LEVEL_RANK[level]]


# --- facts and conditions ------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What is known of an incident when plans are matched against it."""

    category: str = ""
    subtype: str = ""
    grade: str = ""  # incidents grade code (I … IV), "" ungraded
    deaths: int = 0
    missing: int = 0
    serious_injuries: int = 0
    injuries: int = 0
    trapped: int = 0
    affected: int = 0
    relocated: int = 0
    loss_wan: Decimal = Decimal(0)
    warning_level: str = ""  # warnings level code (red … blue) in force at the place
    alarm_level: str = ""  # monitoring alarm level code (hh, h, l, ll) open at the enterprise

    @cached_property
    def numbers(self) -> dict[str, Decimal]:
        """The numeric facts by name, computed once per incident (matching thousands of
        plans compares them many times)."""
        out = {name: Decimal(str(getattr(self, name))) for name in NUMERIC_FACTS
               if name != "deaths_missing"}
        out["deaths_missing"] = Decimal(self.deaths + self.missing)
        return out


# Numeric facts a condition may test with "≥ value" (the grading metrics of incidents).
NUMERIC_FACTS: dict[str, str] = {
    "deaths": "死亡人数", "missing": "失踪人数", "deaths_missing": "死亡和失踪人数",
    "serious_injuries": "重伤（含急性中毒）人数", "injuries": "受伤人数", "trapped": "被困人数",
    "affected": "受灾/影响人数", "relocated": "紧急转移安置人数", "loss_wan": "直接经济损失（万元）",
}
UNITS = {"loss_wan": "万元"}
FACTS: tuple[tuple[str, str], ...] = (
    ("grade", "事件等级达到"),
    *NUMERIC_FACTS.items(),
    ("warning_level", "预警级别达到"),
    ("alarm_level", "监测报警达到"),
)
FACT_LABELS = dict(FACTS)
ALARM_LEVELS: tuple[tuple[str, str], ...] = (("hh", "高高报/低低报"), ("h", "高报/低报及以上"))


class Condition(NamedTuple):
    """One trigger condition: ``fact`` reaches ``value`` (a number for counts, a grade
    code, a warning level code or an alarm level code)."""

    fact: str
    value: str


def check_condition(fact: str, value: str) -> str | None:
    """A Chinese reason when the condition cannot be evaluated ("" value, unknown code)."""
    if fact not in FACT_LABELS:
        return f"触发条件“{fact}”不在可用的事件要素之内"
    if fact == "grade":
        return None if value in incident_rules.GRADE_LABELS else "事件等级应为特别重大、重大、较大或一般"
    if fact == "warning_level":
        return None if warning_rules.is_level(value) else "预警级别应为红色、橙色、黄色或蓝色"
    if fact == "alarm_level":
        return None if value in dict(ALARM_LEVELS) else "监测报警级别应为高高报或高报"
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        return f"“{FACT_LABELS[fact]}”的阈值应为数字"
    return None if number >= 0 else "阈值不能为负数"


def value_label(fact: str, value: str) -> str:
    """The condition's threshold in words: "较大", "红色（一级）", "3人"."""
    if fact == "grade":
        return incident_rules.grade_label(value)
    if fact == "warning_level":
        return warning_rules.level_label(value)
    if fact == "alarm_level":
        return dict(ALARM_LEVELS).get(value, value)
    unit = UNITS.get(fact, "人")
    return f"{_number(value)}{unit}"


def condition_text(condition: Condition) -> str:
    """"死亡人数≥3人", "事件等级达到较大" …"""
    if condition.fact in NUMERIC_FACTS:
        return f"{NUMERIC_FACTS[condition.fact]}≥{value_label(condition.fact, condition.value)}"
    return f"{FACT_LABELS.get(condition.fact, condition.fact)}{value_label(condition.fact, condition.value)}"


def _number(value: str | Decimal | int) -> str:
    number = Decimal(str(value))
    return f"{number:f}".rstrip("0").rstrip(".") if "." in f"{number:f}" else f"{number:f}"


_FACT_WORDS = {"deaths": "死亡", "missing": "失踪", "deaths_missing": "死亡和失踪",
               "serious_injuries": "重伤", "injuries": "受伤", "trapped": "被困",
               "affected": "受灾", "relocated": "紧急转移安置", "loss_wan": "直接经济损失"}


def met(condition: Condition, facts: Facts) -> str | None:
    """The fact that meets ``condition`` in words ("死亡3人"), or None when not met (or
    when the condition cannot be evaluated)."""
    fact, value = condition.fact, condition.value
    if fact in NUMERIC_FACTS:
        try:
            threshold = Decimal(value)
        except (InvalidOperation, ValueError):
            return None
        have = facts.numbers[fact]
        if have >= threshold and have > 0:
            return f"{_FACT_WORDS[fact]}{_number(have)}{UNITS.get(fact, '人')}"
        return None
    if check_condition(fact, value):
        return None
    if fact == "grade":
        if facts.grade and incident_rules.GRADE_RANK[facts.grade] <= incident_rules.GRADE_RANK[value]:
            return f"事件等级为{incident_rules.grade_label(facts.grade)}"
        return None
    if fact == "warning_level":
        if facts.warning_level and warning_rules.LEVEL_RANKS[facts.warning_level] <= \
                warning_rules.LEVEL_RANKS[value]:
            return f"发布{warning_rules.level_label(facts.warning_level)}预警"
        return None
    if fact == "alarm_level":
        rank = monitoring_rules.LEVEL_RANK.get(facts.alarm_level)
        if rank is not None and rank >= monitoring_rules.LEVEL_RANK[value]:
            return f"监测{monitoring_rules.LEVEL_LABEL[facts.alarm_level]}"
    return None


# --- matching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelSpec:
    """A response level of a plan: the level code and its conditions; ``require_all``
    when every condition must hold (else any one reaches the level, as grading does)."""

    level: str
    conditions: tuple[Condition, ...]
    require_all: bool = False


@dataclass(frozen=True)
class PlanSpec:
    """What matching needs of a plan: its key, the event types it covers (category and
    subtypes; none = every type of the category), its region prefix and its levels."""

    key: int
    category: str
    subtypes: frozenset[str]
    region_prefix: str
    levels: tuple[LevelSpec, ...]
    name: str = ""
    kind_rank: int = 0  # lower = more specific (现场处置方案 before 总体预案)


@dataclass(frozen=True)
class Match:
    """A plan whose level is reached, with the reason in words."""

    key: int
    level: str
    reason: str
    specific: bool  # the plan names the incident's subtype (not only its category)
    region_depth: int
    kind_rank: int = 0
    reasons: tuple[str, ...] = field(default_factory=tuple)


def level_reached(spec: LevelSpec, facts: Facts) -> list[str] | None:
    """The facts meeting the level's conditions, or None when it is not reached."""
    if not spec.conditions:
        return None
    found = [met(c, facts) for c in spec.conditions]
    hits = [f for f in found if f]
    if spec.require_all:
        return hits if len(hits) == len(found) else None
    return hits or None


def covers(spec: PlanSpec, facts: Facts, region_code: str) -> bool:
    """Whether the plan covers the incident's type and place."""
    if not region_code.startswith(spec.region_prefix):
        return False
    if spec.subtypes:
        return facts.subtype in spec.subtypes
    return not spec.category or spec.category == facts.category  # no category: 总体预案


def match_plan(spec: PlanSpec, facts: Facts, region_code: str) -> Match | None:
    """The highest level of ``spec`` the facts reach, with the reason
    ("死亡3人，达到Ⅲ级响应条件"); None when the plan does not cover the incident or no
    level is reached."""
    if not covers(spec, facts, region_code):
        return None
    for level in sorted(spec.levels, key=lambda s: LEVEL_RANK[s.level]):
        hits = level_reached(level, facts)
        if hits:
            reason = f"{'，'.join(hits)}，达到{level_label(level.level)}条件"
            return Match(spec.key, level.level, reason, bool(spec.subtypes),
                         len(spec.region_prefix), spec.kind_rank, tuple(hits))
    return None


def rank(matches: Iterable[Match]) -> list[Match]:
    """Matches best first: the plan nearest the place (longest region prefix), then the
    one naming the subtype, then the more specific kind, then the higher level."""
    return sorted(matches, key=lambda m: (-m.region_depth, not m.specific, m.kind_rank,
                                          LEVEL_RANK[m.level], m.key))


def match_all(specs: Iterable[PlanSpec], facts: Facts, region_code: str) -> list[Match]:
    """Every matching plan, ranked."""
    found = [m for m in (match_plan(s, facts, region_code) for s in specs) if m is not None]
    return rank(found)


# --- tasks of a level ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActionSpec:
    """An action of a level: its key, level, group name, title and time limit."""

    key: int
    level: str
    group: str
    title: str
    minutes: int


def actions_for(level: str, actions: Sequence[ActionSpec]) -> list[ActionSpec]:
    """The actions a response at ``level`` opens: the level's own and those of every
    lower level (``levels_from``)."""
    wanted = set(levels_from(level))
    return [a for a in actions if a.level in wanted]


def level_change(old: str, new: str, actions: Sequence[ActionSpec]) -> tuple[list[ActionSpec], list[int]]:
    """On a change of level: (actions to add, action keys whose tasks to close).
    Raising adds the actions of the levels gained; lowering closes those of the levels left."""
    before = {a.key for a in actions_for(old, actions)} if old else set()
    after = actions_for(new, actions)
    added = [a for a in after if a.key not in before]
    after_keys = {a.key for a in after}
    closed = sorted(k for k in before if k not in after_keys)
    return added, closed


# --- lifecycle ----------------------------------------------------------------------------

GOVERNMENT_KINDS = ("overall", "special", "department", "grassroots")
ENTERPRISE_KINDS = ("ent_comprehensive", "ent_special", "ent_onsite")

# 备案 within 20 working days of issue: 《突发事件应急预案管理办法》(国办发〔2024〕5号) 第二十八条
# for government plans; 《生产安全事故应急预案管理办法》(应急管理部令第2号, as amended) 第二十六条
# for enterprises. Configurable (PlanSettings).
FILING_WORKDAYS = 20
# 评估 at least every 3 years: 国办发〔2024〕5号 第三十四条; 令第2号 第三十五条 (every three years
# for ordinary enterprises; high-risk ones yearly — configurable).
EVALUATION_YEARS = 3


def filing_body(kind: str, level: str) -> str:
    """The body a plan is filed with (国办发〔2024〕5号 第二十八条; 令第2号 第二十六条)."""
    if kind == "overall":
        return "上一级人民政府（抄送上一级应急管理部门）"
    if kind == "special":
        return "上一级人民政府相应主管部门（抄送本级应急管理部门）"
    if kind == "department":
        return "本级人民政府（抄送本级应急管理部门）"
    if kind == "grassroots":
        return "县级人民政府应急管理部门"
    return "所在地县级以上人民政府应急管理部门"


FILING_MATERIALS: dict[str, str] = {
    "issue_document": "印发文件",
    "plan_text": "应急预案文本",
    "drafting_note": "编制说明",
    "review_opinion": "评审意见（专家意见）",
    "risk_assessment": "风险评估结果",
    "resource_survey": "应急资源调查清单",
}


def filing_materials(kind: str) -> list[str]:
    """Materials a filing needs: government plans 印发文件、预案文本、编制说明 (国办发〔2024〕5号
    第二十九条); enterprises add the review opinion, the risk assessment and the resource
    survey (令第2号 第二十七条)."""
    base = ["issue_document", "plan_text", "drafting_note"]
    if kind in ENTERPRISE_KINDS:
        return [*base, "review_opinion", "risk_assessment", "resource_survey"]
    return base


def missing_materials(kind: str, given: Iterable[str]) -> list[str]:
    """Labels of the required materials not in ``given``."""
    have = set(given)
    return [FILING_MATERIALS[m] for m in filing_materials(kind) if m not in have]


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clipped to the month's end."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError("invalid date")


def evaluation_due(issued_on: date | None, last_evaluated_on: date | None, years: int) -> date | None:
    """When the next 评估 is due: ``years`` after the last evaluation, or after issue."""
    start = last_evaluated_on or issued_on
    return add_years(start, years) if start else None


# --- drills -------------------------------------------------------------------------------

DRILL_KINDS: tuple[tuple[str, str], ...] = (
    ("tabletop", "桌面推演"), ("live", "实战演练"), ("comprehensive", "综合演练"),
    ("single", "单项演练"), ("double_blind", "双盲演练"),
)

# Least drill frequency by plan kind in months (国办发〔2024〕5号 第三十二条: 专项预案 at least
# every 3 years; 令第2号 第三十三条: enterprise 综合/专项 at least yearly, 现场处置方案 at least
# every half year). Configurable (PlanSettings); None = no national minimum.
DRILL_MONTHS: dict[str, int | None] = {
    "overall": None, "special": 36, "department": 36, "grassroots": 12,
    "ent_comprehensive": 12, "ent_special": 12, "ent_onsite": 6,
}


def drill_due(kind: str, last_drill: date | None, since: date | None,
              months: Mapping[str, int | None] | None = None) -> date | None:
    """When the plan's next drill is due: ``months`` after the last drill, or after the
    plan came into force (``since``) when it was never drilled; None without a minimum."""
    interval = (months or DRILL_MONTHS).get(kind)
    start = last_drill or since
    if interval is None or start is None:
        return None
    return add_months(start, interval)


@dataclass(frozen=True)
class StepTime:
    """One link of the chain measured in a drill against the plan's limit."""

    step: str
    label: str
    minutes: float | None
    limit: int | None

    @property
    def within(self) -> bool | None:
        if self.minutes is None or self.limit is None:
            return None
        return self.minutes <= self.limit


CHAIN: tuple[tuple[str, str], ...] = (
    ("first_report", "接报→首报"), ("response", "接报→启动响应"),
    ("dispatch", "接报→调派力量"), ("arrival", "调派→到达现场"),
)


def chain_times(received: datetime | None, first_report: datetime | None,
                response: datetime | None, dispatch: datetime | None,
                arrival: datetime | None, limits: Mapping[str, int | None]) -> list[StepTime]:
    """Minutes of each link (receipt → first report, → response, → dispatch; dispatch →
    arrival) against ``limits`` (minutes by step)."""
    def gap(a: datetime | None, b: datetime | None) -> float | None:
        return None if a is None or b is None else round((b - a).total_seconds() / 60, 1)

    values = {"first_report": gap(received, first_report), "response": gap(received, response),
              "dispatch": gap(received, dispatch), "arrival": gap(dispatch, arrival)}
    return [StepTime(code, label, values[code], limits.get(code)) for code, label in CHAIN]


# AQ/T 9009-2015《生产安全事故应急演练评估规范》: the items of the evaluation (演练准备, 演练实施
# by function, 演练总结) with their full marks (100 in all). Medium confidence on the
# weights: the standard lists the items; the weights are the common practice of 评估表.
AQT9009_ITEMS: tuple[tuple[str, str, int], ...] = (
    ("plan_scenario", "演练方案与情景设计", 10),
    ("preparation", "演练组织与保障准备", 10),
    ("warning_report", "预警与信息报告", 10),
    ("command", "指挥协调与应急决策", 15),
    ("response", "应急响应与处置行动", 15),
    ("resources", "应急资源调配与使用", 10),
    ("communication", "通信保障与信息传递", 10),
    ("evacuation", "人员疏散安置与医疗救护", 10),
    ("recovery", "现场恢复与演练结束", 5),
    ("summary", "演练总结与改进", 5),
)
AQT9009_MAX = {code: top for code, _, top in AQT9009_ITEMS}
AQT9009_LABELS = {code: label for code, label, _ in AQT9009_ITEMS}


def check_scores(scores: Mapping[str, Decimal | int]) -> dict[str, str]:
    """Field-level Chinese errors of a scored form (every item 0 … its full marks)."""
    errors = {}
    for code, _, top in AQT9009_ITEMS:
        value = scores.get(code)
        if value is None:
            errors[code] = "请为此项评分"
        elif not 0 <= Decimal(str(value)) <= top:
            errors[code] = f"得分应在0到{top}之间"
    return errors


def total_score(scores: Mapping[str, Decimal | int]) -> Decimal:
    return sum((Decimal(str(scores.get(code, 0))) for code, _, _ in AQT9009_ITEMS), Decimal(0))


def score_text(value: Decimal | int) -> str:
    """A score as people write it: 84, 84.5 (never 84.0, never 8E+1)."""
    return f"{Decimal(str(value)).normalize():f}"


def score_grade(total: Decimal | float) -> str:
    """优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 below (the common reading of AQ/T 9009's
    conclusion of whether the drill reached its aims)."""
    value = Decimal(str(total))
    if value >= 90:
        return "优秀"
    if value >= 80:
        return "良好"
    if value >= 60:
        return "合格"
    return "不合格"
