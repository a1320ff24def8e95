"""Issue 13 item 5: a rescue team's account sees its own dispatch orders (another
team's is a 404), accepts them, reports 出发 / 到达 / 处置中 / 返回 with its position, and
reports its status and members."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from yingji.core.actor import Actor
from yingji.core.testing import actor_for, client_for, make_user
from yingji.incidents.models import DispatchOrder, Incident
from yingji.incidents.services import dispatch, teams


@pytest.fixture
def crews(incident: Incident, officer: Any) -> dict[str, Any]:
    from yingji.resources.tests.factories import team

    ours = team("大智路消防站", longitude=114.2920, latitude=30.5910, members="张三、李四")
    theirs = team("二七消防站", longitude=114.3100, latitude=30.6100)
    account = make_user("jy_team_t", roles=["rescue"], scope="420100000000", real_name="杨帆")
    other = make_user("jy_team_o", roles=["rescue"], scope="420100000000", real_name="王五")
    teams.link_team_account(account, ours, actor=Actor.system("test"))
    teams.link_team_account(other, theirs, actor=Actor.system("test"))
    return {
        "ours": ours, "theirs": theirs, "account": account, "other": other,
        "order": dispatch.dispatch(incident, "team", ours.pk, actor=actor_for(officer)),
        "foreign": dispatch.dispatch(incident, "team", theirs.pk, actor=actor_for(officer)),
    }


def test_team_reports_every_step_with_its_position(crews: dict[str, Any]) -> None:
    actor = actor_for(crews["account"])
    order = dispatch.accept_order(crews["order"], actor=actor)
    order = dispatch.depart_order(order, actor=actor, longitude=114.2930, latitude=30.5920)
    order = dispatch.arrive_order(order, actor=actor, longitude=114.2906, latitude=30.5901)
    order = dispatch.work_order(order, actor=actor)
    assert order.state == "working" and order.working_at is not None
    assert (order.longitude, order.latitude) == (114.2906, 30.5901)
    order = dispatch.return_order(order, actor=actor, longitude=114.2920, latitude=30.5910)
    assert order.state == "returned" and order.completed_at is not None
    crews["ours"].refresh_from_db()
    assert crews["ours"].status == "standby"  # back on standby by the team's own report
    with pytest.raises(Exception, match="纬度"):
        dispatch.depart_order(crews["foreign"], actor=actor_for(crews["other"]), longitude=114.3)


def test_team_reports_its_status_and_members(crews: dict[str, Any]) -> None:
    team = teams.report_team_status(crews["ours"], {"status": "resting", "headcount": 12,
                                                    "members": "张三、李四、王五"},
                                    actor=actor_for(crews["account"]))
    assert team.status == "resting" and team.headcount == 12 and "王五" in team.members
    with pytest.raises(PermissionDenied, match="本队伍"):
        teams.report_team_status(crews["theirs"], {"status": "resting"},
                                 actor=actor_for(crews["account"]))


def test_team_workbench_and_order_pages(crews: dict[str, Any]) -> None:
    client = client_for(crews["account"])
    page = client.get("/incidents/team/").content.decode()
    assert "大智路消防站" in page and "张三、李四" in page and "二七消防站" not in page
    assert "救援队伍工作台" in page  # the menu entry
    assert "接收指令" in page
    order, foreign = crews["order"], crews["foreign"]
    assert client.get(f"/incidents/team/orders/{order.pk}/").status_code == 200
    assert client.get(f"/incidents/team/orders/{foreign.pk}/").status_code == 404
    assert client.post(f"/incidents/team/orders/{foreign.pk}/step/",
                       {"step": "accept", "version": foreign.version}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == "issued"
    done = client.post(f"/incidents/team/orders/{order.pk}/step/",
                       {"step": "accept", "version": order.version}, follow=True)
    assert "已接收" in done.content.decode()
    order.refresh_from_db()
    client.post(f"/incidents/team/orders/{order.pk}/step/",
                {"step": "depart", "version": order.version, "longitude": "114.2930",
                 "latitude": "30.5920"})
    order.refresh_from_db()
    assert order.state == "departed" and order.longitude == 114.2930
    detail = client.get(f"/incidents/team/orders/{order.pk}/").content.decode()
    assert "114.29300" in detail and "到达现场" in detail
    # The team may not withdraw the order: that is the duty room's.
    client.post(f"/incidents/team/orders/{order.pk}/step/",
                {"step": "cancel", "version": order.version, "comment": "不去了"})
    order.refresh_from_db()
    assert order.state == "departed"
    status = client.post(f"/incidents/team/{crews['ours'].pk}/status/",
                         {"status": "deployed", "headcount": "8", "members": "张三、李四"})
    assert status.status_code == 302
    assert client.post(f"/incidents/team/{crews['theirs'].pk}/status/",
                       {"status": "resting"}).status_code == 404
    # The incident page stays the duty room's.
    assert client.get(f"/incidents/{order.incident_id}/").status_code == 403


def test_team_api_is_scoped_to_its_own_orders(crews: dict[str, Any], officer: Any) -> None:
    client = client_for(crews["account"])
    listed = client.get("/api/v1/incidents/orders/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["id"] for r in rows] == [crews["order"].pk]
    foreign = crews["foreign"]
    assert client.get(f"/api/v1/incidents/orders/{foreign.pk}/").status_code == 404
    assert client.post(f"/api/v1/incidents/orders/{foreign.pk}/step/", {"step": "accept"},
                       content_type="application/json").status_code == 404
    accepted = client.post(f"/api/v1/incidents/orders/{crews['order'].pk}/step/",
                           {"step": "accept", "longitude": 114.2925, "latitude": 30.5915},
                           content_type="application/json")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert accepted.json()["longitude"] == 114.2925
    stale = client.post(f"/api/v1/incidents/orders/{crews['order'].pk}/step/",
                        {"step": "accept"}, content_type="application/json")
    assert stale.status_code == 409  # already accepted: the workflow refuses
    # The duty officer still sees every order of the incident.
    officer_rows = client_for(officer).get("/api/v1/incidents/orders/").json()
    officer_rows = officer_rows["results"] if isinstance(officer_rows, dict) else officer_rows
    assert {r["id"] for r in officer_rows} == {crews["order"].pk, foreign.pk}
    assert DispatchOrder.objects.get(pk=foreign.pk).state == "issued"


def test_duty_menu_has_no_team_workbench(officer: Any) -> None:
    assert "救援队伍工作台" not in client_for(officer).get("/").content.decode()
