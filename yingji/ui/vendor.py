"""Copy the front-end packages installed by npm into static files (no CDN, no bundler),
and extract the boundary polygons of the deployment's regions (``YINGJI_MAP_REGIONS``,
see ``yingji/ui/boundaries.py``) as GeoJSON for the offline base map.

Runs without Django settings (``python -m yingji.ui.vendor``), so ``make`` can call it
before any configuration exists; ``yingji vendor-assets`` calls the same function.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from yingji.ui.boundaries import BoundaryDataError, configured_regions, extract

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent

# (package file or folder under node_modules, destination under static/vendor)
ASSETS = [
    ("@tabler/core/dist/css/tabler.min.css", "tabler/tabler.min.css"),
    ("@tabler/core/dist/js/tabler.min.js", "tabler/tabler.min.js"),
    ("htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"),
    ("leaflet/dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet/dist/leaflet.css", "leaflet/leaflet.css"),
    ("leaflet/dist/images", "leaflet/images"),
    ("echarts/dist/echarts.min.js", "echarts/echarts.min.js"),
    ("leaflet.markercluster/dist/leaflet.markercluster.js", "leaflet/markercluster.js"),
    ("leaflet.markercluster/dist/MarkerCluster.css", "leaflet/MarkerCluster.css"),
]


class MissingAssets(RuntimeError):
    """npm packages are not installed, or a region's boundaries are not in them."""


def copy_assets(source_root: Path | None = None, target_root: Path | None = None,
                regions: list[str] | None = None) -> Path:
    source_root = source_root or PROJECT_DIR / "node_modules"
    target_root = target_root or PACKAGE_DIR / "static" / "vendor"
    missing = [src for src, _ in ASSETS if not (source_root / src).exists()]
    if missing:
        raise MissingAssets(f"缺少前端依赖（请先运行 npm ci）：{', '.join(missing)}")
    for src, dest in ASSETS:
        source, target = source_root / src, target_root / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)
    try:
        extract(configured_regions() if regions is None else regions, source_root, target_root)
    except BoundaryDataError as exc:
        raise MissingAssets(str(exc)) from exc
    return target_root


if __name__ == "__main__":
    try:
        where = copy_assets()
    except MissingAssets as exc:
        sys.exit(str(exc))
    print(f"已复制 {len(ASSETS)} 项前端依赖并提取区划边界（{','.join(configured_regions())}）到 {where}")
