"""The drawn target area: rules from worked examples, the edit page storing and refusing
polygons with Chinese reasons, the API, and the CAP export using it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from yingji.core.testing import JIANGAN, JIANGAN_STREET, client_for
from yingji.warnings import cap
from yingji.warnings.models import Bulletin, WarningType
from yingji.warnings.rules import polygon_problem

TRIANGLE = [[114.28, 30.58], [114.31, 30.58], [114.31, 30.61], [114.28, 30.58]]


def poly(ring: list[list[float]]) -> dict[str, object]:
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.mark.parametrize(("geometry", "reason"), [
    (poly(TRIANGLE), None),
    (poly(TRIANGLE[:-1]), "未闭合"),
    (poly([[114.28, 30.58], [114.31, 30.58], [114.28, 30.58]]), "至少需要3个不同的点"),
    (poly([[114.28, 30.58], [114.28, 30.58], [114.31, 30.58], [114.28, 30.58]]), "至少需要3个"),
    (poly([[2.0, 48.8], [2.1, 48.8], [2.1, 48.9], [2.0, 48.8]]), "超出我国境内经纬度范围：经度2"),
    (poly([[114.0, 30.0], [114.1, 30.1], [114.2, 30.2], [114.0, 30.0]]), "一条直线"),
    ({"type": "Point", "coordinates": [114.3, 30.6]}, "应为GeoJSON多边形"),
    ({"type": "Polygon", "coordinates": [TRIANGLE, TRIANGLE]}, "一个闭合环"),
    ({"type": "Polygon", "coordinates": [[[114.28, "30.58"], [114.31, 30.58], [114.31, 30.61],
                                          [114.28, 30.58]]]}, "两个数字"),
    ("114.28,30.58", "应为GeoJSON多边形"),
])
def test_polygon_rules_worked_examples(geometry: object, reason: str | None) -> None:
    problem = polygon_problem(geometry)
    if reason is None:
        assert problem is None
    else:
        assert problem is not None and reason in problem


def test_south_china_sea_islands_are_inside() -> None:
    # 永暑礁 (Fiery Cross Reef), about 112.9° E, 9.6° N.
    assert polygon_problem(poly([[112.8, 9.5], [113.0, 9.5], [113.0, 9.7], [112.8, 9.5]])) is None


def form(**extra: str) -> dict[str, object]:
    return {"warning_type": WarningType.objects.get(code="rainstorm").pk, "level": "orange",
            "region": JIANGAN, "effective_at": "2030-07-01T08:00", "expires_at": "2030-07-01T20:00",
            "content": "强降雨", "issuer": "江岸区应急管理局", "ack_within_minutes": 30,
            "target_codes": JIANGAN_STREET, **extra}


@pytest.mark.django_db
def test_edit_page_stores_a_drawn_polygon_and_cap_uses_it(officer) -> None:
    page = client_for(officer)
    assert 'data-polygon-input="1"' in page.get("/warnings/add/").content.decode()
    assert page.post("/warnings/add/", form(polygon=json.dumps(poly(TRIANGLE)))).status_code == 302
    bulletin = Bulletin.objects.get(content="强降雨")
    assert bulletin.polygon == poly(TRIANGLE)
    edit = page.get(f"/warnings/{bulletin.pk}/edit/").content.decode()
    assert "polygon-map" in edit and "114.28" in edit and "warnings/polygon-draw.js" in edit
    area = ET.fromstring(page.get(f"/warnings/{bulletin.pk}/cap.xml").content).find(
        ".//{urn:oasis:names:tc:emergency:cap:1.2}area")
    assert area is not None
    ring = area.findtext("{urn:oasis:names:tc:emergency:cap:1.2}polygon")
    assert ring == "30.580000,114.280000 30.580000,114.310000 30.610000,114.310000 30.580000,114.280000"
    assert cap.schema_errors(cap.to_cap(bulletin)) == []
    # Clearing the drawing (an empty field) removes the area.
    cleared = form(polygon="", level="red")  # an emptied title is generated again
    assert page.post(f"/warnings/{bulletin.pk}/edit/", cleared).status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.polygon is None and bulletin.title == "江岸区暴雨红色预警"
    assert "null" not in page.get(f"/warnings/{bulletin.pk}/edit/").content.decode().split(
        'data-polygon-input="1"')[1].split("</textarea>")[0]


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "reason"), [
    (json.dumps(poly(TRIANGLE[:-1])), "预警范围未闭合"),
    (json.dumps(poly([[2.0, 48.8], [2.1, 48.8], [2.1, 48.9], [2.0, 48.8]])), "超出我国境内"),
    ("{不是JSON", "预警范围应为GeoJSON格式的多边形"),
])
def test_edit_page_refuses_a_bad_polygon(officer, value: str, reason: str) -> None:
    response = client_for(officer).post("/warnings/add/", form(polygon=value))
    assert response.status_code == 200 and reason in response.content.decode()
    assert not Bulletin.objects.filter(content="强降雨").exists()


@pytest.mark.django_db
def test_api_refuses_an_open_ring(officer) -> None:
    from yingji.warnings.tests.test_api import B, payload

    bad = client_for(officer).post(B, payload(polygon=poly(TRIANGLE[:-1])),
                                   content_type="application/json")
    assert bad.status_code == 400
    assert "未闭合" in bad.json()["error"]["fields"]["polygon"][0]
    good = client_for(officer).post(B, payload(polygon=poly(TRIANGLE)), content_type="application/json")
    assert good.status_code == 201 and good.json()["polygon"] == poly(TRIANGLE)
