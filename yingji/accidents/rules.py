"""Pure rules of production safety accidents: the final grade (the incidents module's 493
rule, reused), who investigates, the investigation and 批复 time limits, the 回头看, the
production-safety determination, the 事故类别 of GB 6441, fines, statistics and the
瞒报 cross-check match.

No Django imports: every function is tested at its boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from yingji.enforcement.rules import accident_fine_range, principal_fine
from yingji.incidents.rules import GRADE_RANK, SUBTYPES, follow_up_window, grade_493, grade_label

__all__ = ["final_grade", "grade_493", "grade_label"]

# --- the final grade (国务院令第493号 第三条) ------------------------------------------------


def final_grade(deaths: int, missing: int, serious_injuries: int, loss_wan: Decimal | int) -> str:
    """The final grade by 493 第三条, computed by the incidents module's ``grade_493``.

    The missing are counted with the dead: 493 第三条 grades by 死亡 and the statistical
    system (生产安全事故统计调查制度) counts 死亡（含失踪）; a missing person found alive
    is taken off by correcting the figures, which regrades the accident again.
    """
    return grade_493(deaths + missing, serious_injuries, loss_wan)


def is_higher(a: str, b: str) -> bool:
    """Whether grade ``a`` is more serious than grade ``b``."""
    return GRADE_RANK[a] < GRADE_RANK[b]


# --- GB 6441-1986《企业职工伤亡事故分类》 -----------------------------------------------------

# 事故类别 (GB 6441-1986 第5章, twenty categories by the cause of injury).
CATEGORIES_6441: tuple[tuple[str, str], ...] = (
    ("01", "物体打击"), ("02", "车辆伤害"), ("03", "机械伤害"), ("04", "起重伤害"),
    ("05", "触电"), ("06", "淹溺"), ("07", "灼烫"), ("08", "火灾"), ("09", "高处坠落"),
    ("10", "坍塌"), ("11", "冒顶片帮"), ("12", "透水"), ("13", "放炮"), ("14", "火药爆炸"),
    ("15", "瓦斯爆炸"), ("16", "锅炉爆炸"), ("17", "容器爆炸"), ("18", "其他爆炸"),
    ("19", "中毒和窒息"), ("20", "其他伤害"),
)

# 事故原因 (GB 6441-1986 附录A: A6 不安全状态, A7 不安全行为 as direct causes; the
# indirect causes of the 事故调查 practice, GB 6442-1986 第3.5条).
CAUSES: tuple[tuple[str, str], ...] = (
    ("unsafe_state", "物的不安全状态"),
    ("unsafe_act", "人的不安全行为"),
    ("design_defect", "技术和设计上有缺陷"),
    ("training", "教育培训不够、未经培训"),
    ("organisation", "劳动组织不合理"),
    ("supervision", "对现场工作缺乏检查或指导错误"),
    ("procedures", "没有安全操作规程或不健全"),
    ("prevention", "没有或不认真实施事故防范措施"),
    ("regulation", "监管责任落实不到位"),
    ("illegal", "非法违法生产经营建设"),
    ("other", "其他原因"),
)
CAUSE_LABELS = dict(CAUSES)


def check_causes(codes: Iterable[str]) -> str | None:
    """A Chinese reason when a cause code is not in the list."""
    bad = [c for c in codes if c not in CAUSE_LABELS]
    return f"事故原因“{'、'.join(bad)}”不在原因分类之内" if bad else None


# --- production safety or not (生产安全事故认定) ------------------------------------------

# Why an event with casualties in a workplace is not a production safety accident
# (原国家安全监管总局《关于生产安全事故认定若干意见问题的函》(政法函〔2007〕39号) and the
# statistical system's scope: 生产经营活动中发生的 only).
NON_PRODUCTION_REASONS: tuple[tuple[str, str], ...] = (
    ("natural", "自然灾害（不可抗力）引发"),
    ("criminal", "刑事案件或蓄意破坏"),
    ("suicide", "自杀或故意自伤"),
    ("illness", "疾病等自身健康原因"),
    ("non_business", "非生产经营活动中发生"),
    ("other", "其他（须说明）"),
)
NON_PRODUCTION_LABELS = dict(NON_PRODUCTION_REASONS)


def production_safety_problem(is_production: bool, reason: str, note: str) -> dict[str, str]:
    """Field problems of the determination: a 非生产安全事故 needs its reason, and
    "其他" an explanation; a 生产安全事故 carries no reason."""
    if is_production:
        return {"non_production_reason": "生产安全事故不应填写非生产安全事故的认定理由"} if reason else {}
    if not reason:
        return {"non_production_reason": "认定为非生产安全事故的，须选择认定理由"}
    if reason not in NON_PRODUCTION_LABELS:
        return {"non_production_reason": "认定理由不在可选范围之内"}
    if reason == "other" and not note.strip():
        return {"non_production_note": "认定理由为“其他”的，须说明具体理由"}
    return {}


# --- who investigates (493 第十九条 to 第二十二条) ----------------------------------------

LEVELS: tuple[tuple[str, str], ...] = (
    ("state", "国务院或其授权部门"), ("province", "省级人民政府"),
    ("city", "设区的市级人民政府"), ("county", "县级人民政府"),
)
LEVEL_LABELS = dict(LEVELS)
LEVEL_RANK = {code: index for index, (code, _) in enumerate(LEVELS)}  # 0 = highest

_LEVEL_BY_GRADE = {"I": "state", "II": "province", "III": "city", "IV": "county"}


def investigating_level(grade: str) -> str:
    """The government that investigates (493 第十九条): 特别重大 the State Council (or
    the department it authorises), 重大 the province, 较大 the districted city, 一般 the
    county."""
    return _LEVEL_BY_GRADE[grade]


def may_unit_investigate(grade: str, deaths: int, missing: int, serious_injuries: int) -> bool:
    """493 第十九条第三款: a 一般 accident without casualties may be entrusted to the unit."""
    return grade == "IV" and deaths == 0 and missing == 0 and serious_injuries == 0


def escalation_problem(grade: str, level: str) -> str | None:
    """A 提级调查 (493 第二十条: a higher government may investigate an accident of a
    lower one) must go to a level above the one the grade names."""
    if level not in LEVEL_RANK:
        return "调查层级不在可选范围之内"
    if LEVEL_RANK[level] >= LEVEL_RANK[investigating_level(grade)]:
        return (f"提级调查须由高于{LEVEL_LABELS[investigating_level(grade)]}的层级负责，"
                f"所选“{LEVEL_LABELS[level]}”不高于原调查层级")
    return None


# The 493 subtypes of the national classification (事故灾难 graded under 493), the
# accident's type: it decides the casualty follow-up window (第十三条).
ACCIDENT_SUBTYPES: tuple[tuple[str, str], ...] = tuple(
    (s.code, s.label) for s in SUBTYPES if s.accident_493)


def follow_up_days(subtype: str) -> int:
    """The casualty follow-up window of 493 第十三条 by the accident's type: 7 days for
    道路交通事故 and 火灾事故, 30 for every other (the incidents module's table, reused).
    The industry does not decide it: a 水上交通 accident of the transport industry has 30."""
    return follow_up_window(subtype) or 30


def default_subtype(industry: str, category_6441: str) -> str:
    """The accident type an entry without one most likely is (the officer corrects it):
    by the industry, a transport accident by its GB 6441 category (车辆伤害 on the road)."""
    if industry == "transport":
        return "road_traffic" if category_6441 == "02" else "other_traffic"
    return {"construction": "construction", "hazchem": "hazchem", "fire": "fire",
            "gas": "public_facility"}.get(industry, "production")


def regrade_moves_up(old: str, new: str, occurred: date, changed: date, follow_up_days: int) -> bool:
    """493 第二十条第二款: within 30 days of the accident (7 for road traffic and fire) a
    change of casualties that raises the grade may move the investigation up a level."""
    return (LEVEL_RANK[investigating_level(new)] < LEVEL_RANK[investigating_level(old)]
            and changed <= occurred + timedelta(days=follow_up_days))


def regrade_problem(old: str, new: str, correction: bool) -> str | None:
    """Why a change of the figures may not move the grade from ``old`` to ``new``: the
    final grade only rises as the figures become known (493 第十三条: casualties found
    later are added, a death 30 days later regrades up); a grade that falls is a
    correction of wrong figures (伤亡核减更正), which must be declared as one with its
    reason."""
    if not old or correction or not is_higher(old, new):
        return None
    return (f"修改后的数字将使事故等级由{grade_label(old)}降为{grade_label(new)}；"
            f"核减伤亡或损失须勾选“更正错误数字”并写明更正理由")


# --- time limits (493 第二十九条, 第三十二条) ----------------------------------------------


@dataclass(frozen=True)
class Limits:
    """The configurable time limits; the defaults are the national ones."""

    report_days: int = 60
    report_max_extension: int = 60
    reply_days: int = 15
    reply_days_major: int = 30
    reply_max_extension: int = 30
    review_days: int = 365


def report_due(occurred: date, limits: Limits, extension_days: int = 0) -> date:
    """The investigation report is due 60 days after the accident (493 第二十九条),
    plus an approved extension."""
    return occurred + timedelta(days=limits.report_days + extension_days)


def report_extension_problem(days: int, already: int, limits: Limits) -> str | None:
    """493 第二十九条: the extension, approved by the investigating government, is at
    most 60 days in all."""
    if days < 1:
        return "延长天数应为正整数"
    if already + days > limits.report_max_extension:
        left = limits.report_max_extension - already
        return (f"调查报告提交期限延长累计最长不超过{limits.report_max_extension}日，"
                f"还可延长{max(left, 0)}日")
    return None


def reply_due(received: date, grade: str, limits: Limits, extension_days: int = 0) -> date:
    """The government's 批复 is due 15 days after receiving the report, 30 for 特别重大
    (493 第三十二条), plus an extension (特别重大 only)."""
    days = limits.reply_days_major if grade == "I" else limits.reply_days
    return received + timedelta(days=days + extension_days)


def reply_extension_problem(grade: str, days: int, already: int, limits: Limits) -> str | None:
    """493 第三十二条: only the 批复 of a 特别重大 accident may be extended, by at most 30 days."""
    if grade != "I":
        return "只有特别重大事故的批复时间可以延长（493号令第三十二条）"
    if days < 1:
        return "延长天数应为正整数"
    if already + days > limits.reply_max_extension:
        return f"批复时间延长最长不超过{limits.reply_max_extension}日"
    return None


def needs_review(grade: str) -> bool:
    """The 整改评估 (回头看) is owed for 较大 and above (国务院安委会办公室《关于加强
    生产安全事故调查处理"回头看"工作的通知》practice: 较大及以上事故结案后一年内)."""
    return GRADE_RANK[grade] <= GRADE_RANK["III"]


def review_due(closed: date, limits: Limits) -> date:
    """The 回头看 is due within ``review_days`` (default one year) of 结案."""
    return closed + timedelta(days=limits.review_days)


# --- fines (安全生产法 2021 第一百一十四条, 第九十五条) ------------------------------------
# The tables are the enforcement module's discretion standard (``enforcement.rules``):
# kept there once, read here through its public functions by the accident's grade.

# The enforcement catalogue's accident grade of a 493 grade.
ENFORCEMENT_GRADE = {"IV": "general", "III": "larger", "II": "major", "I": "extra"}
_WAN = Decimal(10_000)


def unit_fine_range(grade: str, especially_serious: bool = False) -> tuple[Decimal, Decimal]:
    """The fine on the responsible unit in 万元 (安全生产法 第一百一十四条, through
    ``enforcement.rules.accident_fine_range``): 一般 30–100, 较大 100–200, 重大 200–1000,
    特别重大 1000–2000; especially serious circumstances 2 to 5 times these."""
    low, high = accident_fine_range(ENFORCEMENT_GRADE[grade], especially_serious=especially_serious)
    return low / _WAN, high / _WAN


def head_fine_share(grade: str) -> int:
    """The fine on the principal person in charge as a percentage of last year's annual
    income (安全生产法 第九十五条, through ``enforcement.rules.principal_fine``: the fine
    on an income of 100): 40, 60, 80, 100."""
    return int(principal_fine(ENFORCEMENT_GRADE[grade], Decimal(100)))


# --- statistics -------------------------------------------------------------------------


def change_pct(current: int, previous: int) -> float | None:
    """Year-on-year change in per cent (None when the previous figure is 0)."""
    if previous == 0:
        return None
    return round((current - previous) * 100 / previous, 1)


def double_decline(accidents: int, deaths: int, target_accidents: int | None,
                   target_deaths: int | None) -> bool | None:
    """双下降 reached: accidents and deaths both within the year's target (None when no
    target is set)."""
    if target_accidents is None or target_deaths is None:
        return None
    return accidents <= target_accidents and deaths <= target_deaths


def five_year_average(counts_by_year: dict[int, int], year: int) -> float:
    """The average of the five years before ``year`` (a year without accidents counts
    0): the 较大事故 "不超过近五年平均数" target."""
    return sum(counts_by_year.get(year - k, 0) for k in range(1, 6)) / 5


def month_key(moment: datetime) -> str:
    return f"{moment:%Y-%m}"


# --- 瞒报 cross-check (the matching of outside lists) -----------------------------------

LIST_KINDS: tuple[tuple[str, str], ...] = (
    ("injury", "工伤认定申请"), ("hospital", "医院收治伤员"), ("fire", "119火警"),
    ("complaint", "群众举报投诉"),
)


@dataclass(frozen=True)
class ListRow:
    """One row of an imported list: when, which unit, who, where."""

    day: date
    credit_code: str = ""
    unit_name: str = ""
    person: str = ""
    region_code: str = ""
    address: str = ""


@dataclass(frozen=True)
class Candidate:
    """A recorded accident as the matcher sees it."""

    key: int
    day: date
    credit_code: str
    unit_name: str
    persons: Sequence[str]
    region_code: str
    address: str


def _same_unit(a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    return bool(a and b) and (a == b or (len(a) >= 4 and len(b) >= 4 and (a in b or b in a)))


def match_reasons(row: ListRow, candidate: Candidate, window_days: int) -> list[str]:
    """Why ``row`` is the recorded accident ``candidate``: the date within ``window_days``
    is required, then the same credit code, the same unit name, a named person, or the
    same street with one address inside the other. An empty list: no match."""
    if abs((row.day - candidate.day).days) > window_days:
        return []
    reasons = []
    if row.credit_code and row.credit_code.upper() == candidate.credit_code.upper():
        reasons.append("统一社会信用代码一致")
    if _same_unit(row.unit_name, candidate.unit_name):
        reasons.append("单位名称一致")
    if row.person and row.person.strip() in {p.strip() for p in candidate.persons if p.strip()}:
        reasons.append("人员姓名一致")
    if (row.region_code and row.region_code[:9] == candidate.region_code[:9] and row.address
            and candidate.address and _same_unit(row.address, candidate.address)):
        reasons.append("地点一致")
    return reasons


def best_match(row: ListRow, candidates: Iterable[Candidate], window_days: int
               ) -> tuple[Candidate, list[str]] | None:
    """The candidate with the most reasons (then the nearest date), or None."""
    best: tuple[int, int, Candidate, list[str]] | None = None
    for candidate in candidates:
        reasons = match_reasons(row, candidate, window_days)
        if not reasons:
            continue
        key = (len(reasons), -abs((row.day - candidate.day).days))
        if best is None or key > (best[0], best[1]):
            best = (key[0], key[1], candidate, reasons)
    return None if best is None else (best[2], best[3])


def split_names(text: str) -> list[str]:
    """Names separated by 、，, ; or spaces."""
    for sep in "，,；; ":
        text = text.replace(sep, "、")
    return [n for n in (p.strip() for p in text.split("、")) if n]
