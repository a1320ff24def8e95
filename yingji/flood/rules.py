"""Pure rules of flood and typhoon defence (防汛防台): when a warning or a gauge reaches a
risk point's level, what a responsible person may report for a household, the 八个必转
checklist and the board's tallies. No Django here (import contract)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

# Warning levels, highest first (the warnings module's codes: 一级 红 … 四级 蓝).
LEVELS: tuple[str, ...] = ("red", "orange", "yellow", "blue")
LEVEL_RANK: dict[str, int] = {code: n for n, code in enumerate(LEVELS)}
LEVEL_NAMES: dict[str, str] = {"red": "红色", "orange": "橙色", "yellow": "黄色", "blue": "蓝色"}

# 八个必转 (the categories of people who must be moved when a point's level is reached, as
# the provinces' 三防 rules list them).
EIGHT_MUST: tuple[tuple[str, str], ...] = (
    ("dangerous_house", "危房、泥砖房等危险房屋内人员"),
    ("lowland", "低洼易涝地区人员"),
    ("geohazard", "山洪地质灾害危险区人员"),
    ("slope_house", "削坡建房户人员"),
    ("work_shed", "在建工地临时工棚人员"),
    ("riverside", "江边、河边、海边危险地带人员"),
    ("boat", "渔船、渔排和养殖棚人员"),
    ("scenic", "景区、公园等户外人员"),
)
EIGHT_MUST_LABELS: dict[str, str] = dict(EIGHT_MUST)

PENDING, MOVED, REFUSED, NOT_FOUND = "pending", "moved", "refused", "not_found"
OUTCOMES: tuple[tuple[str, str], ...] = ((MOVED, "已转移"), (REFUSED, "拒绝转移"),
                                         (NOT_FOUND, "未找到"))
STATUS_LABELS: dict[str, str] = {PENDING: "待转移", **dict(OUTCOMES)}
STATUS_BADGES: dict[str, str] = {PENDING: "secondary", MOVED: "success", REFUSED: "danger",
                                 NOT_FOUND: "warning"}


def level_reaches(in_force: str, trigger: str) -> bool:
    """Whether the warning level in force (``""`` for none) is at or above a point's
    transfer level (a red warning reaches an orange point; a blue one does not)."""
    if in_force not in LEVEL_RANK or trigger not in LEVEL_RANK:
        return False
    return LEVEL_RANK[in_force] <= LEVEL_RANK[trigger]


def gauge_reaches(value: float | None, threshold: float, read_at: datetime | None,
                  now: datetime, stale_minutes: int) -> bool:
    """Whether a gauge's latest reading reaches the point's threshold; a reading older
    than ``stale_minutes`` (a gauge gone silent) opens nothing."""
    if value is None or read_at is None:
        return False
    if now - read_at > timedelta(minutes=stale_minutes):
        return False
    return value >= threshold


def report_refusal(current: str, outcome: str, people: int, members: int) -> str | None:
    """Why a household's report is refused (None when it may be recorded). A household
    reported moved stays moved: nobody is counted twice. A refusal or a household not
    found may later be reported moved (persuaded, found)."""
    if outcome not in STATUS_LABELS or outcome == PENDING:
        return "请选择转移结果：已转移、拒绝转移或未找到"
    if current == MOVED:
        return "该户已报送转移，不能重复报送"
    if outcome == MOVED and not 1 <= people <= members:
        return f"转移人数应为1至{members}人"
    return None


def categories_refusal(codes: Iterable[str]) -> str | None:
    """Unknown 八个必转 codes are refused (an API caller's typo is not stored)."""
    unknown = [c for c in codes if c not in EIGHT_MUST_LABELS]
    return f"未知的必转类别：{'、'.join(unknown[:3])}" if unknown else None


def regions_related(point_prefix: str, person_prefix: str) -> bool:
    """A responsible person serves a point when one region contains the other (their
    region prefixes): the district's and street's 三防责任人 above the point, the
    community's below it."""
    return point_prefix.startswith(person_prefix) or person_prefix.startswith(point_prefix)


@dataclass(frozen=True)
class Tally:
    """Planned, moved and remaining households and people of one row of the board."""

    households: int = 0
    people: int = 0
    moved_households: int = 0
    moved_people: int = 0
    refused: int = 0
    not_found: int = 0
    vulnerable: int = 0
    vulnerable_moved: int = 0

    @property
    def remaining_households(self) -> int:
        return self.households - self.moved_households

    @property
    def remaining_people(self) -> int:
        return self.people - self.moved_people

    @property
    def percent(self) -> int:
        """Share of the people moved, rounded down (100 only when everyone is)."""
        return self.moved_people * 100 // self.people if self.people else 0


def tally(rows: Iterable[tuple[str, int, int, bool]]) -> Tally:
    """A tally of ``(status, members, moved_people, vulnerable)`` rows."""
    values = [0] * 8
    for status, members, moved, vulnerable in rows:
        values[0] += 1
        values[1] += members
        if status == MOVED:
            values[2] += 1
            values[3] += moved
        values[4] += status == REFUSED
        values[5] += status == NOT_FOUND
        values[6] += bool(vulnerable)
        values[7] += bool(vulnerable) and status == MOVED
    return Tally(*values)


def occupancy(people: int, capacity: int) -> int | None:
    """A shelter's occupancy in percent (None when its capacity is unknown)."""
    return people * 100 // capacity if capacity else None


def trigger_text(kind: str, *, level: str = "", title: str = "", gauge: str = "",
                 value: float | None = None, threshold: float | None = None,
                 unit: str = "") -> str:
    """Why a transfer opened, in words for the task and the message."""
    if kind == "warning":
        return f"{LEVEL_NAMES.get(level, level)}预警生效（{title}），达到转移级别"
    if kind == "gauge":
        return f"{gauge}实测{value:g}{unit}，达到转移阈值{threshold:g}{unit}"
    return "人工启动转移"


# ---------------------------------------------------------------------------
# Flood response levels (防汛应急响应 Ⅳ–Ⅰ): the triggers and the duty rules of each.
# The national 防汛抗旱应急预案 grades the response Ⅳ (lowest) to Ⅰ (highest); each city
# sets its own triggers, so the thresholds here are configuration read from the rows.

GRADES: tuple[str, ...] = ("1", "2", "3", "4")  # highest first
GRADE_NAMES: dict[str, str] = {"1": "Ⅰ级", "2": "Ⅱ级", "3": "Ⅲ级", "4": "Ⅳ级"}
GRADE_RANK: dict[str, int] = {code: n for n, code in enumerate(GRADES)}


def grade_above(new: str, current: str) -> bool:
    """Whether ``new`` is a higher response than ``current`` (``""``: no response)."""
    if new not in GRADE_RANK:
        return False
    return current not in GRADE_RANK or GRADE_RANK[new] < GRADE_RANK[current]


@dataclass(frozen=True)
class LevelRule:
    """One grade's triggers: a warning of one of ``warning_types`` at ``warning_level`` or
    above in force, or ``gauge_count`` linked gauges at their threshold (0: not used)."""

    grade: str
    warning_types: tuple[str, ...]
    warning_level: str
    gauge_count: int


def suggested_grade(level_rules: Iterable[LevelRule], warnings: Iterable[tuple[str, str, str]],
                    gauges_over: int) -> tuple[str, str]:
    """The highest grade whose trigger is met and the reason in words, or ``("", "")``.
    ``warnings`` are ``(type code, level, title)`` of the bulletins in force."""
    found = list(warnings)
    for rule in sorted(level_rules, key=lambda r: GRADE_RANK.get(r.grade, 9)):
        if rule.warning_level:
            for code, level, title in found:
                if code in rule.warning_types and level_reaches(level, rule.warning_level):
                    return rule.grade, (f"{LEVEL_NAMES.get(level, level)}预警生效（{title}），"
                                        f"达到{GRADE_NAMES[rule.grade]}响应条件")
        if rule.gauge_count and gauges_over >= rule.gauge_count:
            return rule.grade, (f"{gauges_over}个关联监测站点达到转移阈值（条件{rule.gauge_count}个），"
                                f"达到{GRADE_NAMES[rule.grade]}响应条件")
    return "", ""


def decision_refusal(grade: str, note: str) -> str | None:
    """A leader's decision: a grade, or not starting (不启动) with the reason."""
    if grade and grade not in GRADE_RANK:
        return "请选择响应等级"
    if not grade and not note.strip():
        return "不启动响应时请填写理由"
    return None


@dataclass(frozen=True)
class DutyRule:
    """What a grade asks of the duty roster: the leaders and officers of each shift and
    whether the watch must be kept around the clock (24小时值守)."""

    leaders: int
    officers: int
    watch_24h: bool


@dataclass(frozen=True)
class ShiftRow:
    label: str
    start: datetime
    end: datetime
    leaders: int
    officers: int


def duty_gaps(shifts: Iterable[ShiftRow], start: datetime, end: datetime,
              rule: DutyRule) -> list[str]:
    """What the roster lacks for ``rule`` between ``start`` and ``end``: shifts short of
    leaders or officers and, for a 24-hour watch, the hours no shift covers."""
    problems: list[str] = []
    rows = sorted((s for s in shifts if s.end > start and s.start < end), key=lambda s: s.start)
    for s in rows:
        if s.leaders < rule.leaders:
            problems.append(f"{s.label}带班领导{s.leaders}人，本级响应要求{rule.leaders}人")
        if s.officers < rule.officers:
            problems.append(f"{s.label}值班员{s.officers}人，本级响应要求{rule.officers}人")
    if rule.watch_24h:
        cursor = start
        for s in rows:
            if s.start > cursor:
                problems.append(f"{cursor:%m-%d %H:%M}至{s.start:%m-%d %H:%M}无人值班")
            cursor = max(cursor, s.end)
        if cursor < end:
            problems.append(f"{cursor:%m-%d %H:%M}至{end:%m-%d %H:%M}无人值班")
    return problems
