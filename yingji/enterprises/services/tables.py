"""The editable GB 18218-2018 tables and risk bands as grading reads them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from yingji.enterprises import rules
from yingji.enterprises.models import AlphaBand, HazardCategory, HazardSubstance, RiskBand


@dataclass(frozen=True)
class Tables:
    """The GB 18218-2018 tables as loaded from the reference data."""

    named: dict[str, rules.NamedRow]
    categories: dict[str, rules.CategoryRow]
    alpha_bands: tuple[tuple[int, float], ...]

    @cached_property
    def index(self) -> rules.SubstanceIndex:
        """表1 by name, alias and CAS number."""
        return rules.SubstanceIndex(self.named.values())


def load_tables() -> Tables:
    """Tables 1–5 from the editable reference models (three queries)."""
    categories = {c.code: rules.CategoryRow(c.code, c.critical_quantity, c.beta)
                  for c in HazardCategory.objects.all()}
    named = {s.name: rules.NamedRow(s.name, s.critical_quantity, s.toxic_beta,
                                    s.category.code if s.category else None,
                                    rules.split_aliases(s.aliases), rules.split_cas(s.cas))
             for s in HazardSubstance.objects.select_related("category")}
    alpha = tuple(AlphaBand.objects.values_list("min_population", "alpha"))
    return Tables(named, categories, alpha or rules.DEFAULT_ALPHA_BANDS)


def risk_bands(method: str) -> tuple[rules.ScoreBand, ...]:
    rows = RiskBand.objects.filter(method=method)
    bands = tuple(rules.ScoreBand(b.minimum, b.inclusive, b.level, b.colour) for b in rows)
    if bands:
        return bands
    return rules.DEFAULT_LEC_BANDS if method == "lec" else rules.DEFAULT_LS_BANDS
