"""Regulatory computations of administrative enforcement, pure (no Django), each citing
its source. Amounts are Decimal yuan; the configurable limits come in as arguments
(``EnforcementSettings`` holds the bureau's values with the national defaults).

Sources:
- 《中华人民共和国行政处罚法》(2021), cited as 行政处罚法 with the article;
- 《中华人民共和国安全生产法》(2021), cited as 安全生产法;
- 《安全生产违法行为行政处罚办法》(cited as 处罚办法);
- 国办发〔2015〕58号 (双随机一公开), 国办发〔2018〕118号 (行政执法公示).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from yingji.core.money import yuan

YUAN = Decimal("1")
WAN = Decimal("10000")

# --- periods (行政处罚法 第六十条, 第六十一条, 第六十四条, 第八十五条) ------------------------

DECISION_DAYS = 90  # 第六十条: decide within 90 days of 立案
STATEMENT_DAYS = 3  # 处罚办法: 陈述、申辩 within 3 days of receiving the notice
HEARING_REQUEST_DAYS = 5  # 第六十四条(一): ask for a hearing within 5 days of being told
HEARING_NOTICE_DAYS = 7  # 第六十四条(二): the hearing is announced 7 days before it is held
SERVICE_DAYS = 7  # 第六十一条: a decision not handed over on the spot is served within 7 days
PAYMENT_DAYS = 15  # 第六十七条: the fine is paid within 15 days of receiving the decision
TRANSFER_HOURS = 24  # 行政执法机关移送涉嫌犯罪案件的规定 第八条: transfer within 24 hours

# 第八十五条: "本法中'二日''三日''五日''七日'的规定是指工作日，不含法定节假日。"
WORKING_DAY_PERIODS = frozenset({2, 3, 5, 7})


def hearing_date_problem(hearing_on: date, earliest: date) -> str | None:
    """Why a hearing cannot be held on ``hearing_on``, or None: the party is told its
    time and place seven days before (行政处罚法 第六十四条(二)), working days by
    第八十五条; ``earliest`` is the seventh working day after the notice."""
    if hearing_on < earliest:
        return (f"须在举行听证的七日（工作日）前通知当事人，最早可安排在{earliest:%Y-%m-%d}"
                "（行政处罚法第六十四条、第八十五条）")
    return None


def period_unit(days: int) -> str:
    """``workdays`` for the law's 2/3/5/7-day periods (行政处罚法 第八十五条), ``days``
    (calendar) for every other period (90 days to decide, 15 days to pay …)."""
    return "workdays" if days in WORKING_DAY_PERIODS else "days"


def decision_due(filed_on: date, extension_days: int = 0) -> date:
    """The last day to decide: 90 calendar days from 立案 (行政处罚法 第六十条), plus an
    approved extension (第六十条: "法律、法规、规章另有规定的，从其规定")."""
    if extension_days < 0:
        raise ValueError("extension must not be negative")
    return filed_on + timedelta(days=DECISION_DAYS + extension_days)


def extension_problem(requested: int, already: int, maximum: int) -> str | None:
    """Why an extension of the decision period is refused, or None: positive, and all
    extensions together within the configured maximum."""
    if requested <= 0:
        return "延长天数须大于0"
    if already + requested > maximum:
        return f"延长期限合计不得超过{maximum}日（已延长{already}日）"
    return None


def late_surcharge(fine: Decimal, days_late: int) -> Decimal:
    """加处罚款 (行政处罚法 第七十二条(一)): 3 % of the fine for each day late, never more
    than the fine itself."""
    if days_late <= 0:
        return Decimal("0")
    amount = (fine * Decimal("0.03") * days_late).quantize(YUAN, ROUND_HALF_UP)
    return min(amount, fine)


# 行政诉讼法 第四十六条: six months to sue against the decision; 行政强制法 第五十三条: a
# bureau without its own enforcement power applies to the court within three months
# after that period (the party neither sued, asked for review, nor paid).
SUIT_MONTHS = 6
COURT_APPLICATION_MONTHS = 3


def court_window(served_on: date) -> tuple[date, date]:
    """The first and the last day to apply to the people's court for enforcement
    (行政强制法 第五十三条; 行政诉讼法 第四十六条): from the day after the six months to
    sue expire, for three months."""
    first = months_before(served_on, -SUIT_MONTHS) + timedelta(days=1)
    return first, months_before(first, -COURT_APPLICATION_MONTHS)


# 行政强制法 第五十四条: "行政机关申请人民法院强制执行前，应当催告当事人履行义务。催告书
# 送达十日后当事人仍未履行义务的，行政机关可以……申请强制执行"; 第六十九条: "本法中十日以内
# 期限的规定是指工作日，不含法定节假日。"
URGE_DAYS = 10
COERCION_WORKDAY_LIMIT = 10


def coercion_period_unit(days: int) -> str:
    """``workdays`` for a period of 行政强制法 of ten days or less (第六十九条),
    ``days`` (calendar) for a longer one."""
    return "workdays" if days <= COERCION_WORKDAY_LIMIT else "days"


def urge_problem(*, payment_due: date | None, today: date, urged: bool) -> str | None:
    """Why the 催告书 may not be served today, or None: only once, and only after the
    payment period ended unpaid (行政处罚法 第七十二条, 行政强制法 第五十四条)."""
    if urged:
        return "已送达催告书，不能重复催告"
    if payment_due is None or today <= payment_due:
        return "缴款期限尚未届满，当事人逾期不缴纳罚款的方可催告（行政强制法第五十四条）"
    return None


def court_application_problem(*, served_on: date | None, payment_due: date | None,
                              today: date, urge_due: date | None = None) -> str | None:
    """Why the application to the court is refused today, or None: the fine is not yet
    overdue (行政处罚法 第七十二条: only when the party does not pay in time), the party
    was not urged or its ten working days after the 催告书 are not over (行政强制法
    第五十四条、第六十九条), the party may still sue, or the three months to apply have
    passed (第五十三条)."""
    if served_on is None or payment_due is None or today <= payment_due:
        return "缴款期限尚未届满，当事人逾期不缴纳罚款的方可申请强制执行（行政处罚法第七十二条）"
    if urge_due is None:
        return "申请人民法院强制执行前，须先送达催告书催告当事人履行义务（行政强制法第五十四条）"
    if today <= urge_due:
        return (f"催告书送达十个工作日后当事人仍未履行的方可申请强制执行，{urge_due:%Y-%m-%d}"
                "后可以申请（行政强制法第五十四条、第六十九条）")
    first, last = court_window(served_on)
    if payment_due >= first:
        # An approved instalment or deferral (第六十六条) ends the duty to pay after the
        # six months to sue: the three months count from the day after the schedule's
        # missed date.
        first = payment_due + timedelta(days=1)
        last = months_before(first, -COURT_APPLICATION_MONTHS)
    if today < first:
        return (f"当事人起诉期限（六个月）尚未届满，{first:%Y-%m-%d}起方可申请人民法院强制执行"
                "（行政强制法第五十三条）")
    if today > last:
        return f"申请强制执行的期限已于{last:%Y-%m-%d}届满（行政强制法第五十三条）"
    return None


# 行政处罚法 第六十六条: "当事人确有经济困难，需要延期或者分期缴纳罚款的，经当事人申请和
# 行政机关批准，可以暂缓或者分期缴纳。" The schedule is the organ's decision; the law sets
# no number of instalments nor a longest period.
MIN_INSTALMENTS = 2


def schedule_problems(schedule: Sequence[tuple[Decimal, date]], *, total: Decimal,
                      decided_on: date, today: date) -> dict[str, str]:
    """Why an instalment schedule (amount, due date per instalment, in order) cannot be
    approved, by field ("schedule"), or {}: at least two instalments, each amount
    positive, the amounts summing exactly to the fine, every due date after the
    decision and not in the past, each later than the one before."""
    if len(schedule) < MIN_INSTALMENTS:
        return {"schedule": f"分期缴纳至少分{MIN_INSTALMENTS}期，请每行填写一期的金额和缴纳期限"}
    for n, (amount, due) in enumerate(schedule, 1):
        if amount <= 0:
            return {"schedule": f"第{n}期金额须大于0元"}
        if amount != amount.quantize(Decimal("0.01")):
            return {"schedule": f"第{n}期金额最多保留两位小数"}
        if due <= decided_on:
            return {"schedule": f"第{n}期缴纳期限须在处罚决定日期（{decided_on:%Y-%m-%d}）之后"}
        if due < today:
            return {"schedule": f"第{n}期缴纳期限（{due:%Y-%m-%d}）已过，须为今日或以后的日期"}
        if n > 1 and due <= schedule[n - 2][1]:
            return {"schedule": f"第{n}期缴纳期限须晚于第{n - 1}期（{schedule[n - 2][1]:%Y-%m-%d}）"}
    summed = sum((amount for amount, _ in schedule), Decimal("0"))
    if summed != total:
        return {"schedule": f"各期金额合计{yuan(summed)}，须等于罚款总额{yuan(total)}"}
    return {}


def deferral_problem(new_due: date | None, *, payment_due: date | None, decided_on: date,
                     today: date) -> str | None:
    """Why a deferred payment date (延期缴纳, 第六十六条) cannot be approved, or None: it
    must be later than the decision, today and the payment period it defers."""
    if new_due is None:
        return "请填写延期后的缴纳期限"
    if new_due <= decided_on:
        return f"延期缴纳期限须在处罚决定日期（{decided_on:%Y-%m-%d}）之后"
    if new_due < today:
        return "延期缴纳期限已过，须为今日或以后的日期"
    if payment_due is not None and new_due <= payment_due:
        return f"延期缴纳期限须晚于原缴款期限（{payment_due:%Y-%m-%d}）"
    return None


def instalments_owed(instalments: Iterable[tuple[Decimal, date]], today: date) -> tuple[Decimal, Decimal]:
    """What the unpaid instalments (amount, due date) come to on ``today``: (the amounts
    falling due by today, the 加处罚款 on those overdue: 3 % a day of each overdue
    instalment, at most its amount, 第七十二条)."""
    due = surcharge = Decimal("0")
    for amount, on in instalments:
        if on <= today:
            due += amount
            surcharge += late_surcharge(amount, (today - on).days)
    return due, surcharge


def limitation_expired(violation_on: date, found_on: date, *, life_safety: bool) -> bool:
    """行政处罚法 第三十六条: not discovered within two years, no penalty; five years where
    citizens' life and health are concerned and harm was done. Continuing violations
    count from their end (the caller passes that day)."""
    years = 5 if life_safety else 2
    try:
        limit = violation_on.replace(year=violation_on.year + years)
    except ValueError:  # 29 February
        limit = violation_on.replace(year=violation_on.year + years, day=28)
    return found_on > limit


# --- hearing, legal review, collective discussion ---------------------------------------

# 第六十三条: the measures that always give the right to a hearing, whatever the fine.
HEARING_MEASURES = frozenset({"suspend", "revoke_licence", "close", "restrict_practice"})


def hearing_required(*, unit_fine: Decimal, person_fine: Decimal, measures: Iterable[str],
                     unit_threshold: Decimal, person_threshold: Decimal) -> bool:
    """行政处罚法 第六十三条: 较大数额罚款, 责令停产停业, 吊销许可证 … give the right to a
    hearing. 处罚办法 第三十三条: without a provincial figure, 较大数额 is from 50,000 yuan
    on a unit and 20,000 yuan on a person (configurable)."""
    if set(measures) & HEARING_MEASURES:
        return True
    return unit_fine >= unit_threshold or person_fine >= person_threshold


def legal_review_required(*, is_major: bool, outside_range: bool, hearing_held: bool) -> bool:
    """行政处罚法 第五十八条: 法制审核 before deciding where the case is major (重大公共利益,
    重大权益, 疑难复杂), went through a hearing, or — by the discretion standard — the fine
    leaves the band's range."""
    return is_major or outside_range or hearing_held


def is_major_case(*, total_fine: Decimal, measures: Iterable[str], major_threshold: Decimal,
                  flagged: bool = False) -> bool:
    """A major case (重大执法决定, 三项制度): the fine reaches the configured amount, a
    measure of 第六十三条 is imposed, or the case is flagged 疑难复杂 by the reviewer.
    Major cases go through 法制审核 and 集体讨论 (行政处罚法 第五十七条第二款, 第五十八条)."""
    return flagged or total_fine >= major_threshold or bool(set(measures) & HEARING_MEASURES)


@dataclass(frozen=True)
class Penalty:
    """The penalty of a case: the unit's fine, the person's fine (一案双罚) and the other
    measures (行政处罚法 第九条)."""

    unit_fine: Decimal
    person_fine: Decimal
    measures: frozenset[str]


def decision_problem(notified: Penalty, decided: Penalty, *, hearing_notified: bool,
                     major_reviewed: bool, unit_threshold: Decimal, person_threshold: Decimal,
                     major_threshold: Decimal) -> str | None:
    """Why a decision may not be made as ``decided`` after the party was told ``notified``,
    or None. 行政处罚法 第四十四条: the party is told the intended penalty before the
    decision; 第四十五条: the statement and defence never bring a heavier one, so a fine
    above the notified one or a measure not notified needs a new notice (back to 告知);
    第六十三条: a decision that reaches the hearing threshold needs the hearing notice;
    第五十七条第二款、第五十八条: a decision that makes the case major needs 法制审核 and
    集体讨论 first. A lighter decision (a lower fine, fewer measures) stands."""
    heavier = []
    if decided.unit_fine > notified.unit_fine:
        heavier.append(f"单位罚款{yuan(decided.unit_fine)}高于告知的{yuan(notified.unit_fine)}")
    if decided.person_fine > notified.person_fine:
        heavier.append(f"个人罚款{yuan(decided.person_fine)}高于告知的{yuan(notified.person_fine)}")
    added = decided.measures - notified.measures
    if added:
        heavier.append("增加了告知书未载明的处罚种类")
    if heavier:
        return ("处罚决定重于已告知的处罚（" + "；".join(heavier) + "），须退回调查、重新告知后方可作出"
                "（行政处罚法第四十四条、第四十五条）")
    if not hearing_notified and hearing_required(
            unit_fine=decided.unit_fine, person_fine=decided.person_fine, measures=decided.measures,
            unit_threshold=unit_threshold, person_threshold=person_threshold):
        return "处罚决定达到听证标准，须重新送达听证告知书（行政处罚法第六十三条）"
    if not major_reviewed and is_major_case(
            total_fine=decided.unit_fine + decided.person_fine, measures=decided.measures,
            major_threshold=major_threshold):
        return "处罚决定属于重大案件，须经法制审核和集体讨论后重新告知（行政处罚法第五十七条、第五十八条）"
    return None


# --- 不予处罚 / 首违不罚 (行政处罚法 第三十三条) -----------------------------------------

NO_PENALTY_GROUNDS = {
    "minor_corrected": "违法行为轻微并及时改正，没有造成危害后果（第三十三条第一款）",
    "first_offence": "初次违法且危害后果轻微并及时改正（首违不罚，第三十三条第一款）",
    "no_fault": "有证据足以证明没有主观过错（第三十三条第二款）",
    "limitation": "违法行为在法定期限内未被发现（第三十六条）",
    "insufficient": "违法事实不能成立或证据不足（第五十七条第一款第三项）",
}


def no_penalty_problem(ground: str, *, first_offence: bool, corrected: bool,
                       harm: bool, earlier_violations: int) -> str | None:
    """Why a 不予处罚 on ``ground`` does not hold on the facts, or None. 首违不罚 needs a
    first violation (no earlier one on record), corrected in time, with minor harm; the
    轻微 ground needs correction and no harm."""
    if ground not in NO_PENALTY_GROUNDS:
        return "请选择不予处罚的法定理由"
    if ground == "first_offence":
        if not first_offence or earlier_violations > 0:
            return f"该企业已有{earlier_violations}次违法记录，不适用首违不罚" if earlier_violations \
                else "不是初次违法，不适用首违不罚"
        if not corrected:
            return "首违不罚须当事人已及时改正"
    if ground == "minor_corrected" and (harm or not corrected):
        return "违法行为轻微不予处罚，须已及时改正且没有造成危害后果"
    return None


# --- discretion standard (裁量基准) -----------------------------------------------------

BANDS = {"minor": "轻微", "general": "一般", "serious": "较重", "severe": "严重"}
ACCIDENT_GRADES = {"general": "一般事故", "larger": "较大事故", "major": "重大事故",
                   "extra": "特别重大事故"}

# 安全生产法 第一百一十四条: fines on the unit responsible for an accident, by grade (yuan).
ACCIDENT_FINES: dict[str, tuple[Decimal, Decimal]] = {
    "general": (30 * WAN, 100 * WAN),
    "larger": (100 * WAN, 200 * WAN),
    "major": (200 * WAN, 1000 * WAN),
    "extra": (1000 * WAN, 2000 * WAN),
}
# 安全生产法 第九十五条: fines on the principal, a share of last year's income, by grade.
PRINCIPAL_SHARES: dict[str, Decimal] = {
    "general": Decimal("0.40"), "larger": Decimal("0.60"), "major": Decimal("0.80"),
    "extra": Decimal("1.00"),
}


@dataclass(frozen=True)
class Band:
    """One row of a discretion standard: a band, its circumstances and its range."""

    band: str
    fine_min: Decimal
    fine_max: Decimal


@dataclass(frozen=True)
class Facts:
    """What the case form says about the violation, for the band proposal."""

    first_offence: bool = False
    corrected: bool = False
    harm: bool = False
    refused_to_correct: bool = False
    repeated: bool = False
    accident: bool = False


def propose_band(facts: Facts) -> str:
    """The band the facts point to: 严重 when an accident or harm resulted together with a
    refusal or repetition; 较重 for a refusal to correct, a repeated violation or harm; 轻微
    for a corrected first violation without harm; 一般 otherwise."""
    if facts.accident or (facts.harm and (facts.refused_to_correct or facts.repeated)):
        return "severe"
    if facts.refused_to_correct or facts.repeated or facts.harm:
        return "serious"
    if facts.first_offence and facts.corrected and not facts.harm:
        return "minor"
    return "general"


def band_range(bands: Sequence[Band], band: str) -> tuple[Decimal, Decimal] | None:
    """The fine range of ``band`` in a standard, or None when the standard lacks it."""
    for row in bands:
        if row.band == band:
            return row.fine_min, row.fine_max
    return None


def accident_fine_range(grade: str, *, especially_serious: bool = False) -> tuple[Decimal, Decimal]:
    """安全生产法 第一百一十四条: 一般 30–100 万元, 较大 100–200 万元, 重大 200–1000 万元, 特别重大
    1000–2000 万元; 情节特别严重、影响特别恶劣: two to five times these amounts."""
    low, high = ACCIDENT_FINES[grade]
    if especially_serious:
        return low * 2, high * 5
    return low, high


def principal_fine(grade: str, last_year_income: Decimal) -> Decimal:
    """安全生产法 第九十五条: the principal's fine, a share of last year's annual income
    (一般 40 %, 较大 60 %, 重大 80 %, 特别重大 100 %)."""
    if last_year_income < 0:
        raise ValueError("income must not be negative")
    return (last_year_income * PRINCIPAL_SHARES[grade]).quantize(YUAN, ROUND_HALF_UP)


def outside_range(amount: Decimal, span: tuple[Decimal, Decimal] | None) -> bool:
    """Whether a fine leaves the proposed range (it then needs a written reason and 法制审核)."""
    if span is None:
        return False
    return amount < span[0] or amount > span[1]


# --- numbering and disclosure -----------------------------------------------------------


def prefix_problem(prefix: str) -> str | None:
    """Why a number prefix (机关代字) cannot be used, or None: 2–12 characters, Chinese or
    letters, none of the number's own marks (〔〕号) or digits, which would make a number
    read two ways (党政机关公文格式 GB/T 9704: 发文机关代字 + 年份 + 发文顺序号)."""
    text = prefix.strip()
    if not 2 <= len(text) <= 12:
        return "前缀须为2—12个字"
    if text != prefix or any(ch.isspace() for ch in text):
        return "前缀不能含空格"
    if any(ch in "〔〕[]()（）号" or ch.isdigit() for ch in text):
        return "前缀不能含数字、括号或“号”字"
    return None


def document_number(prefix: str, kind: str, year: int, seq: int) -> str:
    """A document number 武江应急罚〔2026〕12号: the department's short prefix, the kind's
    character, the year in 〔〕 and the sequence without padding."""
    return f"{prefix}{kind}〔{year}〕{seq}号"


# --- the annual plan ---------------------------------------------------------------------


def expected_by_month(per_year: int, month: int) -> int:
    """Visits a key enterprise should have had by the end of ``month`` (1–12) when its
    ``per_year`` visits are spread evenly over the year (rounded down; all by December)."""
    if not 1 <= month <= 12:
        raise ValueError("month must be 1..12")
    return (per_year * month) // 12


def behind_plan(per_year: int, done: int, month: int) -> bool:
    """A key enterprise is behind when it has had fewer visits than due by ``month``."""
    return done < expected_by_month(per_year, month)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the last day of a shorter month)."""
    year, month = divmod(day.month - 1 - months, 12)
    year += day.year
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")
