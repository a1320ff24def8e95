"""The event's map data (map.geojson): each district's boundary coloured by 受灾人口 with a
popup listing its streets' figures; a street without a known centre is counted as not
placed, never put at the district's centre; another district's officer gets nothing."""

from __future__ import annotations

import pytest

from yingji.core.testing import WUCHANG, actor_for, client_for, make_user
from yingji.disasters.services import reports
from yingji.disasters.tests.conftest import figures

pytestmark = pytest.mark.django_db


def test_the_map_gives_each_district_its_streets_figures(event, village, people) -> None:
    reports.submit_report(
        event, village, figures(affected=120, relocated=30), actor=actor_for(people["informant"])
    )
    data = client_for(people["county"]).get(f"/disasters/events/{event.pk}/map.geojson").json()
    districts = [f for f in data["features"] if f["properties"]["code"] == "420102000000"]
    assert len(districts) == 1 and districts[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    lines = districts[0]["properties"]["lines"]
    assert lines[0].startswith("江岸区：受灾120人") and "· 大智街道：受灾120人，紧急转移安置30人" in lines[1]
    assert data["unplaced"] == 1  # 大智街道 has no centre in the region data
    assert not [f for f in data["features"] if f["geometry"]["type"] == "Point"]


def test_another_districts_officer_gets_no_map(event, village, people) -> None:
    reports.submit_report(event, village, figures(), actor=actor_for(people["informant"]))
    outsider = make_user("t_map_wuchang", roles=["duty_officer"], scope=WUCHANG)
    assert client_for(outsider).get(f"/disasters/events/{event.pk}/map.geojson").status_code == 404
