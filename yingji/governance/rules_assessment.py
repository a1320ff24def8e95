"""Pure rules of the annual assessment (地方党政领导干部安全生产责任制规定 第二十一条起:
考核 with 共性 and 个性 indicators, the result graded and ranked; a 较大 accident is a
one-vote veto in the city's scheme). No Django."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

EXCELLENT, GOOD, PASS, FAIL = "excellent", "good", "pass", "fail"
GRADES = ((EXCELLENT, "优秀"), (GOOD, "良好"), (PASS, "合格"), (FAIL, "不合格"))
GRADE_LABELS = dict(GRADES)


def clamp_score(score: Decimal, weight: Decimal) -> Decimal:
    """A criterion's score lies between 0 and its weight (its 分值)."""
    return max(Decimal(0), min(score, weight))


def deducted(weight: Decimal, deductions: Decimal) -> Decimal:
    """The score after the team's deductions (扣分), never below 0."""
    return clamp_score(weight - deductions, weight)


def vetoed(value: float | None, limit: float) -> bool:
    """One-vote veto (一票否决): the veto indicator's figure above its limit (e.g. more
    than 0 较大及以上 accidents). No figure: no veto."""
    return value is not None and value > limit


def grade(score: Decimal, is_vetoed: bool) -> str:
    """优秀 from 90, 良好 from 80, 合格 from 60 of 100; a vetoed district is 不合格
    whatever its score."""
    if is_vetoed:
        return FAIL
    if score >= 90:
        return EXCELLENT
    if score >= 80:
        return GOOD
    return PASS if score >= 60 else FAIL


@dataclass(frozen=True)
class Ranked:
    key: str
    score: Decimal
    vetoed: bool
    rank: int


def rank(rows: Iterable[tuple[str, Decimal, bool]]) -> list[Ranked]:
    """Rank by score, the vetoed after all others; equal scores share a rank (1, 2, 2, 4)."""
    ordered = sorted(rows, key=lambda r: (r[2], -r[1], r[0]))
    result: list[Ranked] = []
    for i, (key, score, veto) in enumerate(ordered, start=1):
        same = result and result[-1].score == score and result[-1].vetoed == veto
        result.append(Ranked(key, score, veto, result[-1].rank if same else i))
    return result


def bulletin_number(year: int) -> str:
    """The number of the 通报 of a year's assessment: 考核〔2026〕1号."""
    return f"考核〔{year}〕1号"
