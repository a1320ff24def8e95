"""Read services for other modules that select enterprises by region, industry and
supervision class (the enforcement module's annual plan and 双随机 pool): plain rows,
one query, no scope applied (the caller's own scope decides what it may select)."""

from __future__ import annotations

from typing import NamedTuple

from yingji.core.scope import region_range_q
from yingji.enterprises.models import Enterprise, EnterpriseStatus


class PoolRow(NamedTuple):
    """One operating enterprise: its id, supervising officer (user id), supervision class
    code and yearly inspection frequency (0 when no class is set)."""

    id: int
    officer_id: int | None
    class_code: str
    per_year: int


def inspection_pool(region_prefix: str, *, industry: str = "", class_codes: tuple[str, ...] = (),
                    ) -> list[PoolRow]:
    """Operating enterprises in the region subtree ``region_prefix`` (optionally one
    industry and some supervision classes), in id order."""
    rows = Enterprise.objects.filter(region_range_q("region", region_prefix),
                                     status=EnterpriseStatus.OPERATING)
    if industry:
        rows = rows.filter(industry=industry)
    if class_codes:
        rows = rows.filter(supervision_class__code__in=class_codes)
    values = rows.order_by("id").values_list(
        "id", "supervising_officer_id", "supervision_class__code",
        "supervision_class__inspections_per_year")
    return [PoolRow(int(i), o, c or "", int(n or 0)) for i, o, c, n in values.iterator(chunk_size=5000)]
