"""The indicators of 自然灾害情况统计调查制度 as model fields, shared by a report and
the roll-up totals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models

from yingji.disasters import rules


def _field(name: str, label: str, unit: str) -> models.Field[Any, Any]:
    if name in rules.DECIMAL_FIELDS:
        return models.DecimalField(
            f"{label}（{unit}）", max_digits=14, decimal_places=2, default=Decimal("0")
        )
    return models.PositiveIntegerField(f"{label}（{unit}）", default=0)


class Figures(models.Model):
    """Abstract: one column per indicator (people, crops, houses, losses by sector)."""

    class Meta:
        abstract = True

    def figures(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in rules.FIELDS}

    @property
    def direct_loss(self) -> Decimal:
        """直接经济损失（万元）: the sum of the sectors."""
        return rules.direct_loss(self.figures())


for _name, _label, _unit in rules.INDICATORS:
    Figures.add_to_class(_name, _field(_name, _label, _unit))
