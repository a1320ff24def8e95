"""Issue 13 item 4: the 首报 names the enterprise the caller named (or asks), names its
bureau and never repeats a region."""

from __future__ import annotations

from typing import Any

from yingji.core.models import DomainEvent
from yingji.core.testing import actor_for, client_for
from yingji.incidents import rules
from yingji.incidents.models import Incident
from yingji.incidents.services import intake, reports
from yingji.incidents.tests.conftest import incident_data


def test_place_text_never_repeats_a_region() -> None:
    chain = ["武汉市", "江岸区", "大智街道"]
    assert rules.place_text(chain, "江岸区大智街道中山大道100号") == "武汉市江岸区大智街道中山大道100号"
    assert rules.place_text(chain, "大智街道中山大道100号") == "武汉市江岸区大智街道中山大道100号"
    assert rules.place_text(chain, "武汉市江岸区中山大道") == "武汉市江岸区中山大道"
    assert rules.place_text(chain, "中山大道100号") == "武汉市江岸区大智街道中山大道100号"
    assert rules.place_text(chain, "中山大道100号（大智街道）") == "武汉市江岸区中山大道100号（大智街道）"
    assert rules.place_text([], "中山大道") == "中山大道"


def test_bureau_name_is_the_city_or_district_bureau() -> None:
    assert rules.bureau_name(["武汉市", "江岸区", "大智街道"]) == "武汉市江岸区应急管理局值班室"
    assert rules.bureau_name(["武汉市"]) == "武汉市应急管理局值班室"


def test_first_report_names_its_bureau_and_the_place_once(officer: Any, street: Any) -> None:
    incident = intake.receive_incident(incident_data(
        street, address="江岸区大智街道中山大道100号"), actor=actor_for(officer))
    text = reports.report_text(incident, incident.reports.get())
    assert "武汉市江岸区应急管理局值班室接到" in text
    assert "武汉市江岸区大智街道中山大道100号发生" in text
    assert "江岸区江岸区" not in text and "大智街道大智街道" not in text


def test_the_enterprise_the_caller_names_wins_over_the_nearest(officer: Any, street: Any) -> None:
    from yingji.enterprises.tests.factories import make_enterprise

    nearest = make_enterprise(1, name="武汉江岸长江化工有限公司", longitude=114.2906,
                              latitude=30.5901)
    named = make_enterprise(2, name="武汉大智物流仓储有限公司", longitude=114.2990,
                            latitude=30.5990)
    incident = intake.receive_incident(incident_data(
        street, caller_unit="武汉大智物流仓储有限公司", description="我司仓库起火"),
        actor=actor_for(officer))
    assert incident.enterprise == named and incident.enterprise != nearest
    text = reports.report_text(incident, incident.reports.get())
    assert "涉事企业：武汉大智物流仓储有限公司" in text and "长江化工" not in text
    # A short name the caller uses, matching one firm only, is that firm.
    short = intake.receive_incident(incident_data(street, caller_unit="大智物流"),
                                    actor=actor_for(officer))
    assert short.enterprise == named


def test_an_unclear_named_enterprise_is_asked_not_guessed(officer: Any, street: Any) -> None:
    from yingji.enterprises.tests.factories import make_enterprise

    make_enterprise(1, name="武汉江岸长江化工有限公司", longitude=114.2906, latitude=30.5901)
    make_enterprise(2, name="武汉江岸长江化工储运有限公司", longitude=114.31, latitude=30.61)
    several = intake.receive_incident(incident_data(street, caller_unit="长江化工"),
                                      actor=actor_for(officer))
    assert several.enterprise is None
    asked = DomainEvent.objects.get(event_type="incident.enterprise_unclear", object_id=str(several.pk))
    assert "对应多家企业" in asked.summary and "请选择涉事企业" in asked.summary
    unknown = intake.receive_incident(incident_data(street, caller_unit="某某机械厂"),
                                      actor=actor_for(officer))
    assert unknown.enterprise is None  # not the nearest firm 10 m away
    assert Incident.objects.filter(enterprise__isnull=False).count() == 0


def test_intake_preview_asks_which_enterprise(officer: Any, outsider: Any) -> None:
    from yingji.enterprises.tests.factories import make_enterprise

    make_enterprise(1, name="武汉江岸长江化工有限公司")
    make_enterprise(2, name="武汉江岸长江化工储运有限公司")
    params = {"category": "accident", "subtype": "fire", "caller_unit": "长江化工",
              "longitude": "114.2906", "latitude": "30.5901"}
    data = client_for(officer).get("/incidents/grade-preview/", params).json()
    assert data["enterprise"] is None and "对应多家企业" in data["enterprise_question"]
    assert len(data["enterprise_candidates"]) == 2
    # Another district's officer does not learn of 江岸's firms.
    other = client_for(outsider).get("/incidents/grade-preview/", params).json()
    assert other["enterprise_candidates"] == [] and "对应多家企业" not in other["enterprise_question"]


def test_first_report_is_signed_off_by_the_leader_on_duty(officer: Any, leader: Any,
                                                          street: Any) -> None:
    from datetime import timedelta

    import pytest
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from yingji.core.models import Deadline
    from yingji.core.testing import make_user
    from yingji.incidents.services import duty

    other_leader = make_user("ja_leader2", roles=["duty_leader"], scope="420102000000")
    now = timezone.now()
    duty.create_shift({"region": street.parent, "start": now - timedelta(hours=2),
                       "end": now + timedelta(hours=6), "leaders": [leader],
                       "officers": [officer]}, actor=actor_for(leader))
    received = now - timedelta(minutes=30)
    incident = intake.receive_incident(incident_data(street, received_at=received),
                                       actor=actor_for(officer))
    first = incident.reports.get()
    handed = reports.submit_report(first, actor=actor_for(officer))
    assert handed.status == "review" and handed.submitted_at is None
    assert handed.drafted_by == officer and handed.signoff_due_at is not None
    assert handed.due_at is not None and handed.signoff_due_at <= handed.due_at  # inside the limit
    signoff = Deadline.objects.get(kind=f"report-{first.pk}-signoff")
    assert signoff.due_at == handed.signoff_due_at and signoff.responsible == leader
    assert not incident.reports.filter(kind="followup").exists()  # nothing went out yet
    with pytest.raises(PermissionDenied, match="当班带班领导"):
        reports.sign_off_report(handed, actor=actor_for(other_leader))  # not on duty
    with pytest.raises(PermissionDenied):
        reports.sign_off_report(handed, actor=actor_for(officer))
    back = reports.return_report(handed, actor=actor_for(leader), comment="伤亡数字请核实")
    assert back.status == "pending"
    handed = reports.submit_report(back, actor=actor_for(officer), content="首报正文（核实后）")
    signed = reports.sign_off_report(handed, actor=actor_for(leader))
    assert signed.status == "submitted" and signed.signed_by == leader and not signed.late
    assert signed.versions.get().content == "首报正文（核实后）"
    signoffs = Deadline.objects.filter(kind=f"report-{first.pk}-signoff")
    assert signoffs.count() == 2 and all(d.closed_at is not None for d in signoffs)
    assert incident.reports.filter(kind="followup", status="pending").exists()


def test_signoff_due_never_passes_the_report_limit() -> None:
    from datetime import datetime, timedelta

    t = datetime(2026, 1, 1, 8, 0)
    assert rules.signoff_due(t, t + timedelta(minutes=60), 15) == t + timedelta(minutes=15)
    assert rules.signoff_due(t, t + timedelta(minutes=5), 15) == t + timedelta(minutes=5)
    assert rules.signoff_due(t, t - timedelta(minutes=5), 15) == t + timedelta(minutes=15)


def test_signoff_on_the_page_and_out_of_scope(incident: Incident, officer: Any, leader: Any,
                                              outsider: Any) -> None:
    first = incident.reports.get()
    url = f"/incidents/{incident.pk}/action/"
    page = client_for(officer).post(url, {"action": "report", "kind": "first"}, follow=True)
    assert "已提交带班领导审核签发" in page.content.decode()
    first.refresh_from_db()
    assert first.status == "review"
    detail = client_for(leader).get(f"/incidents/{incident.pk}/").content.decode()
    assert "审核签发并报送" in detail
    assert "审核签发并报送" not in client_for(officer).get(f"/incidents/{incident.pk}/").content.decode()
    assert client_for(outsider).post(url, {"action": "signoff", "report": first.pk}).status_code == 404
    assert client_for(outsider).post(f"/api/v1/incidents/reports/{first.pk}/sign-off/", {},
                                     content_type="application/json").status_code == 404
    refused = client_for(officer).post(f"/api/v1/incidents/reports/{first.pk}/sign-off/", {},
                                       content_type="application/json")
    assert refused.status_code == 403 and "当班带班领导" in refused.json()["error"]["message"]
    done = client_for(leader).post(url, {"action": "signoff", "report": first.pk}, follow=True)
    assert "首报已报送" in done.content.decode()
    first.refresh_from_db()
    assert first.status == "submitted" and first.signed_by == leader


def test_a_report_waiting_for_signoff_is_still_owed(officer: Any, street: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    received = timezone.now() - timedelta(hours=3)  # 一般: due two hours after receipt
    incident = intake.receive_incident(incident_data(street, received_at=received),
                                       actor=actor_for(officer))
    reports.submit_report(incident.reports.get(), actor=actor_for(officer))
    counts = reports.report_counts(list(incident.reports.all()), timezone.now())
    assert counts == {"submitted": 0, "late": 0, "pending": 1, "overdue": 1}
    listing = client_for(officer).get("/incidents/?reports=overdue").content.decode()
    assert "江岸区某仓库火灾" in listing and "超时未报1" in listing
