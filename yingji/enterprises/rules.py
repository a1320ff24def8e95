"""Pure regulatory computations of the enterprise registry. No Django imports.

Tables (critical quantities, β, α, colour cut-offs) are passed in as arguments: the
platform keeps them as editable reference data (``models.reference``) and loads the
standard's figures as defaults; the defaults below exist for tests and for callers
with no database.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# --- GB 32100-2015 统一社会信用代码 ------------------------------------------------------

# GB 32100-2015 §4 / 附录: the 31-character code alphabet (no I, O, S, V, Z) and the
# position weights 3^(i-1) mod 31.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class CreditCodeError(ValueError):
    """An invalid unified social credit code; the message is Chinese."""


def credit_check_character(first17: str) -> str:
    """The check character of the first 17 characters (GB 32100-2015 §5, 附录B):
    C18 = 31 − (Σ Ci·Wi mod 31), with 31 written as 0."""
    if len(first17) != 17:
        raise CreditCodeError("统一社会信用代码本体应为17位")
    total = 0
    for char, weight in zip(first17, CREDIT_WEIGHTS, strict=True):
        index = CREDIT_ALPHABET.find(char)
        if index < 0:
            raise CreditCodeError(f"统一社会信用代码含有不允许的字符“{char}”")
        total += index * weight
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(raw: str) -> str:
    """Upper-case, trimmed code, validated: 18 characters of the GB 32100 alphabet,
    digits for the division code (positions 3–8) and the right check character."""
    code = (raw or "").strip().upper()
    if not code:
        raise CreditCodeError("请填写统一社会信用代码")
    if len(code) != 18:
        raise CreditCodeError(f"统一社会信用代码应为18位，收到{len(code)}位")
    bad = [c for c in code if c not in CREDIT_ALPHABET]
    if bad:
        raise CreditCodeError(
            f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用I、O、S、V、Z）")
    if not code[2:8].isdigit():
        raise CreditCodeError("统一社会信用代码第3至8位应为登记管理机关行政区划码（数字）")
    expected = credit_check_character(code[:17])
    if code[17] != expected:
        raise CreditCodeError("统一社会信用代码校验位不正确，请核对后重新填写")
    return code


def is_valid_credit_code(raw: str) -> bool:
    try:
        normalize_credit_code(raw)
    except CreditCodeError:
        return False
    return True


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

    def as_dict(self) -> dict[str, object]:
        return {
            "terms": [t.__dict__ for t in self.terms],
            "s": self.s, "is_major": self.is_major, "population": self.population,
            "alpha": self.alpha, "r": self.r, "grade": self.grade,
        }


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
                                   ratio, item.beta * ratio, item.source))
    s = math.fsum(t.ratio for t in terms)
    alpha = alpha_for(population, alpha_bands)
    r = alpha * math.fsum(t.weighted for t in terms)
    # Rounding guards the boundaries against float noise (10 t of 氨 is exactly S = 1).
    is_major = round(s, 9) >= 1
    grade = grade_for(round(r, 9)) if is_major else None
    return HazardAssessment(tuple(terms), s, is_major, population, alpha, r, grade)


@dataclass(frozen=True)
class CategoryRow:
    """GB 18218-2018 表2/表4 row: a hazard category with its Q (t) and β."""

    code: str
    critical_quantity: float
    beta: float


@dataclass(frozen=True)
class NamedRow:
    """GB 18218-2018 表1 row: a named substance with its Q (t); ``toxic_beta`` from 表3
    for the named toxic gases, otherwise ``category`` gives β through 表4."""

    name: str
    critical_quantity: float
    toxic_beta: float | None = None
    category: str | None = None


def lookup_substance(
    name: str,
    quantity: float,
    named: Mapping[str, NamedRow],
    categories: Mapping[str, CategoryRow],
    category_codes: Sequence[str] = (),
) -> SubstanceInput:
    """Q and β of one substance (GB 18218-2018 §4.1.1 and §4.2.2).

    A substance in 表1 takes its Q from 表1 and β from 表3 (named toxic gases) or from
    表4 by its category. Any other substance is classified by its hazard categories
    (表2): with several, the smallest Q applies, and β of that category (the larger β
    on a tie). A substance in neither table and without a category cannot be assessed.
    """
    row = named.get(name)
    if row is not None:
        if row.toxic_beta is not None:
            beta, source = row.toxic_beta, "表1、表3"
        elif row.category and row.category in categories:
            beta, source = categories[row.category].beta, f"表1、表4（{row.category}）"
        else:
            beta, source = 1.0, "表1"
        return SubstanceInput(name, quantity, row.critical_quantity, beta, source)
    rows = []
    for code in category_codes:
        if code not in categories:
            raise HazardInputError(f"未知的危险性类别“{code}”", field="category")
        rows.append(categories[code])
    if not rows:
        raise HazardInputError(
            f"“{name}”不在GB 18218-2018表1中，请填写其危险性类别（表2）", field="category")
    chosen = min(rows, key=lambda c: (c.critical_quantity, -c.beta))
    return SubstanceInput(name, quantity, chosen.critical_quantity, chosen.beta,
                          f"表2、表4（{chosen.code}）")


# --- Risk points: LEC and the LS matrix ------------------------------------------------

# 作业条件危险性评价法 (Graham–Kinney): the allowed scores.
LEC_L = (10, 6, 3, 1, 0.5, 0.2, 0.1)
LEC_E = (10, 6, 3, 2, 1, 0.5)
LEC_C = (100, 40, 15, 7, 3, 1)

COLOURS = ("red", "orange", "yellow", "blue")
COLOUR_NAMES = {"red": "红", "orange": "橙", "yellow": "黄", "blue": "蓝", "": "未评估"}
COLOUR_RISK = {"red": "重大风险", "orange": "较大风险", "yellow": "一般风险", "blue": "低风险"}


@dataclass(frozen=True)
class ScoreBand:
    """A score band: scores above ``minimum`` (or equal, when ``inclusive``) get
    ``level`` and ``colour``. Bands are tried from the highest minimum down."""

    minimum: float
    inclusive: bool
    level: str
    colour: str


# LEC bands: D > 320 极其危险; 160–320 高度; 70–160 显著; 20–70 一般; < 20 稍有.
# Four colours (common practice): > 320 红, 160–320 橙, 70–160 黄, < 70 蓝.
DEFAULT_LEC_BANDS: tuple[ScoreBand, ...] = (
    ScoreBand(320, False, "极其危险", "red"),
    ScoreBand(160, True, "高度危险", "orange"),
    ScoreBand(70, True, "显著危险", "yellow"),
    ScoreBand(20, True, "一般危险", "blue"),
    ScoreBand(0, True, "稍有危险", "blue"),
)
# LS matrix (R = L × S, 1–5 each); one province's cut-offs: 20–25 红, 9–16 橙,
# 4–8 黄, 1–3 蓝. Provinces differ: the bands are reference data.
DEFAULT_LS_BANDS: tuple[ScoreBand, ...] = (
    ScoreBand(20, True, "重大风险", "red"),
    ScoreBand(9, True, "较大风险", "orange"),
    ScoreBand(4, True, "一般风险", "yellow"),
    ScoreBand(1, True, "低风险", "blue"),
)


@dataclass(frozen=True)
class RiskScore:
    """A risk point's score, level and colour."""

    score: float
    level: str
    colour: str


def band_for(score: float, bands: Sequence[ScoreBand]) -> ScoreBand:
    for band in sorted(bands, key=lambda b: (-b.minimum, not b.inclusive)):
        if score > band.minimum or (band.inclusive and score == band.minimum):
            return band
    raise ValueError("分级表未覆盖该分值")


def lec(l: float, e: float, c: float,  # noqa: E741  (the method's own letters)
        bands: Sequence[ScoreBand] = DEFAULT_LEC_BANDS) -> RiskScore:
    """LEC (作业条件危险性评价法): D = L × E × C, graded by ``bands``."""
    for value, allowed, label in ((l, LEC_L, "L（事故发生的可能性）"),
                                  (e, LEC_E, "E（暴露于危险环境的频繁程度）"),
                                  (c, LEC_C, "C（发生事故产生的后果）")):
        if value not in allowed:
            raise HazardInputError(f"{label}只能取{'、'.join(_num(v) for v in allowed)}",
                                   field=label[0].lower())
    d = round(l * e * c, 6)
    band = band_for(d, bands)
    return RiskScore(d, band.level, band.colour)


def ls_matrix(likelihood: int, severity: int,
              bands: Sequence[ScoreBand] = DEFAULT_LS_BANDS) -> RiskScore:
    """LS risk matrix: R = L × S with L and S each 1–5, graded by ``bands``."""
    for value, label, name in ((likelihood, "L（可能性）", "ls_l"), (severity, "S（严重性）", "ls_s")):
        if value not in (1, 2, 3, 4, 5):
            raise HazardInputError(f"{label}应为1至5的整数", field=name)
    r = likelihood * severity
    band = band_for(r, bands)
    return RiskScore(r, band.level, band.colour)


def _num(value: float) -> str:
    return f"{value:g}"


# --- Enterprise roll-up ---------------------------------------------------------------

# A major hazard's grade read as a risk colour: 一级 红, 二级 橙, 三级 黄, 四级 蓝.
DEFAULT_GRADE_COLOURS: Mapping[int, str] = {1: "red", 2: "orange", 3: "yellow", 4: "blue"}


def most_severe(colours: Iterable[str]) -> str:
    """The most severe of ``colours`` (red > orange > yellow > blue); "" when none."""
    present = {c for c in colours if c}
    for colour in COLOURS:
        if colour in present:
            return colour
    return ""


def enterprise_colour(
    risk_point_colours: Iterable[str],
    major_hazard_grade: int | None,
    grade_colours: Mapping[int, str] = DEFAULT_GRADE_COLOURS,
) -> str:
    """The enterprise's overall risk colour: the most severe of its risk points' colours
    and the colour of its highest major hazard grade ("" when nothing is assessed).

    Our rule (documented in docs/enterprises.md): an enterprise is as risky as its
    riskiest point, and a major hazard source of grade 一/二/三/四 counts as a 红/橙/
    黄/蓝 risk point.
    """
    colours = list(risk_point_colours)
    if major_hazard_grade is not None:
        colours.append(grade_colours.get(major_hazard_grade, ""))
    return most_severe(colours)


# --- Coordinates ----------------------------------------------------------------------

EARTH_RADIUS_KM = 6371.0088


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle (haversine) distance in km between two WGS84/CGCS2000 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def check_coordinates(lon: float, lat: float) -> None:
    """Longitude/latitude inside China's extent (73–136 °E, 3–54 °N)."""
    if not (73.0 <= lon <= 136.0):
        raise HazardInputError("经度应在73至136之间（中国境内，CGCS2000/WGS84）", field="longitude")
    if not (3.0 <= lat <= 54.0):
        raise HazardInputError("纬度应在3至54之间（中国境内，CGCS2000/WGS84）", field="latitude")
