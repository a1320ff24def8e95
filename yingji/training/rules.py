"""Pure rules of training and certification (三项岗位人员持证、三级安全教育). No Django.

Sources (the defaults below; the requirement table and the module's settings can change
them per installation):

- 《中华人民共和国安全生产法》（2021年修正）第二十七条第二款: the 主要负责人 and
  安全生产管理人员 of units producing, trading, storing or loading dangerous goods, of
  mines, metal smelting, building construction and transport must pass the assessment
  of their 安全生产知识和管理能力 by the competent department (考核合格);
  第二十八条: no worker takes up a post without safety training;
  第三十条: 特种作业人员 must be specially trained and hold the qualification
  (特种作业操作证) before they work.
- 《特种作业人员安全技术培训考核管理规定》（国家安全生产监督管理总局令第30号）
  第十九条: the 特种作业操作证 is valid 6 years; 第二十一条: it is reviewed (复审) every
  3 years; 第二十二条: the review is applied for within the 60 days before it falls due;
  第二十三条: review training at least 8 学时.
- 《生产经营单位安全培训规定》（国家安全生产监督管理总局令第3号）第九条: 主要负责人
  and 安全生产管理人员 initial training ≥ 32 学时 (≥ 48 in 煤矿、非煤矿山、危险化学品、
  烟花爆竹、金属冶炼), yearly ≥ 12 (≥ 16); 第十二条: 厂（矿）、车间（工段、区、队）、班组
  三级安全培训教育 before a new worker starts; 第十三条: a new worker's pre-job training
  ≥ 24 学时, ≥ 72 学时 in the high-risk industries (yearly retraining ≥ 20).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

# Posts (三项岗位) and certificate kinds, by stored value.
PRINCIPAL = "principal"
SAFETY_MANAGER = "safety_manager"
SPECIAL_OPERATOR = "special_operator"

PRINCIPAL_CERT = "principal_cert"
MANAGER_CERT = "manager_cert"
SPECIAL_OPERATION = "special_operation"
TRAINING_CERT = "training_cert"

# 安全生产法 第二十七条第二款: 危险物品的生产、经营、储存、装卸单位以及矿山、金属冶炼、
# 建筑施工、运输单位. The registry's industries that are such units as a whole (城镇燃气
# trades a dangerous good); metal smelting sits inside 工贸 and is not told apart here.
HIGH_RISK_INDUSTRIES = frozenset({"hazchem", "chem_park", "non_coal_mine", "tailings",
                                  "fireworks", "construction", "transport", "gas"})
# 生产经营单位安全培训规定 第九条、第十三条: 煤矿、非煤矿山、危险化学品、烟花爆竹、金属冶炼.
HOURS_HIGH_RISK_INDUSTRIES = frozenset({"hazchem", "chem_park", "non_coal_mine", "tailings",
                                        "fireworks"})

LAW_27 = "《安全生产法》第二十七条第二款"
LAW_30 = "《安全生产法》第三十条；《特种作业人员安全技术培训考核管理规定》（总局令第30号）第五条"
ORDER_3_9 = "《生产经营单位安全培训规定》（总局令第3号）第六条、第九条"


@dataclass(frozen=True)
class Requirement:
    """Who must hold what: ``industry`` "" applies to every industry without a row of
    its own; ``kind`` "" means no certificate is required."""

    industry: str
    post: str
    kind: str
    source: str


def default_requirements(industries: Iterable[str]) -> list[Requirement]:
    """The national defaults of the requirement table (see the module docstring)."""
    rows = [Requirement("", SPECIAL_OPERATOR, SPECIAL_OPERATION, LAW_30),
            Requirement("", PRINCIPAL, TRAINING_CERT, ORDER_3_9),
            Requirement("", SAFETY_MANAGER, TRAINING_CERT, ORDER_3_9)]
    for industry in sorted(set(industries) & HIGH_RISK_INDUSTRIES):
        rows.append(Requirement(industry, PRINCIPAL, PRINCIPAL_CERT, LAW_27))
        rows.append(Requirement(industry, SAFETY_MANAGER, MANAGER_CERT, LAW_27))
    return rows


def required_kind(table: Mapping[tuple[str, str], str], industry: str, post: str) -> str:
    """The certificate kind ``post`` needs in ``industry``: the industry's own row, else
    the all-industries row, else "" (none)."""
    if (industry, post) in table:
        return table[(industry, post)]
    return table.get(("", post), "")


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def review_due(kind: str, issued_on: date | None, last_reviewed_on: date | None,
               valid_until: date, review_years: int) -> date | None:
    """The next 复审 of a 特种作业操作证 (总局令第30号 第二十一条: every ``review_years``
    from issue or the last review), None for other kinds or when it would fall on or
    after the end of validity (the certificate is then renewed, not reviewed)."""
    if kind != SPECIAL_OPERATION or review_years <= 0:
        return None
    start = max(d for d in (issued_on, last_reviewed_on) if d is not None) \
        if (issued_on or last_reviewed_on) else None
    if start is None:
        return None
    due = add_years(start, review_years)
    return due if due < valid_until else None


VALID = "valid"
EXPIRING = "expiring"
REVIEW_DUE = "review_due"
REVIEW_OVERDUE = "review_overdue"
EXPIRED = "expired"

STATUS_LABELS = {VALID: "有效", EXPIRING: "即将到期", REVIEW_DUE: "待复审",
                 REVIEW_OVERDUE: "逾期未复审", EXPIRED: "已过期"}
STATUS_BADGES = {VALID: "green", EXPIRING: "yellow", REVIEW_DUE: "yellow",
                 REVIEW_OVERDUE: "red", EXPIRED: "red"}


def certificate_status(today: date, valid_until: date, review_due_on: date | None,
                       remind_days: int) -> str:
    """有效 / 即将到期 / 待复审 / 逾期未复审 / 已过期 on ``today``; the reminder window is
    ``remind_days`` (总局令第30号 第二十二条: apply within the 60 days before)."""
    if valid_until < today:
        return EXPIRED
    if review_due_on is not None and review_due_on < today:
        return REVIEW_OVERDUE
    window = today + timedelta(days=remind_days)
    if review_due_on is not None and review_due_on <= window:
        return REVIEW_DUE
    if valid_until <= window:
        return EXPIRING
    return VALID


def usable(status: str) -> bool:
    """A certificate one may work under: not expired and not past its review."""
    return status not in (EXPIRED, REVIEW_OVERDUE)


def coverage_percent(required: int, covered: int) -> float:
    """持证覆盖率 (the seeds' target 100 %): 100.0 when nobody needs a certificate."""
    if required <= 0:
        return 100.0
    return round(100.0 * covered / required, 1)


def new_worker_hours(industry: str, normal: int = 24, high_risk: int = 72) -> int:
    """Pre-job training hours of a new worker (总局令第3号 第十三条)."""
    return high_risk if industry in HOURS_HIGH_RISK_INDUSTRIES else normal


def new_worker_problems(industry: str, levels: Mapping[str, float],
                        normal: int = 24, high_risk: int = 72) -> list[str]:
    """What a 三级安全教育 record lacks: a level with no hours (第十二条) and a total
    below the required hours (第十三条); [] when complete."""
    problems = [f"缺少{name}教育" for name, hours in levels.items() if not hours or hours <= 0]
    need = new_worker_hours(industry, normal, high_risk)
    total = sum(h or 0 for h in levels.values())
    if total < need:
        problems.append(f"岗前培训{total:g}学时，少于规定的{need}学时")
    return problems


# --- disaster informants (灾害信息员) ----------------------------------------------------
# 《国家综合防灾减灾规划（2016－2020年）》: every urban and rural community has a 灾害信息员
# (the seeds' "每个村（社区）都有灾害信息员"); the A/B 角 (a reporter and a stand-in) and the
# yearly training are the common provincial practice, kept as settings, not an article.

VILLAGE_FULL = "full"
VILLAGE_A_ONLY = "a_only"
VILLAGE_NO_A = "no_a"
VILLAGE_NONE = "none"
VILLAGE_LABELS = {VILLAGE_FULL: "A、B角齐备", VILLAGE_A_ONLY: "缺B角", VILLAGE_NO_A: "缺A角",
                  VILLAGE_NONE: "无信息员"}
VILLAGE_BADGES = {VILLAGE_FULL: "green", VILLAGE_A_ONLY: "yellow", VILLAGE_NO_A: "orange",
                  VILLAGE_NONE: "red"}


def village_status(duties: Iterable[str]) -> str:
    """The roster of one village from the A/B roles of its active informants ("a"/"b")."""
    held = set(duties)
    if not held:
        return VILLAGE_NONE
    if "a" not in held:
        return VILLAGE_NO_A
    return VILLAGE_FULL if "b" in held else VILLAGE_A_ONLY


def informant_problems(today: date, trained_on: date | None, valid_until: date | None,
                       retrain_months: int, remind_days: int) -> list[str]:
    """What an informant lacks: training within ``retrain_months`` and a live certificate
    (one inside ``remind_days`` of its end is flagged as expiring)."""
    problems: list[str] = []
    if trained_on is None:
        problems.append("未参加培训")
    elif trained_on < today - timedelta(days=round(retrain_months * 30.4)):
        problems.append(f"超过{retrain_months}个月未培训")
    if valid_until is None:
        problems.append("无证书")
    elif valid_until < today:
        problems.append("证书已过期")
    elif valid_until <= today + timedelta(days=remind_days):
        problems.append("证书即将到期")
    return problems


# --- rescue teams' training (队伍训练与比武) -------------------------------------------
# The grades and the yearly hours target are the installation's settings (the team's
# 训练大纲 differs by kind of team); no national article fixes them.


def assessment_grade(score: float | None, pass_score: int) -> str:
    """优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ ``pass_score``, else 不合格; "" without a score."""
    if score is None:
        return ""
    if score >= 90:
        return "优秀"
    if score >= 80 and pass_score <= 80:
        return "良好"
    return "合格" if score >= pass_score else "不合格"


def parse_members(text: str) -> list[str]:
    """The team's 队员名单 (one text field in resources) as names, in order, once each."""
    for sep in (",", "，", ";", "；", "\n", " ", "\t"):
        text = text.replace(sep, "、")
    return list(dict.fromkeys(part.strip() for part in text.split("、") if part.strip()))
