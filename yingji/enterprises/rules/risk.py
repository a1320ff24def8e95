"""Risk points (LEC and the LS matrix) and the enterprise's roll-up colour."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from yingji.enterprises.rules.major_hazard import HazardInputError

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
