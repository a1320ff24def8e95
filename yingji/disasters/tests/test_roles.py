"""Who decides: a duty officer records and forwards (events, reports up the chain,
registers, relief applications and the town's audit); 县审批 of relief, 完成核报 and
corrections after it belong to the leaders (带班领导, 指挥长). A duty officer is refused
in the service, on the page and over the API, and nothing changes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from yingji.core.testing import actor_for, client_for
from yingji.disasters.models import DisasterEvent, DisasterReport, ReliefCase
from yingji.disasters.services import relief, reports
from yingji.disasters.tests.conftest import figures
from yingji.disasters.tests.test_relief import case_data
from yingji.disasters.tests.test_reports import _finalised

pytestmark = pytest.mark.django_db


def _audited(event: DisasterEvent, people: dict[str, Any]) -> ReliefCase:
    case = relief.create_case(case_data(event), actor=actor_for(people["informant"]))
    case = relief.step(case, "village_review", actor=actor_for(people["informant"]), comment="评议同意")
    return relief.step(case, "town_audit", actor=actor_for(people["street"]), comment="属实")


def test_the_duty_officer_holds_no_decision_the_leader_does(people) -> None:
    officer, leader = people["county"], people["county_leader"]
    for perm in ("approve_reliefcase", "correct_disasterreport", "verify_disasterevent", "decide_response"):
        assert not officer.has_perm(f"disasters.{perm}"), perm
        assert leader.has_perm(f"disasters.{perm}"), perm
    # what the duty officer does keep: forwarding up the chain
    assert officer.has_perm("disasters.review_disasterreport")
    assert officer.has_perm("disasters.check_disasterreport")


def test_a_duty_officer_cannot_approve_relief_by_service_page_or_api(event, people) -> None:
    case = _audited(event, people)
    with pytest.raises(PermissionDenied):
        relief.step(case, "approve", actor=actor_for(people["county"]), comment="同意")
    client = client_for(people["county"])
    page = client.post(
        f"/disasters/relief/{case.pk}/step/",
        {"name": "approve", "comment": "同意", "version": case.version},
        follow=True,
    )
    assert "您无权执行“县级审批”" in page.content.decode()
    api = client.post(
        f"/api/v1/disasters/relief/{case.pk}/step/",
        json.dumps({"name": "approve", "comment": "同意"}),
        content_type="application/json",
    )
    assert api.status_code == 403
    assert ReliefCase.objects.get(pk=case.pk).state == "town_audited"
    done = relief.step(case, "approve", actor=actor_for(people["county_leader"]), comment="同意")
    assert done.state == "approved"


def test_a_duty_officer_cannot_complete_the_final_report_or_correct_it(event, village, people) -> None:
    accepted = _finalised(event, village, people)
    with pytest.raises(PermissionDenied):
        reports.verify_event(event, actor=actor_for(people["county"]))
    client = client_for(people["county"])
    page = client.post(f"/disasters/events/{event.pk}/step/", {"name": "verify"}, follow=True)
    assert "完成核报由带班领导或指挥长办理" in page.content.decode()
    assert "完成核报并锁定数据" not in client.get(f"/disasters/events/{event.pk}/").content.decode()
    assert DisasterEvent.objects.get(pk=event.pk).frozen_at is None

    reports.verify_event(event, actor=actor_for(people["county_leader"]))
    accepted.refresh_from_db()
    with pytest.raises(PermissionDenied):
        reports.correct_report(accepted, {}, actor=actor_for(people["county"]), reason="补录")
    assert client.get(f"/disasters/reports/{accepted.pk}/correct/").status_code in (200, 403)
    refused = client.post(f"/disasters/reports/{accepted.pk}/correct/", {"reason": "补录", "affected": 1})
    assert "核报后更正由带班领导或指挥长办理" in refused.content.decode()
    assert event.reports.count() == 2  # the 初报 and the 核报; no correction added


def test_the_events_steps_over_the_api_mark_stable_and_refuse_the_officers_verify(event, people) -> None:
    client = client_for(people["county"])
    url = f"/api/v1/disasters/events/{event.pk}/step/"
    unknown = client.post(url, json.dumps({"name": "close"}), content_type="application/json")
    assert unknown.status_code == 400 and "未知的操作" in unknown.json()["error"]["fields"]["name"][0]
    stable = client.post(url, json.dumps({"name": "stable"}), content_type="application/json")
    assert stable.status_code == 200 and stable.json()["state"] == "stable"
    refused = client.post(url, json.dumps({"name": "verify"}), content_type="application/json")
    assert refused.status_code == 403 and DisasterEvent.objects.get(pk=event.pk).frozen_at is None


def test_the_relief_section_issues_and_publishes_relief_checks_reports_and_decides_nothing(
    event, people
) -> None:
    from decimal import Decimal

    from yingji.core.testing import JIANGAN, WUCHANG, make_user

    section = make_user("t_relief", roles=["relief_section"], scope=JIANGAN)
    for perm in (
        "approve_reliefcase",
        "correct_disasterreport",
        "verify_disasterevent",
        "decide_response",
        "add_disasterreport",
        "add_disasterevent",
        "change_disasterevent",
        "change_disastersettings",
        "change_responsethreshold",
    ):
        assert not section.has_perm(f"disasters.{perm}"), perm
    actor = actor_for(section)
    audited = _audited(event, people)
    with pytest.raises(PermissionDenied):
        relief.step(audited, "approve", actor=actor, comment="同意")
    case = relief.step(
        audited,
        "approve",
        actor=actor_for(people["county_leader"]),
        comment="同意",
        approved_amount=Decimal("600"),
    )
    relief.issue_money(case, amount=Decimal("600"), signed_by_name="王桂兰", actor=actor)
    case = relief.step(case, "issue", actor=actor)
    assert relief.step(case, "publish", actor=actor).state == "published"
    report = reports.submit_report(event, case.region, figures(), actor=actor_for(people["informant"]))
    report = reports.review_report(report, actor=actor_for(people["street"]))
    assert reports.accept_report(report, actor=actor).state == "accepted"  # the county's check
    outsider = make_user("t_relief_wc", roles=["relief_section"], scope=WUCHANG)
    assert client_for(outsider).get(f"/disasters/relief/{case.pk}/").status_code == 404


def test_a_step_of_another_level_is_not_offered_and_still_refused(event, people, village) -> None:
    from yingji.core.testing import JIANGAN, make_user

    report = reports.submit_report(event, village, figures(), actor=actor_for(people["informant"]))
    report = reports.review_report(report, actor=actor_for(people["street"]))
    section = make_user("t_relief_check", roles=["relief_section"], scope=JIANGAN)
    page = client_for(people["street"]).get(f"/disasters/reports/{report.pk}/").content.decode()
    assert "区县审核上报</button>" not in page and "退回修改</button>" in page  # the street may return it
    for user in (people["county"], section):
        shown = client_for(user).get(f"/disasters/reports/{report.pk}/").content.decode()
        assert "区县审核上报</button>" in shown
    answer = client_for(people["street"]).post(
        f"/disasters/reports/{report.pk}/step/", {"name": "accept", "version": report.version}, follow=True
    )
    assert "该环节由区县及以上应急管理部门办理" in answer.content.decode()
    assert DisasterReport.objects.get(pk=report.pk).state == "reviewed"
