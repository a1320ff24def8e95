"""GB 18218-2018 重大危险源辨识与分级: S = Σq/Q, R = α·Σβq/Q, the grade, and how
the figures are shown."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal

# --- GB 18218-2018 重大危险源辨识与分级 ---------------------------------------------------

# GB 18218-2018 §4.2.1 (grading): 一级 R ≥ 100; 二级 50 ≤ R < 100; 三级 10 ≤ R < 50;
# 四级 R < 10. Grade numbers 1–4 (1 is the most severe).
GRADE_CUTOFFS: tuple[tuple[float, int], ...] = ((100.0, 1), (50.0, 2), (10.0, 3))
GRADE_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}

# GB 18218-2018 表5: α by the number of people within 500 m of the unit's boundary,
# as (minimum population, α), highest first.
DEFAULT_ALPHA_BANDS: tuple[tuple[int, float], ...] = (
    (100, 2.0), (50, 1.5), (30, 1.2), (1, 1.0), (0, 0.5),
)


class HazardInputError(ValueError):
    """A substance entry that cannot be assessed; ``field`` names the input."""

    def __init__(self, message: str, field: str = "quantity") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class SubstanceInput:
    """One substance in a unit: its name, maximum quantity q (t), critical quantity Q (t)
    and correction coefficient β, already looked up in the tables."""

    name: str
    quantity: float
    critical_quantity: float
    beta: float
    source: str = ""  # where Q/β came from, e.g. "表1" or "表2 W5.3"
    entry: str = ""  # the 表1 entry the substance resolved to, if any
    note: str = ""  # how it resolved (alias, CAS number) or why it did not


@dataclass(frozen=True)
class SubstanceTerm:
    """One substance's share of the sums: q/Q and β·q/Q."""

    name: str
    quantity: float
    critical_quantity: float
    beta: float
    ratio: float
    weighted: float
    source: str = ""
    entry: str = ""
    note: str = ""


@dataclass(frozen=True)
class HazardAssessment:
    """Identification and grading of one unit, with its working."""

    terms: tuple[SubstanceTerm, ...]
    s: float
    is_major: bool
    population: int
    alpha: float
    r: float
    grade: int | None  # 1–4, None when not a major hazard

    @property
    def grade_name(self) -> str:
        return GRADE_NAMES.get(self.grade, "不构成重大危险源") if self.grade else "不构成重大危险源"

    @property
    def s_shown(self) -> float:
        return round_half_even(self.s, S_DIGITS)

    @property
    def r_shown(self) -> float:
        return round_half_even(self.r, R_DIGITS)

    def as_dict(self) -> dict[str, object]:
        """The working as stored and served: every computed figure at its shown
        precision (no float noise such as 2.4000000000000004)."""
        return {
            "terms": [{**t.__dict__, "ratio": round_half_even(t.ratio, TERM_DIGITS),
                       "weighted": round_half_even(t.weighted, TERM_DIGITS)}
                      for t in self.terms],
            "s": self.s_shown, "is_major": self.is_major, "population": self.population,
            "alpha": self.alpha, "r": self.r_shown, "grade": self.grade,
        }


# How the figures are shown: R to two decimals, S and each term's q/Q and β·q/Q to
# four, rounded by GB/T 8170 (a 5 followed by nothing goes to the even digit).
# GB 18218-2018 sets no rounding of its own, so identification and grading compare the
# full values (GB/T 8170-2008 §4.1, 全数值比较法), as ``assess_unit`` does.
R_DIGITS = 2
S_DIGITS = 4
TERM_DIGITS = 4


def round_half_even(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` decimals by GB/T 8170, from its shortest decimal
    form (2.675 rounds as the 2.675 it was written as, not as its binary neighbour)."""
    if not math.isfinite(value):
        return value
    step = Decimal(1).scaleb(-digits)
    # Enough digits for any finite float (up to 1.8e308) and the decimals kept: the
    # default 28 made quantize() raise InvalidOperation on a huge quantity (a 500).
    context = Context(prec=320 + max(digits, 0))
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_EVEN, context=context))


# Absurd inputs: no unit holds more than this (t); the largest tanks farms store some
# 10^5–10^6 t, so 10^7 t is a typing error, not a tank.
MAX_QUANTITY_T = 10_000_000.0


def check_quantity(value: float, label: str = "最大存在量") -> float:
    """A quantity in tonnes: finite, not negative, not absurd (GB 18218 §3.6 q)."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        raise HazardInputError(f"{label}应为数字（吨）")
    if math.isnan(value) or math.isinf(value):
        raise HazardInputError(f"{label}应为有限的数字（吨）")
    if value < 0:
        raise HazardInputError(f"{label}不能为负数")
    if value > MAX_QUANTITY_T:
        raise HazardInputError(f"{label}超过{MAX_QUANTITY_T:,.0f}吨，明显不合理，请核对单位（吨）")
    return float(value)


def alpha_for(population: int, bands: Sequence[tuple[int, float]] = DEFAULT_ALPHA_BANDS) -> float:
    """α for the population within 500 m (GB 18218-2018 §4.2.2, 表5)."""
    if population < 0:
        raise HazardInputError("500米范围内人数不能为负数", field="population")
    for minimum, alpha in sorted(bands, key=lambda b: -b[0]):
        if population >= minimum:
            return alpha
    raise HazardInputError("α取值表未覆盖该人数", field="population")


def grade_for(r: float, cutoffs: Sequence[tuple[float, int]] = GRADE_CUTOFFS) -> int:
    """Grade 1–4 of a major hazard with correction value R (GB 18218-2018 表6)."""
    for minimum, grade in cutoffs:
        if r >= minimum:
            return grade
    return 4


def assess_unit(
    substances: Iterable[SubstanceInput],
    population: int,
    alpha_bands: Sequence[tuple[int, float]] = DEFAULT_ALPHA_BANDS,
) -> HazardAssessment:
    """Identify and grade one 生产单元/储存单元 (GB 18218-2018 §4.1.2, §4.2).

    S = Σ qᵢ/Qᵢ; the unit is a major hazard when S ≥ 1. R = α·Σ βᵢ·qᵢ/Qᵢ gives the
    grade. Each substance is one term: several substances in one unit are summed,
    whatever their kind (the standard's mixture rule).
    """
    terms = []
    for item in substances:
        q = check_quantity(item.quantity)
        if not item.critical_quantity or item.critical_quantity <= 0:
            raise HazardInputError(f"“{item.name}”的临界量应为正数", field="critical_quantity")
        if item.beta <= 0:
            raise HazardInputError(f"“{item.name}”的校正系数β应为正数", field="beta")
        ratio = q / item.critical_quantity
        terms.append(SubstanceTerm(item.name, q, item.critical_quantity, item.beta,
                                   ratio, item.beta * ratio, item.source, item.entry, item.note))
    s = math.fsum(t.ratio for t in terms)
    alpha = alpha_for(population, alpha_bands)
    r = alpha * math.fsum(t.weighted for t in terms)
    # Rounding guards the boundaries against float noise (10 t of 氨 is exactly S = 1).
    is_major = round(s, 9) >= 1
    grade = grade_for(round(r, 9)) if is_major else None
    return HazardAssessment(tuple(terms), s, is_major, population, alpha, r, grade)
