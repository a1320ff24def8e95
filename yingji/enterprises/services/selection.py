"""Read services for other modules that select enterprises by region, industry and
supervision class (the enforcement module's annual plan and 双随机 pool): plain rows,
one query, no scope applied (the caller's own scope decides what it may select)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass
class Pool:
    """The selected enterprises as columns in id order (a 100,000-row pool builds no
    object per row); ``rows()`` gives them one by one."""

    ids: list[int]
    officers: list[int | None]
    class_codes: list[str]
    per_year: list[int]

    def __len__(self) -> int:
        return len(self.ids)

    def rows(self) -> Iterator[PoolRow]:
        for row in zip(self.ids, self.officers, self.class_codes, self.per_year, strict=True):
            yield PoolRow(*row)


def inspection_pool(region_prefix: str, *, industry: str = "", class_codes: tuple[str, ...] = (),
                    ) -> Pool:
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
    raw = list(rows.order_by().values_list("id", "region_id", "supervising_officer_id",
                                           "supervision_class_id").iterator(chunk_size=10_000))
    if wide:
        raw = [r for r in raw if str(r[1]).startswith(region_prefix)]
    raw.sort()
    none = ("", 0)
    return Pool(ids=[r[0] for r in raw], officers=[r[2] for r in raw],
                class_codes=[classes.get(r[3], none)[0] for r in raw],
                per_year=[classes.get(r[3], none)[1] for r in raw])
