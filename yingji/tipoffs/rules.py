"""Pure rules of public reporting (举报) and its rewards: no Django.

Rewards follow 《安全生产领域举报奖励办法》(安监总财〔2018〕19号): 第九条 the reward for a
verified major hidden hazard or illegal production is 15 % of the fine imposed, at least
3,000 and at most 300,000 yuan, and 3,000–5,000 yuan where no fine applies; 第十条 a
verified concealed or falsely reported accident (瞒报、谎报) is rewarded per concealed
death by the finally confirmed grade (30,000 一般, 40,000 较大, 50,000 重大, 60,000 特别重大),
at most 300,000; 第六条 only the first valid real-name report of a matter is rewarded.
The bureau's own table (and the uplift for an employee reporting the own employer, left
to the provinces) is ``RewardTable``, filled from the module's settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

# Channels (举报渠道).
WEB = "web"
PHONE_12350 = "phone_12350"
LETTER = "letter"
VISIT = "visit"

# Kinds of matter (举报事项).
MAJOR_HAZARD = "major_hazard"
ILLEGAL = "illegal"
CONCEALMENT = "concealment"
GENERAL_HAZARD = "general_hazard"
OTHER = "other"
REWARDABLE_KINDS = (MAJOR_HAZARD, ILLEGAL, CONCEALMENT)

# Outcomes of the verification (核查结果).
TRUE = "true"
PARTLY = "partly"
FALSE = "false"
VALID_OUTCOMES = (TRUE, PARTLY)

# Accident grades (生产安全事故报告和调查处理条例 第三条).
GRADES = ("general", "larger", "major", "severe")

ART_9 = "安监总财〔2018〕19号 第九条"
ART_10 = "安监总财〔2018〕19号 第十条"
ART_6 = "安监总财〔2018〕19号 第六条"

YUAN = Decimal("1")


@dataclass(frozen=True)
class RewardTable:
    """The amounts of the reward rules (national defaults of 19号; a bureau edits them).

    ``fine_share``: the share of the fine (0.15); ``minimum``/``maximum``: its bounds;
    ``no_fine_minimum``/``no_fine_maximum``: the amount where no fine applies (the
    committee picks within; the proposal is the minimum); ``per_death``: per concealed
    death by grade; ``concealment_maximum``: the cap for 瞒报/谎报; ``insider_uplift``:
    the added share for an employee reporting the own employer (0 = none); ``partly_share``:
    the share of the amount for a report verified 部分属实."""

    fine_share: Decimal = Decimal("0.15")
    minimum: Decimal = Decimal("3000")
    maximum: Decimal = Decimal("300000")
    no_fine_minimum: Decimal = Decimal("3000")
    no_fine_maximum: Decimal = Decimal("5000")
    per_death: dict[str, Decimal] = field(default_factory=lambda: {
        "general": Decimal("30000"), "larger": Decimal("40000"),
        "major": Decimal("50000"), "severe": Decimal("60000")})
    concealment_maximum: Decimal = Decimal("300000")
    insider_uplift: Decimal = Decimal("0")
    partly_share: Decimal = Decimal("1")


@dataclass(frozen=True)
class Proposal:
    """A proposed reward: the amount (None when none is due), how it was computed and
    the article it rests on, or why none is due."""

    amount: Decimal | None
    basis: str


def _round(value: Decimal) -> Decimal:
    return value.quantize(YUAN, rounding=ROUND_HALF_UP)


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def _yuan(value: Decimal) -> str:
    return f"{_round(value):,}元"


def propose(table: RewardTable, *, kind: str, outcome: str, real_name: bool, first_valid: bool,
            insider: bool = False, fine: Decimal | None = None, concealed_deaths: int = 0,
            grade: str = "") -> Proposal:
    """The reward the rules propose for a verified report (the committee decides)."""
    if outcome not in VALID_OUTCOMES:
        return Proposal(None, "核查不属实，不予奖励")
    if not real_name:
        return Proposal(None, f"匿名举报，不予奖励（{ART_6}：奖励实名举报人）")
    if not first_valid:
        return Proposal(None, f"同一事项已有在先的有效举报，只奖励最先举报人（{ART_6}）")
    if kind not in REWARDABLE_KINDS:
        return Proposal(None, "该举报事项不属于奖励范围（重大事故隐患、非法违法行为、瞒报谎报事故）")
    if kind == CONCEALMENT:
        if grade not in table.per_death or concealed_deaths <= 0:
            return Proposal(None, "瞒报、谎报事故须核定瞒报死亡人数和事故等级后计算奖励")
        base = table.per_death[grade] * concealed_deaths
        amount = min(base, table.concealment_maximum)
        how = f"核实瞒报死亡{concealed_deaths}人×{_yuan(table.per_death[grade])}"
        cap = table.concealment_maximum
        article = ART_10
    elif fine is not None and fine > 0:
        base = fine * table.fine_share
        amount = min(max(base, table.minimum), table.maximum)
        how = f"罚没款{_yuan(fine)}×{_percent(table.fine_share)}"
        cap = table.maximum
        article = ART_9
    else:
        amount = table.no_fine_minimum
        how = f"无罚没款，按{_yuan(table.no_fine_minimum)}至{_yuan(table.no_fine_maximum)}"
        cap = table.no_fine_maximum
        article = ART_9
    notes = [how, f"计{_yuan(amount)}"]
    if outcome == PARTLY and table.partly_share != 1:
        amount = amount * table.partly_share
        notes.append(f"部分属实按{_percent(table.partly_share)}计{_yuan(amount)}")
    if insider and table.insider_uplift > 0:
        amount = min(amount * (1 + table.insider_uplift), cap)
        notes.append(f"内部人员举报上浮{_percent(table.insider_uplift)}计{_yuan(amount)}")
    return Proposal(_round(amount), f"{'，'.join(notes)}（{article}）")


def receipt_number(year: int, sequence: int) -> str:
    """The receipt number (受理编号) a reporter keeps: JB2026000123."""
    return f"JB{year}{sequence:06d}"


def within_limit(count: int, limit: int) -> bool:
    """Whether one more attempt is allowed after ``count`` in the window (limit 0 = no
    limit)."""
    return limit <= 0 or count < limit


def public_outcome(outcome: str, kind_label: str, district: str) -> str:
    """The anonymised sentence of a concluded report on the public page."""
    told = {TRUE: "经核查属实，已依法处理", PARTLY: "经核查部分属实，已依法处理",
            FALSE: "经核查不属实"}.get(outcome, "已办结")
    return f"{district}群众举报{kind_label}，{told}"
