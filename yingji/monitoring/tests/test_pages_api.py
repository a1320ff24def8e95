"""Pages and API: permitted, anonymous, unpermitted and out-of-scope users; workflow
over the API; trend; access rate; live colours; query counts."""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yingji.core.testing import JIANGAN, WUCHANG, WUHAN, client_for, make_user
from yingji.enterprises.models import EnterpriseMember
from yingji.monitoring.models import Alarm, DeadLetter
from yingji.monitoring.tests.factories import now, setup_site

pytestmark = pytest.mark.django_db

WUCHANG_STREET = "420106001000"


def send(site, values, start=None, point="LT-101"):
    t = start or now() - 600
    body = {"readings": [{"point": point, "value": v, "ts": t + i * 10} for i, v in enumerate(values)]}
    response = Client().post(f"/api/v1/monitoring/ingest/{site['source'].code}/", json.dumps(body),
                             content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {site['token']}")
    assert response.status_code == 200


@pytest.fixture
def world(db):
    mine = setup_site(1)
    other = setup_site(2, street=WUCHANG_STREET)
    send(mine, [8.5, 8.6, 8.7])
    send(other, [8.5, 8.6, 8.7])
    staff = make_user("jiangan_duty", roles=("duty_officer",), scope=JIANGAN)
    outsider = make_user("wuchang_duty", roles=("duty_officer",), scope=WUCHANG)
    member = make_user("qy", roles=("enterprise",), scope=JIANGAN)
    EnterpriseMember.objects.create(enterprise=mine["enterprise"], user=member)
    nobody = make_user("public_user", roles=("public",), scope=JIANGAN)
    return {"mine": mine, "other": other, "staff": staff, "outsider": outsider, "member": member,
            "nobody": nobody, "alarm": Alarm.objects.get(enterprise=mine["enterprise"]),
            "other_alarm": Alarm.objects.get(enterprise=other["enterprise"])}


PAGES = ["/monitoring/", "/monitoring/alarms/", "/monitoring/points/", "/monitoring/objects/",
         "/monitoring/access/", "/monitoring/dead-letters/", "/monitoring/sources/"]


def test_pages_for_a_permitted_user(world):
    client = client_for(world["staff"])
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
    alarm = world["alarm"]
    page = client.get(f"/monitoring/alarms/{alarm.pk}/").content.decode()
    assert alarm.message in page and "签收" in page
    point = world["mine"]["level"]
    assert client.get(f"/monitoring/points/{point.pk}/").status_code == 200
    assert client.get(f"/monitoring/objects/{world['mine']['object'].pk}/").status_code == 200
    listing = client.get("/monitoring/alarms/").content.decode()
    assert world["mine"]["enterprise"].name in listing
    assert world["other"]["enterprise"].name not in listing


def test_anonymous_and_unpermitted(world):
    for url in PAGES:
        assert Client().get(url).status_code == 302, url
        assert client_for(world["nobody"]).get(url).status_code == 403, url
    assert Client().get("/api/v1/monitoring/alarms/").status_code in (401, 403)


def test_out_of_scope_is_404_in_pages_api_and_actions(world):
    client = client_for(world["staff"])
    other = world["other_alarm"]
    assert client.get(f"/monitoring/alarms/{other.pk}/").status_code == 404
    assert client.get(f"/api/v1/monitoring/alarms/{other.pk}/").status_code == 404
    assert client.post(f"/api/v1/monitoring/alarms/{other.pk}/acknowledge/", {}).status_code == 404
    assert client.post(f"/monitoring/alarms/{other.pk}/transition/",
                       {"name": "acknowledge", "version": other.version}).status_code == 404
    point = world["other"]["level"]
    assert client.get(f"/api/v1/monitoring/points/{point.pk}/trend/").status_code == 404
    assert client.get(f"/monitoring/points/{point.pk}/").status_code == 404
    export = client.get("/monitoring/alarms/?export=xlsx")
    assert export.status_code == 200
    other.refresh_from_db()
    assert other.state == "pushed"


def test_enterprise_user_sees_only_its_own(world):
    client = client_for(world["member"])
    ids = [a["id"] for a in client.get("/api/v1/monitoring/alarms/").json()["results"]]
    assert ids == [world["alarm"].pk]
    # a neighbour in the same street is still out of reach
    neighbour = setup_site(3)
    send(neighbour, [8.5, 8.6, 8.7])
    ids = [a["id"] for a in client.get("/api/v1/monitoring/alarms/").json()["results"]]
    assert ids == [world["alarm"].pk]
    n_alarm = Alarm.objects.get(enterprise=neighbour["enterprise"])
    assert client.get(f"/monitoring/alarms/{n_alarm.pk}/").status_code == 404


def test_alarm_workflow_over_the_api(world):
    client = client_for(world["member"])
    alarm = world["alarm"]
    url = f"/api/v1/monitoring/alarms/{alarm.pk}/"
    response = client.post(url + "acknowledge/", {"version": alarm.version}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "acknowledged"
    stale = client.post(url + "feedback/", {"version": alarm.version, "comment": "x"},
                        content_type="application/json")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale"
    missing = client.post(url + "feedback/", {"comment": ""}, content_type="application/json")
    assert missing.status_code == 409 and "comment" in missing.json()["error"]["fields"]
    done = client.post(url + "feedback/", {"comment": "已处置"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "handled"
    refused = client.post(url + "clear/", {}, content_type="application/json")
    assert refused.status_code == 409 and "恢复正常" in refused.json()["error"]["message"]
    closed = client.post(url + "close/", {"comment": "误报"}, content_type="application/json")
    assert closed.status_code == 403  # enterprise users do not close alarms


def test_alarm_page_buttons_post_the_steps(world):
    client = client_for(world["staff"])
    alarm = world["alarm"]
    response = client.post(f"/monitoring/alarms/{alarm.pk}/transition/",
                           {"name": "acknowledge", "version": alarm.version})
    assert response.status_code == 302
    alarm.refresh_from_db()
    assert alarm.state == "acknowledged" and alarm.acknowledged_by == world["staff"]


def test_trend_has_series_and_thresholds(world):
    client = client_for(world["staff"])
    point = world["mine"]["level"]
    data = client.get(f"/api/v1/monitoring/points/{point.pk}/trend/?hours=1").json()
    assert data["resolution"] == "raw" and len(data["series"]) == 3
    assert data["thresholds"] == {"ll": 0.5, "l": 1.0, "h": 8.0, "hh": 9.0}
    data = client.get(f"/api/v1/monitoring/points/{point.pk}/trend/?hours=48").json()
    assert data["resolution"] == "minute" and len(data["series"]) >= 1
    assert client.get(f"/api/v1/monitoring/points/{point.pk}/trend/?hours=x").status_code == 400


@pytest.mark.parametrize("hours", ["nan", "inf", "-inf", "NaN"])
def test_trend_refuses_hours_that_are_not_a_number_of_hours(world, hours):
    # float() reads these; "nan" used to reach timedelta() and answer a 500.
    response = client_for(world["staff"]).get(
        f"/api/v1/monitoring/points/{world['mine']['level'].pk}/trend/", {"hours": hours})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"hours": ["应为数字"]}


def test_access_rate_and_live_colours(world):
    client = client_for(world["staff"])
    # The day of the readings (sent ten minutes ago): just after midnight that is yesterday.
    day = timezone.localdate(timezone.now() - datetime.timedelta(seconds=600)).isoformat()
    rows = client.get(f"/api/v1/monitoring/access-rates/?day={day}").json()["results"]
    assert len(rows) == 1  # only the Jiang'an enterprise
    assert rows[0]["points"] == 2 and rows[0]["reporting"] == 1 and rows[0]["access_rate"] == 0.5
    assert rows[0]["meets_target"] is False
    assert client.get("/api/v1/monitoring/access-rates/?day=bad").status_code == 400
    colours = client.get("/api/v1/monitoring/live-colours/").json()["results"]
    assert [c["id"] for c in colours] == [world["mine"]["enterprise"].pk]
    assert colours[0]["open_alarms"] == 1 and colours[0]["colour"] == "blue"  # a 高报 is not critical
    geo = client.get("/monitoring/map.geojson?colour=blue").json()
    assert len(geo["features"]) == 1


def test_dead_letters_are_scoped(world):
    staff = client_for(world["staff"])
    Client().post(f"/api/v1/monitoring/ingest/{world['other']['source'].code}/", json.dumps(
        {"readings": [{"point": "NOPE", "value": 1, "ts": now()}]}), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {world['other']['token']}")
    assert staff.get("/api/v1/monitoring/dead-letters/").json()["count"] == 0
    outsider = client_for(world["outsider"])
    assert outsider.get("/api/v1/monitoring/dead-letters/").json()["count"] == 1


def test_dead_letters_of_no_known_source_are_seen_city_wide(world):
    """A message whose sender is not known (wrong token) names no enterprise: city-wide
    staff see it (list, detail, API), district and enterprise users do not. A broken
    message from a gateway known by its credentials is its enterprise's to see."""
    url = f"/api/v1/monitoring/ingest/{world['mine']['source'].code}/"
    refused = Client().post(url, b"{not json", content_type="application/json",
                            HTTP_AUTHORIZATION="Bearer not-the-token")
    assert refused.status_code == 401
    dead = DeadLetter.objects.get()
    assert dead.reason_code == "bad_credentials" and dead.region_code == ""
    city = client_for(make_user("wh_duty", roles=("duty_officer",), scope=WUHAN))
    assert city.get("/api/v1/monitoring/dead-letters/").json()["count"] == 1
    assert dead.reason in city.get("/monitoring/dead-letters/").content.decode()
    assert city.get(f"/monitoring/dead-letters/{dead.pk}/").status_code == 200
    for user in (world["staff"], world["member"]):
        client = client_for(user)
        assert client.get("/api/v1/monitoring/dead-letters/").json()["count"] == 0
        assert client.get(f"/monitoring/dead-letters/{dead.pk}/").status_code == 404
        assert client.get(f"/api/v1/monitoring/dead-letters/{dead.pk}/").status_code == 404
    broken = Client().post(url, b"{not json", content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {world['mine']['token']}")
    assert broken.status_code == 400
    own = DeadLetter.objects.get(reason_code="malformed")
    for user in (world["staff"], world["member"]):
        assert client_for(user).get(f"/monitoring/dead-letters/{own.pk}/").status_code == 200


def test_source_creation_returns_the_token_once(world):
    supervisor = make_user("sup", roles=("supervisor",), scope=JIANGAN)
    client = client_for(supervisor)
    response = client.post("/api/v1/monitoring/sources/", {
        "enterprise": world["mine"]["enterprise"].pk, "code": "GW-NEW", "name": "新网关"},
        content_type="application/json")
    assert response.status_code == 201
    token = response.json()["token"]
    assert len(token) > 30
    detail = client.get(f"/api/v1/monitoring/sources/{response.json()['id']}/").json()
    assert "token" not in detail and "token_hash" not in detail
    bad = client.post("/api/v1/monitoring/sources/", {
        "enterprise": world["other"]["enterprise"].pk, "code": "GW-X", "name": "越权"},
        content_type="application/json")
    assert bad.status_code == 400  # the other district's enterprise does not exist for this user


def test_source_creation_ignores_the_active_switch(world):
    # "active" was writable and reached create_source() as an unknown argument: a 500.
    client = client_for(make_user("sup", roles=("supervisor",), scope=JIANGAN))
    response = client.post("/api/v1/monitoring/sources/", {
        "enterprise": world["mine"]["enterprise"].pk, "code": "GW-OFF", "name": "新网关",
        "active": False}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["active"] is True


def test_list_query_count_does_not_grow_with_rows(world):
    client = client_for(world["staff"])
    with CaptureQueriesContext(connection) as few:
        client.get("/monitoring/alarms/")
    for n in range(4, 9):
        site = setup_site(n)
        send(site, [8.5, 8.6, 8.7], start=now() - 300 - n)
    with CaptureQueriesContext(connection) as many:
        client.get("/monitoring/alarms/")
    assert len(many) == len(few)


def test_to_hazard_in_one_step(world):
    client = client_for(make_user("sup2", roles=("supervisor",), scope=JIANGAN))
    alarm = world["alarm"]
    response = client.post(f"/api/v1/monitoring/alarms/{alarm.pk}/to-hazard/")
    assert response.status_code == 201, response.content
    from yingji.hazards.models import Hazard

    hazard = Hazard.objects.get(pk=response.json()["hazard"])
    assert hazard.enterprise_id == alarm.enterprise_id and hazard.source == "monitoring"
    assert hazard.data["alarm_id"] == alarm.pk and len(hazard.data["readings"]) == 3
    alarm.refresh_from_db()
    assert alarm.hazard_id == hazard.pk
    again = client.post(f"/api/v1/monitoring/alarms/{alarm.pk}/to-hazard/")
    assert again.status_code == 409


def test_workbench_card(world):
    page = client_for(world["staff"]).get("/").content.decode()
    assert "监测报警" in page


def test_cockpit_counts(world):
    page = client_for(world["staff"]).get("/monitoring/").content.decode()
    assert 'data-count="open">1<' in page
    assert "monitoring/map.geojson?colour=red" in page


def _send_at(site, point, stamps):
    for first in range(0, len(stamps), 500):
        body = {"readings": [{"point": point, "value": 5.0, "ts": t} for t in stamps[first:first + 500]]}
        response = Client().post(f"/api/v1/monitoring/ingest/{site['source'].code}/", json.dumps(body),
                                 content_type="application/json",
                                 HTTP_AUTHORIZATION=f"Bearer {site['token']}")
        assert response.status_code == 200 and response.json()["accepted"] == len(body["readings"])


def test_online_access_and_target_have_one_definition():
    """A point sending every five minutes is online the whole day; one that sent once at
    00:01 counts for 接入率 but is online for its ten-minute window only. 达标 is the
    在线率 against the bureau's target, the same on the page and the API."""
    from datetime import timedelta

    from yingji.core.services.settings import save_settings
    from yingji.core.testing import system
    from yingji.monitoring.models import MonitoringSettings
    from yingji.monitoring.services.analytics import day_bounds

    site = setup_site(31)
    day = timezone.localdate() - timedelta(days=1)
    start = day_bounds(day)[0].timestamp()
    _send_at(site, "LT-101", [start + i * 300 for i in range(288)])
    _send_at(site, "TT-101", [start + 60])
    staff = make_user("jiangan_sup", roles=("supervisor",), scope=JIANGAN)
    client = client_for(staff)
    data = client.get(f"/api/v1/monitoring/access-rates/?day={day.isoformat()}").json()
    total = data["total"]
    assert total["points"] == 2 and total["reporting"] == 2 and total["access_rate"] == 1.0
    assert total["online_rate"] == pytest.approx((1440 + 10) / (2 * 1440))
    assert total["meets_target"] is False and data["target"] == 0.92
    page = client.get(f"/monitoring/access/?day={day.isoformat()}").content.decode()
    assert "50%" in page and "未达标" in page and "在线率≥92%" in page

    save_settings(MonitoringSettings, {"online_target_pct": 50}, actor=system())
    data = client.get(f"/api/v1/monitoring/access-rates/?day={day.isoformat()}").json()
    assert data["target"] == 0.5 and data["total"]["meets_target"] is True
    assert "在线率≥50%" in client.get(f"/monitoring/access/?day={day.isoformat()}").content.decode()


def test_cockpit_and_access_page_show_the_same_figures():
    import re

    from yingji.monitoring.services.checks import check_offline

    site = setup_site(32)
    t = now()
    _send_at(site, "LT-101", [t - 1200 + i * 60 for i in range(20)])  # live for the last 20 minutes
    _send_at(site, "TT-101", [t - 3 * 3600])  # sent once, three hours ago
    assert check_offline() == 1
    client = client_for(make_user("jiangan_sup2", roles=("supervisor",), scope=JIANGAN))
    cockpit = client.get("/monitoring/?part=live").content.decode()
    offline = re.search(r'data-count="offline">(\d+)<span[^>]*>／(\d+)', cockpit)
    assert offline is not None and offline.groups() == ("1", "2")
    online = re.search(r'data-count="online-rate">(\d+)%', cockpit)
    api = client.get("/api/v1/monitoring/access-rates/").json()["total"]
    assert api["offline_now"] == 1 and api["current_online_rate"] == 0.5
    assert online is not None and int(online.group(1)) == round(api["online_rate"] * 100)
    page = client.get("/monitoring/access/").content.decode()
    footer = page[page.index("<tfoot>"):page.index("</tfoot>")]
    assert f">{online.group(1)}%<" in footer and "合计" in footer
