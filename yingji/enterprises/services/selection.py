"""Read services for other modules that select enterprises by region, industry and
supervision class (the enforcement module's annual plan and 双随机 pool): plain rows,
one query, no scope applied (the caller's own scope decides what it may select)."""

from __future__ import annotations

from typing import NamedTuple

from yingji.core.scope import region_range_q
from yingji.enterprises.models import Enterprise, EnterpriseStatus, SupervisionClass


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
    industry and some supervision classes), in id order. Two queries: the classes (a
    handful of rows) are joined in Python, so the enterprise scan reads one table."""
    classes = {pk: (code, int(n)) for pk, code, n in SupervisionClass.objects.values_list(
        "id", "code", "inspections_per_year")}
    rows = Enterprise.objects.filter(status=EnterpriseStatus.OPERATING)
    # A district or street reads its slice of the region index; a city or a province
    # is most of the table, where a plain scan beats an index range followed by a row
    # lookup per enterprise (on SQLite, ten times), so the prefix is checked here.
    wide = len(region_prefix) <= 4
    if not wide:
        rows = rows.filter(region_range_q("region", region_prefix))
    if industry:
        rows = rows.filter(industry=industry)
    if class_codes:
        rows = rows.filter(supervision_class_id__in=[
            pk for pk, (code, _) in classes.items() if code in class_codes])
    values = rows.order_by().values_list("id", "region_id", "supervising_officer_id",
                                         "supervision_class_id")
    result = []
    for pk, region, officer, klass in values.iterator(chunk_size=10_000):
        if wide and not str(region).startswith(region_prefix):
            continue
        code, per_year = classes.get(klass, ("", 0))
        result.append(PoolRow(int(pk), officer, code, per_year))
    result.sort()
    return result
