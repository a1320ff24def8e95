"""The screen's JSON: every panel's figures within the user's scope, the followed
incident, refusals, and a number of queries that does not grow with the city."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingji.core.testing import JIANGAN, JIANGAN_STREET, client_for, make_user
from yingji.screen import rules
from yingji.screen.services import panels
from yingji.screen.tests.conftest import alarm_at, incident_in, overdue_hazard

ALL = [code for code, _ in rules.PANELS]


def data(user: Any, codes: list[str] = ALL) -> dict[str, Any]:
    response = client_for(user).get("/screen/data.json", {"panels": ",".join(codes)})
    assert response.status_code == 200, response.content
    return dict(response.json()["panels"])


def test_every_panel_within_the_district(city: dict[str, Any], officer: Any) -> None:
    found = data(officer)
    assert set(found) == set(ALL)
    assert [s["leaders"] for s in found["duty"]["shifts"]] == [["郑海涛"]]
    assert found["duty"]["shifts"][0]["officers"] == ["吴敏"]
    # 武昌's alarm (二级) is not counted on 江岸's screen.
    assert found["alarms"]["total"]["value"] == 1
    assert [f["value"] for f in found["alarms"]["levels"]] == [1, 0, 0]
    assert found["alarms"]["total"]["url"] == "/monitoring/alarms/?is_open=true"
    titles = [i["title"] for i in found["incidents"]["incidents"]]
    assert titles == ["江岸区某仓库火灾"]
    first = found["incidents"]["incidents"][0]
    assert first["countdown"].startswith("剩余") and first["due_at"]
    assert found["warnings"]["total"]["value"] == 1
    assert found["warnings"]["bulletins"][0]["level"] == "orange"
    assert found["hazards"]["overdue"]["value"] == 1
    assert found["hazards"]["hazards"][0]["days"] >= 2
    assert found["resources"]["standby"]["value"] == 1


def test_the_other_district_sees_only_its_own(city: dict[str, Any], outsider: Any) -> None:
    found = data(outsider)
    assert [i["title"] for i in found["incidents"]["incidents"]] == ["武昌区某商场火灾"]
    assert [f["value"] for f in found["alarms"]["levels"]] == [0, 1, 0]
    assert found["warnings"]["total"]["value"] == 0
    assert found["hazards"]["overdue"]["value"] == 0
    assert found["duty"]["shifts"] == []
    assert found["resources"]["standby"]["value"] == 1


def test_following_an_incident(city: dict[str, Any], officer: Any, outsider: Any) -> None:
    fire = city["fire"]
    response = client_for(officer).get(f"/screen/incident/{fire.pk}.json")
    assert response.status_code == 200
    followed = response.json()
    assert followed["title"] == "江岸区某仓库火灾"
    assert followed["point"] == [114.2905, 30.59]
    assert followed["casualties"] == "被困2人"
    assert followed["reports"][0]["kind"] == "首报" and followed["reports"][0]["owed"]
    assert followed["reports"][0]["countdown"].startswith("剩余")
    near = [n["name"] for n in followed["nearby"]["items"]]
    assert "大智路消防站" in near and "武昌消防站" not in near
    # Another district's incident is not found at all.
    assert client_for(outsider).get(f"/screen/incident/{fire.pk}.json").status_code == 404
    assert client_for(officer).get("/screen/incident/999999.json").status_code == 404


def test_roles_without_the_screen_are_refused(city: dict[str, Any]) -> None:
    public = make_user("gz_public", roles=["public"], scope=JIANGAN_STREET)
    team = make_user("jy_team", roles=["rescue"], scope=JIANGAN_STREET)
    for user in (public, team):
        assert client_for(user).get("/screen/").status_code == 403
        assert client_for(user).get("/screen/data.json").status_code == 403
        assert client_for(user).get(f"/screen/incident/{city['fire'].pk}.json").status_code == 403


def test_unknown_panels_are_ignored(city: dict[str, Any], officer: Any) -> None:
    assert set(data(officer, ["alarms", "nonsense"])) == {"alarms"}


def test_panel_of_a_module_the_user_cannot_read_is_left_out(city: dict[str, Any]) -> None:
    from django.contrib.auth.models import Permission

    # An informant allowed the screen but none of the modules behind its panels.
    user = make_user("dz_informant", roles=["informant"], scope=JIANGAN)
    user.user_permissions.add(Permission.objects.get(codename="view_screensettings"))
    user.user_permissions.add(Permission.objects.get(codename="view_alarm"))
    found = data(user)
    assert set(found) == {"alarms"}


def _count(user: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        panels.read_panels(user, ALL)
    return len(queries)


def test_queries_do_not_grow_with_the_city(city: dict[str, Any], officer: Any) -> None:
    before = _count(officer)
    for n in range(3):
        incident_in(JIANGAN_STREET, officer, f"江岸区第{n}起火灾", minutes_ago=10 + n)
        alarm_at(city["ja"], f"3{n}")
        overdue_hazard(city["ja"], f"隐患{n}")
    after = _count(officer)
    assert after == before, (before, after)
    assert before <= 40
    page = client_for(officer).get("/screen/")
    assert page.status_code == 200
    config = json.loads(page.content.decode().split('id="screen-config" type="application/json">')[1]
                        .split("</script>")[0])
    assert config["panels"] == [rules.DEFAULT_LAYOUT[s] for s, _ in rules.SLOTS]
    assert config["refresh_seconds"] >= 60
