"""事故分布图: accidents at their unit's coordinates, coloured by grade; those without a
coordinate counted, not placed; the districts' figures; only the user's scope."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from yingji.accidents.services import accidents
from yingji.accidents.tests.conftest import accident_data
from yingji.core.models import Region
from yingji.core.testing import client_for, system
from yingji.enterprises.tests.factories import make_enterprise


def _layer(client: Any, layer: str) -> dict[str, Any]:
    year = timezone.localdate().year
    response = client.get(reverse("accident_geojson") + f"?layer={layer}&year={year}")
    assert response.status_code == 200
    return response.json()


def test_the_map_places_accidents_by_grade_and_counts_the_unplaced(
        supervisor: Any, outsider: Any, street: Any) -> None:
    unit = make_enterprise(1, longitude=114.30, latitude=30.60)
    larger = accidents.create_accident(accident_data(street, title="江岸区较大事故", enterprise=unit,
                                                     deaths=3), actor=system())
    accidents.create_accident(accident_data(street, title="江岸区无坐标事故"), actor=system())
    wuchang = Region.objects.get(code="420106002000")
    accidents.create_accident(accident_data(wuchang, title="武昌区较大事故", deaths=4,
                                            enterprise=make_enterprise(2, street_code=wuchang.code,
                                                                       longitude=114.31, latitude=30.55)),
                              actor=system())
    client = client_for(supervisor)
    page = client.get(reverse("accident_map"))
    assert page.status_code == 200 and "事故分布图" in page.content.decode()
    shown = _layer(client, "larger")
    assert [f["properties"]["id"] for f in shown["features"]] == [larger.pk]
    assert shown["features"][0]["geometry"]["coordinates"] == [114.30, 30.60]
    assert "较大事故" in shown["features"][0]["properties"]["popup"]
    general = _layer(client, "general")
    assert general["features"] == [] and general["unplaced"] == 1
    districts = _layer(client, "districts")
    assert [f["properties"]["name"] for f in districts["features"]] == ["江岸区"]
    assert "事故2起" in districts["features"][0]["properties"]["popup"]
    # 武昌区's supervisor sees 武昌区's only.
    other = _layer(client_for(outsider), "larger")
    assert [f["properties"]["name"] for f in other["features"]] == ["武昌区较大事故"]


def test_the_map_needs_the_view_permission(db: Any) -> None:
    from yingji.core.testing import make_user

    public = make_user("gz_map", roles=["public"])
    assert client_for(public).get(reverse("accident_geojson")).status_code == 403
    assert client_for(public).get(reverse("accident_map")).status_code == 403
