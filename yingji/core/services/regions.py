"""Import the administrative-division tree from the packaged datasets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.models import Region
from yingji.core.regiondata import RegionRow, read_centroids, read_rows
from yingji.core.rules import LEVEL_PREFIX_LENGTH, normalize_region_code

# The seed places of the demo: Hubei, Qingdao, Dongguan, Hainan, Huarong county.
DEMO_PREFIXES = ["42", "3702", "4419", "46", "430623"]
_SKIP_IN_FULL_NAME = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    by_level: dict[int, int] | None = None

    @property
    def total(self) -> int:
        return self.created + self.updated


def home_prefix() -> str:
    """The code prefix of the deployment's own region (``settings.HOME_REGION``,
    ``YINGJI_HOME_REGION``: ``4201`` for 武汉市, ``3702`` for 青岛市)."""
    return parse_prefixes([str(settings.HOME_REGION)])[0]


def home_region() -> Region:
    """The deployment's own region (its province, city or county)."""
    return Region.objects.get(code=normalize_region_code(str(settings.HOME_REGION)))


def parse_prefixes(values: list[str]) -> list[str]:
    """Turn user-given codes (2-12 digits) into significant prefixes; errors in Chinese."""
    prefixes = []
    for value in values:
        code = normalize_region_code(value)
        length = len(value.strip())
        prefixes.append(code[:length] if length in LEVEL_PREFIX_LENGTH.values() else code)
    return prefixes


@transaction.atomic
def import_regions(
    prefixes: list[str] | None, *, actor: Actor,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Load (or refresh) the regions under ``prefixes`` (None = the whole country).

    Idempotent: re-running updates names, parents and centroids in place.
    """
    centroids = read_centroids()
    existing = set(Region.objects.values_list("code", flat=True))
    known: dict[str, Region] = {}
    result = ImportResult(by_level={})
    assert result.by_level is not None
    rows_by_level: dict[int, list[RegionRow]] = {level: [] for level in range(1, 6)}
    for row in read_rows(prefixes):
        rows_by_level[row.level].append(row)
    for level in range(1, 6):
        batch: list[Region] = []
        for row in rows_by_level[level]:
            if row.code in known:
                continue  # a county-level city can share its code with its city row
            parent = next((known[c] for c in row.parent_candidates if c in known), None)
            if parent is None and level > 1:
                parent_code = next((c for c in row.parent_candidates if c in existing), None)
                parent = Region(code=parent_code) if parent_code else None
            lon_lat = centroids.get(row.code)
            region = Region(
                code=row.code, name=row.name, level=level,
                parent_id=parent.code if parent else None,
                prefix=row.code[: LEVEL_PREFIX_LENGTH[level]],
                full_name=_full_name(parent, row.name, known),
                longitude=lon_lat[0] if lon_lat else None,
                latitude=lon_lat[1] if lon_lat else None,
            )
            known[row.code] = region
            batch.append(region)
        Region.objects.bulk_create(
            batch, batch_size=2000, update_conflicts=True, unique_fields=["code"],
            update_fields=["name", "level", "parent", "prefix", "full_name", "longitude", "latitude"],
        )
        result.by_level[level] = len(batch)
        for region in batch:
            if region.code in existing:
                result.updated += 1
            else:
                result.created += 1
        if progress:
            progress(level, len(batch))
    audit.record(
        audit.AuditAction.UPDATE, actor=actor, object_type="core.region",
        object_repr="行政区划导入", detail=(
            f"导入范围：{'、'.join(prefixes) if prefixes else '全国'}；"
            f"新增{result.created}条，更新{result.updated}条"
        ),
    )
    return result


def _full_name(parent: Region | None, name: str, known: dict[str, Region]) -> str:
    if parent is None:
        return name
    base = parent.full_name
    if not base:
        stored = Region.objects.filter(code=parent.code).values_list("full_name", flat=True).first()
        base = stored or ""
    if name in _SKIP_IN_FULL_NAME:
        return base
    return f"{base}{name}"


def ensure_code(value: str) -> str:
    """Validate a region code given by a user and return its 12-digit form."""
    return normalize_region_code(value)
