"""Road graph: OSM parsing (a hand-made XML file and a real extract), searches, storage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from yingji.resources import routing

DATA = Path(__file__).parent / "data"

# Four nodes on a line along latitude 30.6, about 96 m apart, plus a footway spur.
# 1-2 primary (two-way), 2-3 residential one-way forward, 3-4 residential oneway=-1.
TINY_OSM = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
  <node id="1" lat="30.6" lon="114.300"/>
  <node id="2" lat="30.6" lon="114.301"/>
  <node id="3" lat="30.6" lon="114.302"/>
  <node id="4" lat="30.6" lon="114.303"/>
  <node id="5" lat="30.601" lon="114.300"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way>
  <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
  <way id="12"><nd ref="3"/><nd ref="4"/><tag k="highway" v="residential"/><tag k="oneway" v="-1"/></way>
  <way id="13"><nd ref="1"/><nd ref="5"/><tag k="highway" v="footway"/></way>
</osm>
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.osm"
    path.write_text(TINY_OSM, encoding="utf-8")
    return path


def test_tiny_osm_builds_a_directed_graph_with_class_speeds(tiny: Path) -> None:
    graph = routing.build_from_osm(tiny, {"primary": 36.0, "residential": 18.0})
    assert graph.node_count == 4  # the footway and its end node are left out
    segment = 96.0  # metres for 0.001° of longitude at 30.6°N, about
    times = graph.times_from(0)
    assert times[1] == pytest.approx(segment / 10, rel=0.01)  # 36 km/h = 10 m/s
    assert times[2] == pytest.approx(segment / 10 + segment / 5, rel=0.01)
    # 3-4 is oneway=-1: only 4 → 3 exists, so 4 cannot be reached from 1.
    assert np.isinf(times[3])
    back = graph.times_to(0)
    assert np.isinf(back[2])  # 3 → 2 is against the one-way street
    assert np.isfinite(back[1])


def test_snap_finds_the_nearest_node_and_its_distance(tiny: Path) -> None:
    graph = routing.build_from_osm(tiny)
    nodes, dist = graph.snap([114.3021], [30.6])
    assert nodes[0] == 2
    assert dist[0] == pytest.approx(9.6, rel=0.05)


def test_save_and_load_round_trip(tiny: Path, tmp_path: Path) -> None:
    graph = routing.build_from_osm(tiny)
    target = tmp_path / "roads" / "g.npz"
    graph.save(target)
    again = routing.RoadGraph.load(target)
    assert again.node_count == graph.node_count
    assert np.allclose(again.times_from(0), graph.times_from(0), equal_nan=True)


def test_non_osm_files_are_refused_in_chinese(tmp_path: Path) -> None:
    fake = tmp_path / "roads.osm.pbf"
    fake.write_bytes(b"PK\x03\x04 this is a zip file")
    with pytest.raises(routing.RoadFileError, match="不是OpenStreetMap路网文件"):
        routing.build_from_osm(fake)
    html = tmp_path / "page.osm"
    html.write_text("<html><body>not osm</body></html>")
    with pytest.raises(routing.RoadFileError, match="不是OpenStreetMap"):
        routing.check_osm_file(html)
    with pytest.raises(routing.RoadFileError, match="文件不存在"):
        routing.check_osm_file(tmp_path / "missing.osm")


def test_osm_without_roads_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.osm"
    path.write_text('<?xml version="1.0"?><osm version="0.6"><node id="1" lat="1" lon="1"/></osm>')
    with pytest.raises(routing.RoadFileError, match="没有可通行的道路"):
        routing.build_from_osm(path)


def test_real_pyrosm_extract_is_routable() -> None:
    graph = routing.build_from_osm(DATA / "test.osm.pbf")
    assert graph.node_count == 890 and graph.edge_count == 1665
    min_lon, min_lat, max_lon, max_lat = graph.bounds()
    assert 26.9 < min_lon < max_lon < 27.0 and 60.5 < min_lat < max_lat < 60.6  # Kouvola, Finland
    # From a node in the middle, a good share of the network is reachable, and the
    # times grow with straight distance on average.
    mid = int(np.argmin((graph.lon - graph.lon.mean()) ** 2 + (graph.lat - graph.lat.mean()) ** 2))
    times = graph.times_from(mid)
    reachable = np.isfinite(times)
    assert reachable.mean() > 0.8
    assert np.all(times[reachable] >= 0)


def test_nearest_returns_the_k_quickest_in_order() -> None:
    graph = routing.grid_graph(30, 30, spacing_m=100, speed_kmh=36, arterial_kmh=36)
    target = 15 * 30 + 15
    candidates = np.array([0, 15 * 30 + 16, 15 * 30 + 18, 29 * 30 + 29, 14 * 30 + 15])
    found = graph.nearest(target, candidates, 3, first_limit=5)
    assert [i for i, _ in found] == [1, 4, 2]
    assert [round(t) for _, t in found] == [10, 10, 30]
    everything = graph.nearest(target, candidates, 10)
    assert len(everything) == 5


def test_multi_source_gives_the_nearest_source_time() -> None:
    graph = routing.grid_graph(10, 10, spacing_m=100, speed_kmh=36, arterial_kmh=36)
    times = graph.times_from(np.array([0, 99]), limit=50)
    assert times[0] == 0 and times[99] == 0
    assert times[1] == pytest.approx(10)
    assert np.isinf(times[55])  # 100 s from both corners, beyond the limit


def test_grid_is_deterministic() -> None:
    a = routing.grid_graph(5, 7)
    b = routing.grid_graph(5, 7)
    assert a.node_count == 35 and a.edge_count == 2 * (5 * 6 + 4 * 7)
    assert np.array_equal(a.matrix.toarray(), b.matrix.toarray())


def test_max_speed_is_the_fastest_edge(tiny: Path) -> None:
    graph = routing.build_from_osm(tiny, {"primary": 36.0, "residential": 18.0})
    assert graph.max_speed_mps == pytest.approx(10.0, rel=1e-6)
