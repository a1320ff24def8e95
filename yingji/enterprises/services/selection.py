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
    object per row); ``rows()`` gives them one by one. The class code and yearly
    frequency columns are derived on first use (the draw needs neither)."""

    ids: list[int]
    officers: list[int | None]
    class_ids: list[int | None]
    classes: dict[int, tuple[str, int]]

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def class_codes(self) -> list[str]:
        return [self.classes.get(c, _NO_CLASS)[0] for c in self.class_ids]  # type: ignore[arg-type]

    @property
    def per_year(self) -> list[int]:
        return [self.classes.get(c, _NO_CLASS)[1] for c in self.class_ids]  # type: ignore[arg-type]

    def rows(self) -> Iterator[PoolRow]:
        for row in zip(self.ids, self.officers, self.class_codes, self.per_year, strict=True):
            yield PoolRow(*row)


_NO_CLASS = ("", 0)


def inspection_pool(region_prefix: str, *, industry: str = "", class_codes: tuple[str, ...] = (),
                    ) -> Pool:
    """Operating enterprises in the region subtree ``region_prefix`` (optionally one
    industry and some supervision classes), in id order. Two queries: the classes (a
    handful of rows) are joined in Python, and the enterprises are read from the pool
    index alone (``enterprise_pool_idx``: status, region, officer, class, industry, id),
    never from the wide table rows."""
    classes = {pk: (code, int(n)) for pk, code, n in SupervisionClass.objects.values_list(
        "id", "code", "inspections_per_year")}
    rows = Enterprise.objects.filter(region_range_q("region", region_prefix),
                                     status=EnterpriseStatus.OPERATING)
    if industry:
        rows = rows.filter(industry=industry)
    if class_codes:
        rows = rows.filter(supervision_class_id__in=[
            pk for pk, (code, _) in classes.items() if code in class_codes])
    ids: list[int] = []
    officers: list[int | None] = []
    class_ids: list[int | None] = []
    # Streamed into int columns: no row tuple outlives its step, so a city's pool leaves
    # nothing for the garbage collector to walk (100,000 kept tuples set off full
    # collections costing more than the read). The database sorts by id from the index.
    for pk, officer, cls in rows.order_by("id").values_list(
            "id", "supervising_officer_id", "supervision_class_id").iterator(chunk_size=20_000):
        ids.append(pk)
        officers.append(officer)
        class_ids.append(cls)
    return Pool(ids=ids, officers=officers, class_ids=class_ids, classes=classes)
