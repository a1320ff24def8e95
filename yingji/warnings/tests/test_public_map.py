"""The public map of current warnings: GeoJSON of each active warning's area (drawn
polygon, else the centres of its target regions) with its level, and the offline base."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, actor_for
from yingji.warnings.models import Bulletin
from yingji.warnings.services import bulletins
from yingji.warnings.tests.conftest import draft_data, publish

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[114.28, 30.58], [114.31, 30.58], [114.31, 30.61],
                                              [114.28, 30.61], [114.28, 30.58]]]}


def test_map_geojson_has_each_active_warning_area_and_level(client, draft, officer, leader, people,
                                                            street) -> None:
    by_regions = publish(draft, officer, leader)
    drawn = publish(bulletins.create_bulletin(
        draft_data(street, level="red", title="江岸区暴雨红色预警（划定范围）", polygon=SQUARE),
        actor=actor_for(officer)), officer, leader)
    lifted = publish(bulletins.create_bulletin(draft_data(street, title="已解除的预警"),
                                               actor=actor_for(officer)), officer, leader)
    bulletins.lift_bulletin(lifted, actor=actor_for(leader))
    response = client.get("/public/warnings/map.geojson")
    assert response.status_code == 200
    features = {f["properties"]["name"]: f for f in response.json()["features"]}
    assert set(features) == {by_regions.title, drawn.title}
    red = features[drawn.title]
    assert red["geometry"] == SQUARE and red["properties"]["level"] == "red"
    assert red["properties"]["url"] == f"/public/warnings/{drawn.identifier}/"
    orange = features[by_regions.title]
    assert orange["properties"]["level"] == "orange"
    # The street has no centre of its own in the division data: its district's is used.
    jiangan = Region.objects.get(code=JIANGAN)
    assert street.longitude is None
    assert orange["geometry"] == {"type": "MultiPoint",
                                  "coordinates": [[jiangan.longitude, jiangan.latitude]]}
    assert "大智街道" in orange["properties"]["popup"] and "江岸区应急管理局" in orange["properties"]["popup"]
    # Highest level first, as in the list.
    assert [f["properties"]["level"] for f in response.json()["features"]] == ["red", "orange"]
    Bulletin.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get("/public/warnings/map.geojson").json()["features"] == []


def test_offline_base_shows_the_warned_city(client, draft, officer, leader, people) -> None:
    publish(draft, officer, leader)
    features = client.get("/public/warnings/regions.geojson").json()["features"]
    codes = {f["properties"]["code"] for f in features}
    assert JIANGAN in codes and "420100000000" in codes
    assert all(code.startswith("4201") for code in codes)  # not Qingdao's regions
    jiangan = Region.objects.get(code=JIANGAN)
    [point] = [f for f in features if f["properties"]["code"] == JIANGAN]
    assert point["geometry"]["coordinates"] == [jiangan.longitude, jiangan.latitude]


def test_public_list_page_carries_the_map(client, draft, officer, leader, people) -> None:
    publish(draft, officer, leader)
    page = client.get("/public/warnings/").content.decode()
    assert 'id="warnings-map"' in page and "/public/warnings/map.geojson" in page
    assert "warnings/public-map.js" in page and "红色（一级）" in page
