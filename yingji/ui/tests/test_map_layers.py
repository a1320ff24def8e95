"""The layers of 综合一张图: GeoJSON within the data scope, placed only where a coordinate
is known, and offered only to users who may view the model."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from yingji.core.models import User
from yingji.core.testing import JIANGAN, WUCHANG, WUHAN, client_for, make_user
from yingji.enterprises.tests.factories import WUCHANG_STREET, make_enterprise
from yingji.resources.tests.factories import shelter, team
from yingji.ui.views import map_layers

pytestmark = pytest.mark.django_db


def layer(user: User, key: str) -> dict[str, Any]:
    response = client_for(user).get(reverse("map_layer", args=[key]))
    assert response.status_code == 200, response.content
    data: dict[str, Any] = response.json()
    return data


def names(data: dict[str, Any]) -> set[str]:
    return {f["properties"]["name"] for f in data["features"]}


@pytest.fixture
def places() -> dict[str, Any]:
    return {
        "jiangan": make_enterprise(1, name="江岸储运公司", longitude=114.31, latitude=30.62),
        "wuchang": make_enterprise(2, street_code=WUCHANG_STREET, name="武昌燃气公司",
                                   longitude=114.32, latitude=30.55),
        "nowhere": make_enterprise(3, name="未定位企业", longitude=None, latitude=None),
        "team": team(longitude=114.30, latitude=30.61),
        "unplaced_team": team("江岸区无坐标救援队", longitude=None, latitude=None),
        "wuchang_shelter": shelter("武昌首义广场避难场所", region_code=WUCHANG,
                                   longitude=114.31, latitude=30.54),
    }


def test_a_city_commander_sees_both_districts_and_counts_what_has_no_coordinate(
        places: dict[str, Any]) -> None:
    commander = make_user("wh_commander", roles=["commander"], scope=WUHAN)
    data = layer(commander, "enterprises")
    assert names(data) == {"江岸储运公司", "武昌燃气公司"}
    assert data["unplaced"] == 1  # 未定位企业 is counted, not put at a district centre
    feature = next(f for f in data["features"] if f["properties"]["name"] == "江岸储运公司")
    assert feature["geometry"] == {"type": "Point", "coordinates": [114.31, 30.62]}
    assert feature["properties"]["url"] == f"/enterprises/{places['jiangan'].pk}/"
    assert feature["properties"]["color"] == "#868e96"  # not yet assessed
    teams = layer(commander, "teams")
    assert names(teams) == {"江岸区消防救援大队"} and teams["unplaced"] == 1
    assert teams["features"][0]["properties"]["url"] == f"/resources/teams/{places['team'].pk}/"


def test_an_out_of_scope_user_never_gets_another_districts_objects(
        places: dict[str, Any]) -> None:
    wuchang = make_user("wc_commander", roles=["commander"], scope=WUCHANG)
    assert names(layer(wuchang, "enterprises")) == {"武昌燃气公司"}
    assert layer(wuchang, "enterprises")["unplaced"] == 0  # 江岸's unplaced one is not counted
    assert names(layer(wuchang, "teams")) == set()
    assert names(layer(wuchang, "shelters")) == {"武昌首义广场避难场所"}
    jiangan = make_user("ja_commander", roles=["commander"], scope=JIANGAN)
    assert names(layer(jiangan, "shelters")) == set()
    assert names(layer(jiangan, "enterprises")) == {"江岸储运公司"}


def test_the_page_offers_only_the_layers_the_user_may_view(places: dict[str, Any]) -> None:
    commander = make_user("wh_commander", roles=["commander"], scope=WUHAN)
    html = client_for(commander).get(reverse("map")).content.decode()
    start = html.index('id="main-map-layers"')
    offered = json.loads(html[html.index(">", start) + 1:html.index("</script>", start)])
    assert [entry["key"] for entry in offered] == [
        entry.key for entry in map_layers.LAYERS if entry.key in {o["key"] for o in offered}]
    assert {"enterprises", "teams", "shelters"} <= {entry["key"] for entry in offered}
    assert "data-layer-panel" in html and "vendor/leaflet/markercluster.js" in html
    assert 'data-scope="420100000000"' in html
    assert "vendor/boundaries/index.json" in html
    public = make_user("resident", roles=["enterprise"], scope=JIANGAN)
    may_not = [e.key for e in map_layers.LAYERS
               if not public.has_perm(f"{e.model.split('.')[0]}.view_{e.model.split('.')[1].lower()}")]
    for key in may_not:
        assert client_for(public).get(reverse("map_layer", args=[key])).status_code in (403, 404)


def test_an_unknown_layer_is_404_and_anonymous_visitors_log_in(client: Any,
                                                               city_admin: User) -> None:
    assert client.get(reverse("map_layer", args=["enterprises"])).status_code == 302
    assert client_for(city_admin).get(reverse("map_layer", args=["nothing"])).status_code == 404


def test_each_layer_answers_within_a_bounded_number_of_queries(
        places: dict[str, Any], django_assert_max_num_queries: Any) -> None:
    commander = make_user("wh_commander", roles=["commander"], scope=WUHAN)
    client = client_for(commander)
    for entry in map_layers.layers_for(commander):
        with django_assert_max_num_queries(12):
            assert client.get(entry["url"]).status_code == 200


def test_warnings_are_drawn_as_their_polygon_or_their_regions_boundaries() -> None:
    from yingji.core.models import Region
    from yingji.core.testing import JIANGAN_STREET, actor_for
    from yingji.ui.boundaries import region_shapes
    from yingji.warnings.services import bulletins
    from yingji.warnings.tests.conftest import draft_data, publish

    if JIANGAN not in region_shapes():
        pytest.skip("区划边界未提取（yingji vendor-assets）")
    officer = make_user("jiangan_duty", roles=["duty_officer"], scope=JIANGAN)
    leader = make_user("jiangan_leader", roles=["duty_leader"], scope=JIANGAN)
    street = Region.objects.get(code=JIANGAN_STREET)
    district = Region.objects.get(code=JIANGAN)
    square = {"type": "Polygon", "coordinates": [[[114.28, 30.58], [114.31, 30.58],
                                                  [114.31, 30.61], [114.28, 30.58]]]}

    def issue(title: str, **extra: Any) -> None:
        data = draft_data(street, title=title, **extra)
        publish(bulletins.create_bulletin(data, actor=actor_for(officer)), officer, leader)

    issue("划定范围的预警", polygon=square, level="red")
    issue("江岸区全区预警", target_regions=[district])
    issue("大智街道预警")  # a street: no boundary of its own in the packaged data
    commander = make_user("wh_commander", roles=["commander"], scope=WUHAN)
    data = layer(commander, "warnings")
    shapes = {f["properties"]["name"]: f for f in data["features"]}
    assert set(shapes) == {"划定范围的预警", "江岸区全区预警"}
    assert shapes["划定范围的预警"]["geometry"] == square
    assert shapes["划定范围的预警"]["properties"]["color"] == "#d63939"
    assert shapes["江岸区全区预警"]["geometry"] == region_shapes()[JIANGAN]
    assert data["unplaced"] == 1  # not drawn at 江岸区's centre
    wuchang = make_user("wc_commander", roles=["commander"], scope=WUCHANG)
    assert layer(wuchang, "warnings")["features"] == []
