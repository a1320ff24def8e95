"""The discretion standard at work: the band and fine range proposed from a case's facts
(裁量基准), for the three kinds of standard."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from yingji.enforcement import rules
from yingji.enforcement.models import DiscretionStandard, StandardKind


@dataclass(frozen=True)
class Proposal:
    """What the case form proposes: the band, the unit's range and the person's fine."""

    band: str
    label: str
    fine_min: Decimal | None
    fine_max: Decimal | None
    person_fine: Decimal | None = None
    basis: str = ""


def propose(standard: DiscretionStandard, facts: dict[str, Any]) -> Proposal:
    """The band and range for ``facts`` (the case's fact fields): 轻微/一般/较重/严重 by
    ``rules.propose_band`` for an amount standard; by accident grade for 第一百一十四条
    (2–5 times when especially serious); for 第九十五条 the principal's share of last
    year's income."""
    bands = standard.band_rows()
    grade = str(facts.get("accident_grade") or "")
    if standard.kind == StandardKind.ACCIDENT:
        if grade not in rules.ACCIDENT_GRADES:
            return Proposal("", "请选择事故等级", None, None, basis=standard.penalty_basis)
        span: tuple[Decimal, Decimal] = rules.band_range(bands, f"acc_{grade}") \
            or rules.accident_fine_range(grade)
        if facts.get("especially_serious"):
            span = (span[0] * 2, span[1] * 5)
        label = rules.ACCIDENT_GRADES[grade] + ("（情节特别严重）" if facts.get("especially_serious") else "")
        return Proposal(f"acc_{grade}", label, span[0], span[1], basis=standard.penalty_basis)
    if standard.kind == StandardKind.INCOME:
        income = facts.get("person_income")
        if grade not in rules.ACCIDENT_GRADES or income is None:
            return Proposal("", "请选择事故等级并填写上一年年收入", None, None,
                            basis=standard.penalty_basis)
        fine = rules.principal_fine(grade, Decimal(income))
        return Proposal(f"acc_{grade}", rules.ACCIDENT_GRADES[grade], Decimal("0"), Decimal("0"),
                        person_fine=fine, basis=standard.penalty_basis)
    band = rules.propose_band(rules.Facts(
        first_offence=bool(facts.get("first_offence")), corrected=bool(facts.get("corrected")),
        harm=bool(facts.get("harm")), refused_to_correct=bool(facts.get("refused_to_correct")),
        repeated=bool(facts.get("repeated")), accident=bool(grade)))
    found = rules.band_range(bands, band)
    if found is None:
        return Proposal(band, rules.BANDS[band] + "（该基准未设此阶次）", None, None,
                        basis=standard.penalty_basis)
    return Proposal(band, rules.BANDS[band], found[0], found[1], basis=standard.penalty_basis)
