"""The map page and its offline base layer of region centroids within the scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from yingji.core.models import User
from yingji.core.testing import client_for, make_user

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client: Any) -> None:
    assert client.get(reverse("map")).status_code == 302
    assert client.get(reverse("map_regions")).status_code == 302


def test_user_without_region_permission_gets_403() -> None:
    public = make_user("resident", roles=["public"])
    assert client_for(public).get(reverse("map")).status_code == 403


def test_offline_map_page_carries_its_settings_in_data_attributes(city_admin: User) -> None:
    html = client_for(city_admin).get(reverse("map")).content.decode()
    assert "综合一张图" in html and "离线底图" in html
    assert 'data-tile-url=""' in html and 'data-regions-url="/map/regions.json"' in html
    assert "vendor/leaflet/leaflet.js" in html and "vendor/leaflet/leaflet.css" in html
    assert 'data-zoom="9"' in html  # a city scope


@override_settings(MAP_TILE_URL="https://tiles.example.gov.cn/{z}/{x}/{y}.png",
                   MAP_TILE_ATTRIBUTION="某市测绘院")
def test_configured_tiles_are_passed_to_the_map(city_admin: User) -> None:
    html = client_for(city_admin).get(reverse("map")).content.decode()
    assert 'data-tile-url="https://tiles.example.gov.cn/{z}/{x}/{y}.png"' in html
    assert 'data-attribution="某市测绘院"' in html


def test_region_points_are_the_city_and_counties_in_scope(city_admin: User,
                                                          duty_officer: User) -> None:
    city = client_for(city_admin).get(reverse("map_regions")).json()
    names = {f["properties"]["name"] for f in city["features"]}
    assert {"武汉市", "江岸区", "武昌区"} <= names
    assert "市南区" not in names  # Qingdao is outside the scope
    point = next(f for f in city["features"] if f["properties"]["name"] == "江岸区")
    lon, lat = point["geometry"]["coordinates"]
    assert 114 < lon < 115 and 30 < lat < 31
    district = client_for(duty_officer).get(reverse("map_regions")).json()
    assert [f["properties"]["name"] for f in district["features"]] == ["江岸区"]
