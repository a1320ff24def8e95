"""Pages and API: anonymous, unpermitted, permitted and out-of-scope users; intake by
form and API with field-level errors; query counts of the list."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yingji.core.testing import JIANGAN, JIANGAN_STREET, actor_for, client_for, make_user
from yingji.incidents.models import Incident
from yingji.incidents.services import intake
from yingji.incidents.tests.conftest import incident_data


@pytest.fixture
def inspector(db: Any) -> Any:
    return make_user("ja_inspector", roles=["inspector"], scope=JIANGAN)


def test_list_detail_scope(incident: Incident, officer: Any, outsider: Any, inspector: Any,
                           client: Any) -> None:
    assert client.get("/incidents/").status_code == 302  # anonymous → login
    assert client_for(inspector).get("/incidents/").status_code == 403
    page = client_for(officer).get("/incidents/")
    assert page.status_code == 200 and "江岸区某仓库火灾" in page.content.decode()
    other = client_for(outsider)
    assert "江岸区某仓库火灾" not in other.get("/incidents/").content.decode()
    assert other.get(f"/incidents/{incident.pk}/").status_code == 404
    assert other.post(f"/incidents/{incident.pk}/action/", {"action": "grade", "grade": "I"}
                      ).status_code == 404
    assert other.get(f"/api/v1/incidents/incidents/{incident.pk}/").status_code == 404
    export = other.get("/incidents/?export=xlsx")
    assert export.status_code == 200 and "江岸区某仓库火灾".encode() not in export.content
    detail = client_for(officer).get(f"/incidents/{incident.pk}/")
    body = detail.content.decode()
    assert detail.status_code == 200 and "首报" in body and 'data-testid="countdown"' in body


def test_list_query_count_is_bounded(officer: Any, street: Any) -> None:
    for n in range(3):
        intake.receive_incident(incident_data(street, title=f"事件{n}"), actor=actor_for(officer))
    client = client_for(officer)
    client.get("/incidents/")
    with CaptureQueriesContext(connection) as few:
        client.get("/incidents/")
    for n in range(3, 12):
        intake.receive_incident(incident_data(street, title=f"事件{n}"), actor=actor_for(officer))
    with CaptureQueriesContext(connection) as many:
        client.get("/incidents/")
    assert len(many) == len(few)


def test_intake_form_warns_and_keeps_the_choice(officer: Any) -> None:
    client = client_for(officer)
    assert client.get("/incidents/add/").status_code == 200
    now = timezone.localtime() - timedelta(minutes=3)
    data = {"received_at": now.strftime("%Y-%m-%dT%H:%M"), "source": "phone", "caller": "李四",
            "title": "某化工厂爆炸", "category": "accident", "subtype": "hazchem",
            "region": JIANGAN_STREET, "address": "大智街道", "deaths": "5", "missing": "0",
            "serious_injuries": "0", "injuries": "0", "trapped": "0", "loss_wan": "0",
            "affected": "0", "relocated": "0", "description": "爆炸起火", "grade": "IV"}
    response = client.post("/incidents/add/", data)
    assert response.status_code == 302
    incident = Incident.objects.get(title="某化工厂爆炸")
    assert incident.grade == "IV" and incident.suggested_grade == "III"
    page = client.get(response["Location"]).content.decode()
    assert "所选等级“一般”低于按伤亡和损失计算的等级“较大”，请核实" in page
    bad = client.post("/incidents/add/", {**data, "category": "natural", "title": "错类"})
    assert bad.status_code == 200 and "属于事故灾难，不属于自然灾害" in bad.content.decode()
    assert not Incident.objects.filter(title="错类").exists()


def test_grade_preview(officer: Any) -> None:
    client = client_for(officer)
    data = client.get("/incidents/grade-preview/", {"category": "accident", "subtype": "production",
                                                    "deaths": "10", "grade": "III"}).json()
    assert data["grade"] == "II" and data["first_minutes"] == 60
    assert data["warning"].startswith("所选等级“较大”低于")
    assert data["follow_up_days"] == 30
    bad = client.get("/incidents/grade-preview/", {"category": "accident", "subtype": "fire",
                                                   "deaths": "x"})
    assert bad.status_code == 400 and bad.json()["error"] == "死亡应为数字"


def test_api_intake_report_and_field_errors(officer: Any, leader: Any, outsider: Any) -> None:
    client = client_for(officer)
    payload = {"title": "道路交通事故", "region": JIANGAN_STREET, "address": "解放大道",
               "category": "accident", "subtype": "road_traffic", "deaths": 3,
               "description": "两车相撞", "longitude": 114.29, "latitude": 30.60}
    created = client.post("/api/v1/incidents/incidents/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["grade"] == "III" and body["state"] == "received"
    pk = body["id"]
    bad = client.post("/api/v1/incidents/incidents/", {**payload, "category": "health"},
                      content_type="application/json")
    assert bad.status_code == 400 and "subtype" in str(bad.json())
    report = client.post(f"/api/v1/incidents/incidents/{pk}/report/", {"kind": "first"},
                         content_type="application/json")
    assert report.status_code == 201 and report.json()["status"] == "review"  # to the leader
    report = client_for(leader).post(
        f"/api/v1/incidents/reports/{report.json()['id']}/sign-off/", {},
        content_type="application/json")
    assert report.status_code == 200 and report.json()["late"] is False
    assert report.json()["status"] == "submitted" and report.json()["signed_by"] == leader.pk
    version = report.json()["versions"][0]["number"]
    docx = client.get(f"/api/v1/incidents/reports/{report.json()['id']}/versions/{version}/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    grade = client.post(f"/api/v1/incidents/incidents/{pk}/grade/", {"grade": "V"},
                        content_type="application/json")
    assert grade.status_code == 400 and "grade" in str(grade.json())
    timeline = client.get(f"/api/v1/incidents/incidents/{pk}/timeline/").json()
    assert any("首报已报送" in e["summary"] for e in timeline)
    assert client_for(outsider).get(f"/api/v1/incidents/incidents/{pk}/timeline/").status_code == 404
    outside = client_for(outsider).post("/api/v1/incidents/incidents/", payload,
                                        content_type="application/json")
    assert outside.status_code == 400  # a 江岸 place is outside 武昌's scope


def test_word_download_page(incident: Incident, officer: Any, leader: Any, outsider: Any) -> None:
    from yingji.incidents.services import reports

    report = reports.submit_report(incident.reports.get(), actor=actor_for(leader))
    version = report.versions.get()
    response = client_for(officer).get(f"/incidents/report-versions/{version.pk}/docx/")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client_for(outsider).get(f"/incidents/report-versions/{version.pk}/docx/").status_code == 404


def test_command_and_stats_pages(incident: Incident, officer: Any) -> None:
    client = client_for(officer)
    command = client.get("/incidents/command/")
    assert command.status_code == 200 and "江岸区某仓库火灾" in command.content.decode()
    geo = client.get("/incidents/command/map.geojson").json()
    assert geo["features"][0]["properties"]["name"] == "江岸区某仓库火灾"
    stats = client.get("/incidents/stats/")
    assert stats.status_code == 200 and 'data-testid="stat-total">1<' in stats.content.decode()
    api = client.get("/api/v1/incidents/incidents/statistics/").json()
    assert api["total"] == 1 and api["by_category"] == [{"name": "事故灾难", "value": 1}]


def test_workbench_shows_todays_duty(officer: Any) -> None:
    page = client_for(officer).get("/")
    assert page.status_code == 200
    assert "今日值班" in page.content.decode()


def test_api_task_to_a_person_with_deadline(incident: Incident, officer: Any, leader: Any) -> None:
    client = client_for(leader)
    due = (timezone.now() + timedelta(hours=2)).isoformat()
    created = client.post(f"/api/v1/incidents/incidents/{incident.pk}/tasks/",
                          {"title": "组织专家会商", "due_at": due, "assignee": officer.pk},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    task_id = created.json()["id"]
    missing = client.post(f"/api/v1/incidents/incidents/{incident.pk}/tasks/",
                          {"title": "无人负责", "due_at": due}, content_type="application/json")
    assert missing.status_code == 400 and "请指定责任部门或责任人" in str(missing.json())
    done = client.post(f"/api/v1/incidents/tasks/{task_id}/step/",
                       {"step": "finish", "result": "会商完成"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "done"


def test_command_map_layers_follow_movement(incident: Incident, officer: Any) -> None:
    from yingji.incidents.services import dispatch
    from yingji.resources.tests.factories import team

    sent = team("大智路消防站", longitude=114.2920, latitude=30.5910)
    order = dispatch.dispatch(incident, "team", sent.pk, actor=actor_for(officer))
    client = client_for(officer)

    def names(layer: str) -> list[str]:
        data = client.get(f"/incidents/command/map.geojson?layer={layer}").json()
        return [f["properties"]["name"] for f in data["features"]]

    assert names("moving") == ["大智路消防站（已下达）"] and names("scene") == []
    dispatch.depart_order(order, actor=actor_for(officer))
    order.refresh_from_db()
    dispatch.arrive_order(order, actor=actor_for(officer))
    assert names("moving") == [] and names("scene") == ["大智路消防站（已到达）"]
    assert names("incident") == ["江岸区某仓库火灾"]


def test_report_ledger_and_findings_lists(officer: Any, leader: Any, outsider: Any,
                                         street: Any) -> None:
    from yingji.incidents.services import reports

    received = timezone.now() - timedelta(hours=4)
    incident = intake.receive_incident(incident_data(street, received_at=received),
                                       actor=actor_for(officer))
    handed = reports.submit_report(incident.reports.get(), actor=actor_for(officer),
                                   at=received + timedelta(minutes=140))
    reports.sign_off_report(handed, actor=actor_for(leader), at=received + timedelta(minutes=150))
    client = client_for(officer)
    ledger = client.get("/incidents/reports/?late=true").content.decode()
    assert "迟报30分钟" in ledger and "首报" in ledger
    assert "江岸区某仓库火灾" not in client_for(outsider).get("/incidents/reports/").content.decode()
    listing = client.get("/incidents/?reports=late").content.decode()
    assert "迟报1" in listing
    assert client.get("/incidents/findings/").status_code == 200
    export = client.get("/incidents/reports/?export=xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_details_corrected_with_audit_and_bad_point_refused(incident: Incident, officer: Any) -> None:
    from yingji.core.models import AuditLog

    client = client_for(officer)
    base = {"action": "details", "title": incident.title, "source": "phone", "caller": "张三",
            "caller_phone": "13800000000", "caller_unit": "", "address": "大智街道中山大道102号",
            "longitude": "114.2906", "latitude": "30.5901", "occurred_at": "",
            "description": incident.description}
    client.post(f"/incidents/{incident.pk}/action/", base)
    incident.refresh_from_db()
    assert incident.address == "大智街道中山大道102号"
    assert AuditLog.objects.filter(object_id=str(incident.pk), action="update").exists()
    page = client.post(f"/incidents/{incident.pk}/action/", {**base, "longitude": "30.59",
                                                              "latitude": "114.29"}, follow=True)
    assert "经纬度是否填反" in page.content.decode()
    incident.refresh_from_db()
    assert incident.longitude == 114.2906
