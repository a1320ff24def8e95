"""Honest analysis (issue 13 item 10): a community without a coordinate is counted as
无坐标, never covered or evacuated from its district's centre; long lists page; every
travel time names the model that produced it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, client_for
from yingji.resources.models import CommunityProfile
from yingji.resources.services import analysis
from yingji.resources.tests.factories import shelter, team
from yingji.resources.tests.test_analysis import JIANGAN_CENTRE, community_of, load_grid

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


def jiangan_communities(count: int) -> list[Region]:
    found = list(Region.objects.filter(level=5).subtree(JIANGAN[:6]).order_by("code")[:count])
    assert len(found) == count
    return found


def test_a_community_without_coordinates_is_counted_as_without_and_not_covered(
        commander: Any) -> None:
    # The station stands on the district's centre, where the old analysis put every
    # community without a point: such a community must not count as covered.
    team("江岸站", longitude=JIANGAN_CENTRE[0], latitude=JIANGAN_CENTRE[1])
    placed, unplaced = jiangan_communities(2)
    CommunityProfile.objects.create(region=placed, population=3000,
                                    longitude=JIANGAN_CENTRE[0], latitude=JIANGAN_CENTRE[1])
    CommunityProfile.objects.create(region=unplaced, population=4000)
    coverage = analysis.rescue_circle(commander)
    assert unplaced.code not in [p.key for p in coverage.points]
    without = {u.key: u for u in coverage.unlocated}
    assert without[unplaced.code].point_source == "无坐标"
    assert without[unplaced.code].population == 4000
    covered, total = coverage.communities
    assert covered == 1
    assert total == 1 + coverage.unlocated_communities
    assert coverage.population == (3000, 7000)
    assert coverage.unlocated_population == 4000
    assert all(p.key != unplaced.code for p, _ in coverage.uncovered)


def test_a_region_point_places_a_community_without_a_profile_point(commander: Any) -> None:
    team("江岸站", longitude=JIANGAN_CENTRE[0], latitude=JIANGAN_CENTRE[1])
    community = community_of(JIANGAN)
    Region.objects.filter(code=community.code).update(longitude=JIANGAN_CENTRE[0],
                                                       latitude=JIANGAN_CENTRE[1])
    coverage = analysis.rescue_circle(commander)
    point = next(p for p in coverage.points if p.key == community.code)
    assert point.point_source == "区划坐标"
    assert coverage.covered[coverage.points.index(point)]


def test_enterprises_without_coordinates_count_as_without(commander: Any) -> None:
    from yingji.enterprises.tests.factories import make_enterprise

    make_enterprise(1, name="无坐标化工", longitude=None, latitude=None)
    coverage = analysis.rescue_circle(commander)
    assert coverage.unlocated_enterprises == 1
    covered, total = coverage.enterprises
    assert covered == 0 and total == 1


def test_evacuation_does_not_move_communities_without_coordinates(commander: Any) -> None:
    placed, unplaced = jiangan_communities(2)
    CommunityProfile.objects.create(region=placed, population=1000,
                                    longitude=JIANGAN_CENTRE[0], latitude=JIANGAN_CENTRE[1])
    CommunityProfile.objects.create(region=unplaced, population=2500)
    shelter("大场所", capacity=90000, longitude=JIANGAN_CENTRE[0], latitude=JIANGAN_CENTRE[1])
    plan = analysis.evacuation_plan(commander)
    assert [p.key for p, _ in plan.rows] == [placed.code]
    assert plan.placed_total == 1000 and plan.unplaced_total == 0
    assert [u.key for u in plan.unlocated] == [unplaced.code]
    assert plan.unlocated_population == 2500
    assert plan.population == 3500
    page = client_for(commander).get(reverse("resources_evacuation")).content.decode()
    assert "无坐标未安置" in page and "1个社区（村）没有坐标，共2500人未参与安置分配" in page


def test_the_coverage_page_says_how_many_lack_coordinates_and_pages_the_list(
        commander: Any) -> None:
    team("江岸站", longitude=JIANGAN_CENTRE[0], latitude=JIANGAN_CENTRE[1])
    coverage = analysis.rescue_circle(commander)
    count = coverage.unlocated_communities
    assert count > 50  # the test regions carry no community points
    client = client_for(commander)
    page = client.get(reverse("resources_coverage")).content.decode()
    assert f"其中{count}个无坐标，未计入覆盖" in page
    assert "无坐标清单" in page and f"第 1/{(len(coverage.unlocated) + 49) // 50} 页" in page
    assert "nopoint_page=2" in page
    second = client.get(reverse("resources_coverage") + "?nopoint_page=2").content.decode()
    assert coverage.unlocated[50].name in second and "第 2/" in second


def test_the_coverage_api_reports_points_without_coordinates(commander: Any) -> None:
    unplaced = community_of(JIANGAN)
    CommunityProfile.objects.create(region=unplaced, population=4000)
    client = _api(commander)
    data = client.post("/api/v1/resources/coverage/", {"suggest": 0}, format="json").json()
    assert data["model"] == "estimate" and data["model_display"] == "估算"
    assert data["communities"]["without_coordinates"] >= 1
    assert data["population"]["without_coordinates"] == 4000
    assert unplaced.code in [u["key"] for u in data["without_coordinates"]]
    plan = client.post("/api/v1/resources/evacuation/", format="json").json()
    assert plan["without_coordinates_total"] == 4000


def test_the_travel_time_label_names_its_model(commander: Any, var_dir: Path) -> None:
    team("近队", longitude=114.2840, latitude=30.5845)
    estimate = analysis.nearest_resources(commander, 114.2850, 30.5850, types=["team"])
    assert estimate.model == "估算"
    client = client_for(commander)
    query = "?longitude=114.2850&latitude=30.5850&types=team"
    page = client.get(reverse("resources_nearest") + query).content.decode()
    assert "到达时间（分钟，估算）" in page
    api = _api(commander).post("/api/v1/resources/nearest/", {
        "longitude": 114.2850, "latitude": 30.5850, "types": ["team"]}, format="json").json()
    assert api["model"] == "estimate" and api["model_display"] == "估算"

    load_grid(var_dir)
    network = analysis.nearest_resources(commander, 114.2850, 30.5850, types=["team"])
    assert network.model == "路网" and network.method == "路网：测试网格"
    page = client.get(reverse("resources_nearest") + query).content.decode()
    assert "到达时间（分钟，路网）" in page
    api = _api(commander).post("/api/v1/resources/nearest/", {
        "longitude": 114.2850, "latitude": 30.5850, "types": ["team"]}, format="json").json()
    assert api["model"] == "road_network" and api["model_display"] == "路网"
    coverage_page = client.get(reverse("resources_coverage")).content.decode()
    assert "最快到达（分钟，路网）" in coverage_page or "到达时间由路网得出" in coverage_page


def _api(user: Any) -> Any:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_community_list_shows_which_lack_coordinates(commander: Any) -> None:
    placed, unplaced = jiangan_communities(2)
    CommunityProfile.objects.create(region=placed, population=1000, longitude=114.3,
                                    latitude=30.6)
    CommunityProfile.objects.create(region=unplaced, population=2000)
    page = client_for(commander).get(reverse("communityprofile_list")).content.decode()
    assert "114.30000，30.60000" in page and "无坐标" in page
