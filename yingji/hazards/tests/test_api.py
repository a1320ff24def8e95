"""The hazard API: create, list in scope, transitions with 409 reasons, evidence as
multipart, extensions, the cross-module hooks."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from yingji.core.testing import actor_for, client_for
from yingji.hazards.models import Hazard
from yingji.hazards.services import hazards, overdue_counts, report_hazard_from_alarm, steps
from yingji.hazards.tests.conftest import assign_data, hazard_data, in_days, png

pytestmark = pytest.mark.django_db
H = "/api/v1/hazards/hazards/"


def _post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def test_create_and_list_in_scope(enterprise, officer, owner, wc_supervisor) -> None:
    created = _post(client_for(owner), H, {
        "enterprise": enterprise.pk, "title": "配电房未设挡鼠板", "source": "self_check",
        "grade": "general", "category": "site_electrical", "description": "配电房门口无挡鼠板"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["state"] == "registered" and body["region"] == enterprise.region_id
    assert body["number"].startswith("YH")
    assert client_for(officer).get(H).json()["count"] == 1
    assert client_for(wc_supervisor).get(H).json()["count"] == 0
    assert client_for(wc_supervisor).get(f"{H}{body['id']}/").status_code == 404


def test_transitions_answer_409_with_the_reason(hazard, officer, owner) -> None:
    api = client_for(officer)
    url = f"{H}{hazard.pk}/transition/"
    wrong_state = _post(api, url, {"name": "close"})
    assert wrong_state.status_code == 409
    assert wrong_state.json()["error"]["message"] == "当前状态为“登记”，不能执行“验收销号”"
    past = _post(api, url, {"name": "assign", "responsible_name": "陈安全", "measures": "更换",
                            "deadline": "2020-01-01T10:00:00+08:00"})
    assert past.status_code == 409 and "整改期限不能早于当前时间" in past.json()["error"]["message"]
    ok = _post(api, url, {"name": "assign", "responsible_name": "陈安全", "measures": "更换",
                          "deadline": in_days(5).isoformat(), "version": 0})
    assert ok.status_code == 200 and ok.json()["state"] == "pending"
    stale = _post(api, url, {"name": "start", "version": 0})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale"
    assert _post(api, url, {"name": "start", "version": 1}).json()["state"] == "rectifying"
    no_evidence = _post(client_for(owner), url, {"name": "submit", "content": "已更换"})
    assert no_evidence.status_code == 409 and "整改证据" in no_evidence.json()["error"]["message"]
    submitted = client_for(owner).post(url, {"name": "submit", "content": "已更换",
                                             "files": [png("after.png")]})
    assert submitted.status_code == 200 and submitted.json()["state"] == "verifying"
    history = api.get(f"{H}{hazard.pk}/history/").json()
    assert len(history["reports"][0]["evidence_ids"]) == 1
    unknown = _post(api, url, {"name": "fly"})
    assert unknown.status_code == 400 and "未知的操作" in str(unknown.json())


def test_enterprise_user_gets_409_closing_a_major_hazard(enterprise, officer, owner) -> None:
    from yingji.hazards.tests.conftest import COMPLETE_PLAN

    major = hazards.create_hazard(hazard_data(enterprise, grade="major", source="self_check"),
                                  actor=actor_for(owner))
    api = client_for(owner)
    plan = api.put(f"{H}{major.pk}/plan/", COMPLETE_PLAN, content_type="application/json")
    assert plan.status_code == 200 and plan.json()["goal"] == COMPLETE_PLAN["goal"]
    actor = actor_for(owner)
    major = steps.assign_rectification(major, actor=actor, **assign_data())
    major = steps.start_rectification(major, actor=actor)
    major = steps.submit_for_verification(major, actor=actor, content="x", evidence=[png()])
    refused = _post(api, f"{H}{major.pk}/transition/", {"name": "close"})
    assert refused.status_code == 409 and "企业不能自行销号" in refused.json()["error"]["message"]
    assert Hazard.objects.get(pk=major.pk).state == "verifying"


def test_extension_request_and_decision(hazard, officer, owner) -> None:
    steps.assign_rectification(hazard, actor=actor_for(officer), **assign_data())
    asked = _post(client_for(owner), f"{H}{hazard.pk}/extension/", {
        "requested_deadline": in_days(30).isoformat(), "reason": "设备到货延迟"})
    assert asked.status_code == 201, asked.content
    ext = asked.json()["id"]
    refused = _post(client_for(owner), f"/api/v1/hazards/extensions/{ext}/decide/",
                    {"approve": True})
    assert refused.status_code in (403, 409)
    done = _post(client_for(officer), f"/api/v1/hazards/extensions/{ext}/decide/",
                 {"approve": True})
    assert done.status_code == 200 and done.json()["status"] == "approved"
    again = _post(client_for(officer), f"/api/v1/hazards/extensions/{ext}/decide/",
                  {"approve": False, "comment": "x"})
    assert again.status_code == 409


def test_bad_photo_is_refused_with_field_detail(enterprise, officer) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("a.png", b"not a png at all", "image/png")
    response = client_for(officer).post(H, {
        "enterprise": enterprise.pk, "title": "x", "source": "department", "grade": "general",
        "category": "site_fire", "description": "x", "photos": [bad]})
    assert response.status_code == 400
    assert "photos" in response.json()["error"]["fields"]
    assert not Hazard.objects.exists()


def test_hooks_register_from_alarm_and_count_overdue(enterprise, officer, other_enterprise) -> None:
    hazard = report_hazard_from_alarm(
        actor=actor_for(officer), enterprise=enterprise, title="可燃气体浓度超限报警",
        description="GT-101 浓度 35%LEL 持续10分钟", data={"alarm_id": 7, "value": 35.0},
        latitude=30.61, longitude=114.31)
    assert hazard.source == "monitoring" and hazard.data == {"alarm_id": 7, "value": 35.0}
    assert (hazard.latitude, hazard.longitude) == (30.61, 114.31)
    pending = steps.assign_rectification(hazard, actor=actor_for(officer), **assign_data())
    Hazard.objects.filter(pk=pending.pk).update(deadline=timezone.now() - timezone.timedelta(hours=1))
    assert overdue_counts([enterprise.pk, other_enterprise.pk]) == {
        enterprise.pk: 1, other_enterprise.pk: 0}
    assert overdue_counts([]) == {}


def test_self_inspection_api_and_coverage(enterprise, owner, officer, other_enterprise) -> None:
    from yingji.hazards.models import Checklist

    checklist = Checklist.objects.get(name="通用安全生产检查清单")
    listed = client_for(owner).get("/api/v1/hazards/checklists/").json()
    assert any(c["name"] == checklist.name and len(c["items"]) == 7 for c in listed["results"])
    items = list(checklist.items.all())
    answers = [{"item": i.pk, "passed": True} for i in items]
    answers[2] = {"item": items[2].pk, "passed": False, "note": "叉车检验超期"}
    created = _post(client_for(owner), "/api/v1/hazards/self-inspections/", {
        "enterprise": enterprise.pk, "checklist": checklist.pk, "inspector_name": "陈安全",
        "answers": answers})
    assert created.status_code == 201, created.content
    assert created.json()["failed_count"] == 1 and len(created.json()["hazards"]) == 1
    missing = _post(client_for(owner), "/api/v1/hazards/self-inspections/", {
        "enterprise": enterprise.pk, "checklist": checklist.pk, "inspector_name": "陈安全",
        "answers": answers[:3]})
    assert missing.status_code == 400 and "answers" in missing.json()["error"]["fields"]
    foreign = _post(client_for(owner), "/api/v1/hazards/self-inspections/", {
        "enterprise": other_enterprise.pk, "checklist": checklist.pk,
        "inspector_name": "陈安全", "answers": answers})
    assert foreign.status_code == 400
    coverage = client_for(officer).get("/api/v1/hazards/self-inspections/coverage/?days=30").json()
    assert (coverage["covered"], coverage["total"]) == (1, 2)


def test_analysis_api_in_scope(hazard, officer, wc_supervisor) -> None:
    mine = client_for(officer).get("/api/v1/hazards/analysis/").json()
    assert mine["summary"]["total"] == 1 and mine["region"] == [{"name": "江岸区", "value": 1}]
    other = client_for(wc_supervisor).get("/api/v1/hazards/analysis/").json()
    assert other["summary"]["total"] == 0
