"""Rule settings: export, import all-or-nothing, city-wide only for type settings."""

import pytest

from yingji.core.testing import JIANGAN, WUHAN, client_for, make_user
from yingji.monitoring.models import MeasurementPoint, RuleConfig
from yingji.monitoring.tests.factories import setup_site

pytestmark = pytest.mark.django_db


def test_export_then_import_round_trip_and_errors():
    site = setup_site()
    city = make_user("city_sup", roles=("supervisor",), scope=WUHAN)
    client = client_for(city)
    document = client.get("/api/v1/monitoring/rules/").json()
    assert document["point_types"]["level"]["debounce_count"] == 3
    assert document["points"][0]["code"] in ("LT-101", "TT-101")
    document["point_types"]["level"]["debounce_count"] = 5
    document["points"] = [{"enterprise": site["enterprise"].pk, "code": "LT-101",
                           "overrides": {"stuck_minutes": 30}}]
    response = client.post("/api/v1/monitoring/rules/", document, content_type="application/json")
    assert response.status_code == 200 and response.json() == {"point_types": 8, "points": 1}
    assert RuleConfig.objects.get(point_type="level").debounce_count == 5
    assert MeasurementPoint.objects.get(code="LT-101").rule_overrides == {"stuck_minutes": 30}
    bad = {**document, "point_types": {"level": {"debounce_count": 0}, "nope": {}},
           "points": [{"enterprise": site["enterprise"].pk, "code": "XX", "overrides": {}}]}
    response = client.post("/api/v1/monitoring/rules/", bad, content_type="application/json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"point_types.level", "point_types.nope", "points[0]"}
    assert RuleConfig.objects.get(point_type="level").debounce_count == 5  # nothing changed


def test_district_users_change_only_their_points():
    site = setup_site()
    district = make_user("district_sup", roles=("supervisor",), scope=JIANGAN)
    client = client_for(district)
    response = client.post("/api/v1/monitoring/rules/", {
        "format": "yingji.monitoring.rules", "version": 1, "point_types": {"level": {"debounce_count": 9}},
        "points": []}, content_type="application/json")
    assert response.status_code == 403
    response = client.post("/api/v1/monitoring/rules/", {
        "format": "yingji.monitoring.rules", "version": 1, "points": [
            {"enterprise": site["enterprise"].pk, "code": "LT-101", "overrides": {"debounce_count": 2}}]},
        content_type="application/json")
    assert response.status_code == 200
    duty = make_user("duty", roles=("duty_officer",), scope=JIANGAN)
    assert client_for(duty).post("/api/v1/monitoring/rules/", {}, content_type="application/json"
                                 ).status_code == 403
