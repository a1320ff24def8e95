"""Pure rules of disaster reporting and relief; no Django.

Sources (regulations.md §6):

- 《自然灾害情况统计调查制度》(应急管理部, 国家统计局批准; the 2020 revision): the
  indicators and their definitions, 初报 by the county within 2 hours of the disaster,
  续报 every day during a major disaster (county before 09:00), 核报 after the disaster
  stabilises (the county within 5 days). Medium confidence: every limit is a setting.
- 《国家自然灾害救助应急预案》(2024): the response levels I–IV and their criteria (any
  one criterion reaches the level); levels II–IV carry the 2016 figures (check them),
  so every threshold is an editable table row.
- 《自然灾害救助条例》(国务院令第577号, 2019 revision): relief to households.
- GB 11643-1999 公民身份号码: the check character of an 18-digit ID number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from yingji.core.money import yuan

# --- indicators -----------------------------------------------------------------------------

# (field, label, unit) of 自然灾害情况统计调查制度 表1 (基层报灾表), in its order.
PEOPLE = (
    ("affected", "受灾人口", "人"),
    ("deaths", "因灾死亡人口", "人"),
    ("missing", "因灾失踪人口", "人"),
    ("injured", "因灾伤病人口", "人"),
    ("relocated", "紧急转移安置人口", "人"),
    ("needing_aid", "需紧急生活救助人口", "人"),
    ("drinking_difficulty", "因旱饮水困难需救助人口", "人"),
    ("drought_aid", "因旱需生活救助人口", "人"),
)
CROPS = (
    ("crop_affected", "农作物受灾面积", "公顷"),
    ("crop_damaged", "农作物成灾面积", "公顷"),
    ("crop_lost", "农作物绝收面积", "公顷"),
)
HOUSES = (
    ("collapsed_households", "倒塌房屋户数", "户"),
    ("collapsed_rooms", "倒塌房屋间数", "间"),
    ("severe_households", "严重损坏房屋户数", "户"),
    ("severe_rooms", "严重损坏房屋间数", "间"),
    ("general_households", "一般损坏房屋户数", "户"),
    ("general_rooms", "一般损坏房屋间数", "间"),
)
LOSSES = (
    ("loss_agriculture", "农业损失", "万元"),
    ("loss_industry", "工矿商贸业损失", "万元"),
    ("loss_infrastructure", "基础设施损失", "万元"),
    ("loss_public_service", "公共服务设施损失", "万元"),
    ("loss_housing", "居民住房及家庭财产损失", "万元"),
    ("loss_other", "其他损失", "万元"),
)
INDICATORS = (*PEOPLE, *CROPS, *HOUSES, *LOSSES)
FIELDS = tuple(name for name, _, _ in INDICATORS)
DECIMAL_FIELDS = frozenset(name for name, _, unit in INDICATORS if unit in ("公顷", "万元"))
LABELS = {name: label for name, label, _ in INDICATORS}
UNITS = {name: unit for name, _, unit in INDICATORS}
LOSS_FIELDS = tuple(name for name, _, _ in LOSSES)


def zero_figures() -> dict[str, Any]:
    return {name: (Decimal("0") if name in DECIMAL_FIELDS else 0) for name in FIELDS}


def direct_loss(figures: Mapping[str, Any]) -> Decimal:
    """直接经济损失 (万元): the sum of the sectors' losses."""
    return sum((Decimal(str(figures.get(name) or 0)) for name in LOSS_FIELDS), Decimal("0"))


def difference(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
    """``a - b`` indicator by indicator."""
    return {name: (a.get(name) or 0) - (b.get(name) or 0) for name in FIELDS}


def add_up(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    total = zero_figures()
    for row in rows:
        for name in FIELDS:
            total[name] += row.get(name) or 0
    return total


# --- consistency ---------------------------------------------------------------------------


def figure_problems(figures: Mapping[str, Any]) -> dict[str, str]:
    """Impossible combinations, by field (统计调查制度 指标解释: 成灾 is the part of 受灾
    with a yield loss of 30 % or more, 绝收 the part of 成灾 with 80 % or more; 紧急转移
    安置 and 需紧急生活救助 people are counted among 受灾人口; a household has a room)."""
    problems: dict[str, str] = {}

    def value(name: str) -> Any:
        return figures.get(name) or 0

    for name in FIELDS:
        if value(name) < 0:
            problems[name] = f"{LABELS[name]}不能为负数"
    if value("crop_damaged") > value("crop_affected"):
        problems["crop_damaged"] = "农作物成灾面积不能大于受灾面积"
    if value("crop_lost") > value("crop_damaged"):
        problems["crop_lost"] = "农作物绝收面积不能大于成灾面积"
    for part in ("relocated", "needing_aid"):
        if value(part) > value("affected"):
            problems[part] = f"{LABELS[part]}不能大于受灾人口"
    for degree, label in (("collapsed", "倒塌"), ("severe", "严重损坏"), ("general", "一般损坏")):
        rooms, households = value(f"{degree}_rooms"), value(f"{degree}_households")
        if households > rooms:
            problems[f"{degree}_rooms"] = f"{label}房屋间数不能少于户数（每户至少一间）"
        if rooms and not households:
            problems[f"{degree}_households"] = f"填写了{label}房屋间数，请填写户数"
    return problems


def lowered_fields(figures: Mapping[str, Any], previous: Mapping[str, Any] | None) -> list[str]:
    """Indicators of a 续报/核报 below the last report's (reports are cumulative, so a
    lower figure is a correction and needs its reason)."""
    if previous is None:
        return []
    return [name for name in FIELDS if (figures.get(name) or 0) < (previous.get(name) or 0)]


def lowered_problem(
    figures: Mapping[str, Any], previous: Mapping[str, Any] | None, reason: str
) -> str | None:
    lowered = lowered_fields(figures, previous)
    if lowered and not reason.strip():
        names = "、".join(LABELS[n] for n in lowered)
        return f"{names}低于上次报送数，请填写核减原因"
    return None


def register_problems(
    figures: Mapping[str, Any], *, dead: int, missing: int, households: Mapping[str, int]
) -> list[str]:
    """Differences between the figures and the registers: 因灾死亡失踪人员名单 and
    倒损住房户台账 (households by degree: collapsed, severe, general)."""
    problems = []
    if dead != (figures.get("deaths") or 0):
        problems.append(f"死亡人员名单{dead}人，与报送的因灾死亡{figures.get('deaths') or 0}人不一致")
    if missing != (figures.get("missing") or 0):
        problems.append(f"失踪人员名单{missing}人，与报送的因灾失踪{figures.get('missing') or 0}人不一致")
    for degree, label in (("collapsed", "倒塌"), ("severe", "严重损坏"), ("general", "一般损坏")):
        listed = households.get(degree, 0)
        reported = figures.get(f"{degree}_households") or 0
        if listed != reported:
            problems.append(f"{label}房屋台账{listed}户，与报送的{reported}户不一致")
    return problems


# --- time limits ---------------------------------------------------------------------------

MAJOR_GRADES = ("major", "especially_major")


def initial_due(started_at: datetime, hours: int) -> datetime:
    """初报: within ``hours`` (national: 2) of the disaster's start."""
    return started_at + timedelta(hours=hours)


def followup_required(grade: str) -> bool:
    """续报 every day while the disaster is 重大 or 特别重大."""
    return grade in MAJOR_GRADES


def followup_due(day: date, hour: int, tz: Any) -> datetime:
    """The day's 续报 time (national: the county before 09:00)."""
    return datetime.combine(day, time(hour=hour), tzinfo=tz)


def final_due(stabilised_at: datetime, days: int) -> datetime:
    """核报: within ``days`` (national: the county within 5) of stabilising."""
    return stabilised_at + timedelta(days=days)


# --- response level --------------------------------------------------------------------------

LEVEL_ORDER = ("I", "II", "III", "IV")  # I is the highest
LEVEL_LABELS = {"I": "Ⅰ级", "II": "Ⅱ级", "III": "Ⅲ级", "IV": "Ⅳ级"}
# The disaster's grade (突发事件应对法: 特别重大/重大/较大/一般) each relief response level
# stands for, so the grade and the level come from one source, the figures: Ⅰ级 特别重大,
# Ⅱ级 重大, Ⅲ级 较大, Ⅳ级 一般; figures that reach no level are 一般 too.
GRADE_OF_LEVEL = {"I": "especially_major", "II": "major", "III": "larger", "IV": "general"}


def grade_of_level(level: str | None) -> str:
    """The disaster's grade the assessed relief response level stands for."""
    return GRADE_OF_LEVEL.get(level or "", "general")


@dataclass(frozen=True)
class Threshold:
    """One criterion: ``indicator`` reaches ``level`` at ``minimum`` (inclusive: the
    plan's "以上" includes the bound)."""

    level: str
    indicator: str
    minimum: Decimal
    text: str


@dataclass(frozen=True)
class Reached:
    indicator: str
    value: Decimal
    level: str | None
    text: str


RESPONSE_INDICATORS = {
    "dead_missing": "因灾死亡和失踪人口（人）",
    "relocated_needing": "紧急转移安置和需紧急生活救助人口（人）",
    "houses_rooms": "倒塌和严重损坏房屋（间）",
    "houses_households": "倒塌和严重损坏房屋（户）",
    "drought_aid": "干旱灾害需政府救助人口（人）",
    "drought_share": "干旱需政府救助人口占农牧业人口比例（%）",
}


def response_values(figures: Mapping[str, Any], farming_population: int | None = None) -> dict[str, Decimal]:
    """The quantities the plan's criteria name, from the reported totals."""

    def d(*names: str) -> Decimal:
        return sum((Decimal(str(figures.get(n) or 0)) for n in names), Decimal("0"))

    values = {
        "dead_missing": d("deaths", "missing"),
        "relocated_needing": d("relocated", "needing_aid"),
        "houses_rooms": d("collapsed_rooms", "severe_rooms"),
        "houses_households": d("collapsed_households", "severe_households"),
        "drought_aid": d("drought_aid"),
    }
    if farming_population:
        values["drought_share"] = (d("drought_aid") * 100 / Decimal(farming_population)).quantize(
            Decimal("0.01")
        )
    return values


def assess_response(
    values: Mapping[str, Decimal], thresholds: Sequence[Threshold]
) -> tuple[str | None, list[Reached]]:
    """The level each indicator reaches and the highest overall (any one criterion
    reaches the level, 国家自然灾害救助应急预案 2024 §5)."""
    reached = []
    for indicator in RESPONSE_INDICATORS:
        if indicator not in values:
            continue
        value = values[indicator]
        best: Threshold | None = None
        for row in thresholds:
            if row.indicator != indicator or value < row.minimum:
                continue
            if best is None or LEVEL_ORDER.index(row.level) < LEVEL_ORDER.index(best.level):
                best = row
        reached.append(Reached(indicator, value, best.level if best else None, best.text if best else ""))
    levels = [r.level for r in reached if r.level]
    overall = min(levels, key=LEVEL_ORDER.index) if levels else None
    return overall, reached


# --- relief --------------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_number_problem(number: str) -> str | None:
    """GB 11643-1999: 18 characters, the last the check character of the first 17."""
    text = number.strip().upper()
    if len(text) != 18 or not text[:17].isdigit() or text[17] not in "0123456789X":
        return "身份证号码应为18位（最后一位可为X）"
    total = sum(int(c) * w for c, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != text[17]:
        return "身份证号码校验位不正确"
    return None


GUARANTEES = (
    ("food", "有饭吃"),
    ("clothing", "有衣穿"),
    ("water", "有干净水喝"),
    ("shelter", "有临时安全住处"),
    ("medical", "有伤病能得到及时医治"),
)


def not_issued(
    *, approved: Decimal | None, paid: Decimal, goods_planned: str, goods_issued: bool
) -> list[str]:
    """What of a relief case is still not issued when 发放完毕 is asked for: the approved
    money not yet paid and the planned goods of which nothing was issued (the plan names
    goods as text, so any goods issue counts as issuing them)."""
    rest = []
    left = (approved or Decimal("0")) - paid
    if left > 0:
        rest.append(f"救助资金核定{yuan(approved)}，已发放{yuan(paid)}，尚有{yuan(left)}未发放")
    if goods_planned.strip() and not goods_issued:
        rest.append(f"拟发放物资“{goods_planned.strip()}”尚未登记发放")
    return rest


def twelve_hour_status(due_at: datetime, now: datetime, confirmed: int, completed_at: datetime | None) -> str:
    """done (all five by the limit), late_done, overdue (limit passed, not all), open."""
    if confirmed >= len(GUARANTEES) and completed_at is not None:
        return "done" if completed_at <= due_at else "late_done"
    return "overdue" if now > due_at else "open"
