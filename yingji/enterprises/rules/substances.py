"""GB 18218-2018 表1 and 表2 as grading reads them: a substance entered by its name,
an alias or its CAS number resolves to its 表1 entry, or falls back to its 表2 hazard
categories with the reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from yingji.enterprises.rules.major_hazard import HazardInputError, SubstanceInput


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
