"""Analysis: nearest resources, rescue circle coverage, suggested sites, evacuation,
with and without a road network; road import command."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, WUCHANG
from yingji.resources import routing
from yingji.resources.models import CommunityProfile, RoadNetwork
from yingji.resources.services import analysis
from yingji.resources.tests.factories import shelter, team
from yingji.resources.tests.test_routing import TINY_OSM

pytestmark = pytest.mark.django_db

JIANGAN_CENTRE = (114.30938, 30.59899)  # 江岸区 centroid in the region dataset, about


@pytest.fixture
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


def community_of(district: str) -> Region:
    found = Region.objects.filter(level=5).subtree(district[:6]).order_by("code").first()
    assert found is not None
    return found


def load_grid(var_dir: Path, **kwargs: Any) -> routing.RoadGraph:
    """A 60×60 grid (100 m) around 江岸区 as the active network."""
    graph = routing.grid_graph(60, 60, origin=(114.28, 30.58), spacing_m=100, speed_kmh=36,
                               arterial_kmh=36, **kwargs)
    graph.save(var_dir / "roads" / "grid.npz")
    b = graph.bounds()
    RoadNetwork.objects.create(name="测试网格", source_name="grid", file_name="grid.npz",
                               node_count=graph.node_count, edge_count=graph.edge_count,
                               min_lon=b[0], min_lat=b[1], max_lon=b[2], max_lat=b[3],
                               imported_at=timezone.now())
    from yingji.resources.services.roads import _CACHE
    _CACHE.clear()
    return graph


def test_nearest_without_network_is_labelled_an_estimate(commander: Any) -> None:
    near = team("近队", longitude=114.301, latitude=30.600)
    team("远队", longitude=114.350, latitude=30.600)
    team("出动中", longitude=114.3005, latitude=30.600, status="deployed")
    result = analysis.nearest_resources(commander, 114.300, 30.600, types=["team"])
    assert result.estimated and "估算" in result.method
    assert [r.resource.name for r in result.items] == ["近队", "远队"]
    first = result.items[0]
    assert first.resource.id == near.pk
    # 96 m × 1.4 at 30 km/h ≈ 16 s
    assert first.seconds == pytest.approx(96.6 * 1.4 / (30 / 3.6), rel=0.02)
    everyone = analysis.nearest_resources(commander, 114.300, 30.600, types=["team"],
                                          available_only=False)
    assert everyone.items[0].resource.name == "出动中"


def test_nearest_filters_by_capability_and_scope(jiangan_officer: Any) -> None:
    team("危化队", capabilities="危化品泄漏处置、堵漏", longitude=114.32, latitude=30.60)
    team("普通队", longitude=114.301, latitude=30.600)
    team("武昌队", region_code=WUCHANG, capabilities="危化品泄漏处置", longitude=114.3, latitude=30.6)
    result = analysis.nearest_resources(jiangan_officer, 114.300, 30.600, types=["team"],
                                        capability="危化品")
    assert [r.resource.name for r in result.items] == ["危化队"]


def test_bad_points_are_refused(commander: Any) -> None:
    with pytest.raises(ValidationError, match="超出服务范围"):
        analysis.nearest_resources(commander, 30.6, 114.3)
    with pytest.raises(ValidationError, match="未知的资源类型"):
        analysis.nearest_resources(commander, 114.3, 30.6, types=["tank"])


def test_nearest_uses_the_road_network_when_loaded(commander: Any, var_dir: Path) -> None:
    load_grid(var_dir)
    team("东队", longitude=114.2890, latitude=30.5845)
    team("西队", longitude=114.2820, latitude=30.5845)
    result = analysis.nearest_resources(commander, 114.2840, 30.5845, types=["team"])
    assert not result.estimated and result.method == "路网：测试网格"
    assert [r.resource.name for r in result.items] == ["西队", "东队"]
    assert result.items[0].seconds == pytest.approx(20, abs=6)  # ~200 m at 10 m/s
    with pytest.raises(ValidationError, match="超出分析范围"):
        analysis.nearest_resources(commander, 114.50, 30.80, types=["team"])


def district_centre(code: str) -> tuple[float, float]:
    county = Region.objects.get(code=f"{code}000000")
    assert county.longitude is not None and county.latitude is not None
    return county.longitude, county.latitude


def test_rescue_circle_without_network(commander: Any) -> None:
    # One station at the 江岸区 centroid covers the 江岸 community placed there, not the
    # ones placed in 新洲区 and 黄陂区 (30-40 km away); communities without a coordinate
    # count in the totals as 无坐标, never as covered.
    team("江岸站", longitude=JIANGAN_CENTRE[0], latitude=JIANGAN_CENTRE[1])
    CommunityProfile.objects.create(region=community_of(JIANGAN), population=5000,
                                    longitude=JIANGAN_CENTRE[0], latitude=JIANGAN_CENTRE[1])
    for code, people in (("420117", 800), ("420116", 600)):
        lon, lat = district_centre(code)
        CommunityProfile.objects.create(region=community_of(code), population=people,
                                        longitude=lon, latitude=lat)
    coverage = analysis.rescue_circle(commander, suggest=2)
    covered = {p.district for p, ok in zip(coverage.points, coverage.covered, strict=True) if ok}
    assert covered == {"江岸区"}
    communities, total = coverage.communities
    assert communities == 1 and total == 3 + coverage.unlocated_communities
    assert coverage.population == (5000, 6400)
    assert {p.district for p, _ in coverage.uncovered} == {"新洲区", "黄陂区"}
    assert coverage.estimated and coverage.minutes == 15 and coverage.model == "估算"
    assert len(coverage.suggestions) == 2
    gains = [people + points for _, people, points in coverage.suggestions]
    assert gains == sorted(gains, reverse=True)
    assert coverage.stations[0].communities == communities
    with pytest.raises(ValidationError, match="1到180分钟"):
        analysis.rescue_circle(commander, minutes=500)


def test_rescue_circle_on_the_network(commander: Any, var_dir: Path) -> None:
    load_grid(var_dir)
    community = community_of(JIANGAN)
    CommunityProfile.objects.create(region=community, population=3000, longitude=114.2850,
                                    latitude=30.5850)
    team("站", longitude=114.2800, latitude=30.5800)
    five = analysis.rescue_circle(commander, minutes=5)
    index = [p.key for p in five.points].index(community.code)
    assert five.covered[index]  # ~ 1 km of streets at 10 m/s ≈ 2 min
    one = analysis.rescue_circle(commander, minutes=1)
    assert not one.covered[index]
    assert five.stations[0].radius_m > one.stations[0].radius_m > 0


def test_evacuation_plan_places_people_and_reports_the_rest(commander: Any) -> None:
    communities = list(Region.objects.filter(level=5).subtree("420102").order_by("code")[:2])
    CommunityProfile.objects.create(region=communities[0], population=15000,
                                    longitude=114.30, latitude=30.60)
    CommunityProfile.objects.create(region=communities[1], population=10000,
                                    longitude=114.31, latitude=30.59)
    shelter("小场所", capacity=20000, longitude=JIANGAN_CENTRE[0], latitude=JIANGAN_CENTRE[1])
    shelter("停用场所", capacity=90000, status="closed", longitude=JIANGAN_CENTRE[0],
            latitude=JIANGAN_CENTRE[1])
    plan = analysis.evacuation_plan(commander)
    assert plan.population == 25000
    assert plan.unplaced_total == 5000
    assert sum(n for _, rows in plan.rows for _, n, _ in rows) == 20000
    assert [s.name for s, _ in plan.shelters] == ["小场所"]


def test_import_roads_command(var_dir: Path, tmp_path: Path) -> None:
    osm = tmp_path / "tiny.osm"
    osm.write_text(TINY_OSM, encoding="utf-8")
    out = StringIO()
    call_command("import_roads", str(osm), "--name", "小样", stdout=out)
    assert "已导入路网“小样”：4个节点" in out.getvalue()
    network = RoadNetwork.objects.get(is_active=True)
    assert (var_dir / "roads" / network.file_name).exists()
    fake = tmp_path / "roads.osm.pbf"
    fake.write_text("name,lon,lat\n")
    with pytest.raises(CommandError, match="不是OpenStreetMap路网文件"):
        call_command("import_roads", str(fake))
    assert RoadNetwork.objects.count() == 1


def test_real_extract_imports(var_dir: Path) -> None:
    call_command("import_roads", str(Path(__file__).parent / "data" / "test.osm.pbf"),
                 stdout=StringIO())
    assert RoadNetwork.objects.get().node_count == 890


def test_nearest_widens_the_search_until_the_answer_is_final(commander: Any) -> None:
    # One team 1 km away, the others 20-60 km away: the first circle (5 km) holds only
    # one, so the search widens; the order equals a full scan's.
    team("近", longitude=114.3104, latitude=30.6)
    for i, km in enumerate((20, 35, 60)):
        team(f"远{i}", longitude=114.3 + km / 96.0, latitude=30.6)
    result = analysis.nearest_resources(commander, 114.3, 30.6, types=["team"], limit=3)
    assert [r.resource.name for r in result.items] == ["近", "远0", "远1"]
    full = analysis.located_resources(commander, ["team"])
    assert len(full) == 4
