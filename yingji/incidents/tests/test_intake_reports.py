"""Intake: grade suggestion, contradiction warning, enterprise matching; reports with
deadlines, late reports, versions and the Word document; the casualty follow-up."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.core.models import Deadline, DomainEvent
from yingji.core.testing import actor_for
from yingji.incidents.models import GradeCriterion, Incident, InfoReport, ReportRule
from yingji.incidents.services import intake, reports
from yingji.incidents.services.common import incident_timeline
from yingji.incidents.tests.conftest import incident_data


def test_intake_takes_the_493_grade_and_opens_the_first_report(officer: Any, street: Any) -> None:
    received = timezone.now() - timedelta(minutes=10)
    incident = intake.receive_incident(
        incident_data(street, subtype="hazchem", deaths=4, received_at=received),
        actor=actor_for(officer))
    assert (incident.grade, incident.suggested_grade, incident.grade_warning) == ("III", "III", "")
    first = incident.reports.get()
    assert (first.kind, first.status) == ("first", "pending")
    assert first.due_at == received + timedelta(minutes=60)  # 较大: 60 minutes by default
    assert first.report_to == "省应急管理厅"
    deadline = Deadline.objects.get(kind=f"report-{first.pk}")
    assert deadline.due_at == first.due_at and deadline.closed_at is None
    assert incident.received_by == officer


def test_chosen_grade_contradicting_casualties_is_kept_and_warned(officer: Any, street: Any) -> None:
    incident = intake.receive_incident(incident_data(street, subtype="production", deaths=12,
                                                     grade="IV"), actor=actor_for(officer))
    assert incident.grade == "IV"  # nothing lost: the officer's choice stays
    assert incident.suggested_grade == "II"
    assert incident.grade_warning == "所选等级“一般”低于按伤亡和损失计算的等级“重大”，请核实"
    summaries = [e.summary for e in incident_timeline(incident)]
    assert any("等级提示" in s and "重大" in s for s in summaries)
    # The leader's later decision re-evaluates the warning.
    fixed = intake.set_grade(incident, "II", actor=actor_for(officer))
    assert fixed.grade_warning == ""


def test_configured_criteria_grade_other_events(officer: Any, street: Any) -> None:
    env = intake.suggest_grade("accident", "environment", {"relocated": 12000})
    assert env.grade == "II" and "环境" in env.basis
    GradeCriterion.objects.filter(subtype="environment", metric="relocated", grade="II").update(
        threshold=20000)  # administrators edit the table
    assert intake.suggest_grade("accident", "environment", {"relocated": 12000}).grade == "III"
    assert intake.suggest_grade("social", "mass", {"deaths": 5}).grade is None


def test_bad_classification_and_coordinates_are_refused(officer: Any, street: Any) -> None:
    with pytest.raises(ValidationError) as info:
        intake.receive_incident(incident_data(street, category="natural", subtype="fire"),
                                actor=actor_for(officer))
    assert "属于事故灾难" in str(info.value)
    with pytest.raises(ValidationError, match="经纬度是否填反"):
        intake.receive_incident(incident_data(street, longitude=30.59, latitude=114.29),
                                actor=actor_for(officer))
    assert Incident.objects.count() == 0


def test_enterprise_matched_by_name_or_point(officer: Any, street: Any) -> None:
    from yingji.enterprises.tests.factories import make_enterprise

    near = make_enterprise(1, name="武汉江岸长江化工有限公司", longitude=114.3001, latitude=30.6001)
    by_name = intake.receive_incident(incident_data(
        street, title="武汉江岸长江化工有限公司储罐泄漏", subtype="hazchem", longitude=None,
        latitude=None), actor=actor_for(officer))
    assert by_name.enterprise == near
    by_point = intake.receive_incident(incident_data(street, longitude=114.3010, latitude=30.6005),
                                       actor=actor_for(officer))
    assert by_point.enterprise == near  # about 100 m away
    far = intake.receive_incident(incident_data(street, longitude=114.32, latitude=30.62),
                                  actor=actor_for(officer))
    assert far.enterprise is None


def test_late_report_is_accepted_marked_and_counted(officer: Any, leader: Any,
                                                    street: Any) -> None:
    received = timezone.now() - timedelta(hours=3)
    incident = intake.receive_incident(incident_data(street, received_at=received),
                                       actor=actor_for(officer))
    first = incident.reports.get()
    handed = reports.submit_report(first, actor=actor_for(officer),
                                   at=received + timedelta(minutes=140))
    submitted = reports.sign_off_report(handed, actor=actor_for(leader),
                                        at=received + timedelta(minutes=150))
    assert submitted.late and submitted.late_minutes == 30  # 一般: 120 minutes
    assert submitted.content.startswith("关于江岸区某仓库火灾的首报")
    assert "迟报30分钟" in DomainEvent.objects.filter(event_type="report.submitted").get().summary
    deadline = Deadline.objects.get(kind=f"report-{first.pk}")
    assert deadline.met_on_time is False
    # The next 续报 is owed from the submission.
    follow = incident.reports.get(kind="followup")
    assert submitted.submitted_at is not None
    assert follow.due_at == submitted.submitted_at + timedelta(hours=24)
    counts = reports.report_counts(list(incident.reports.all()), timezone.now())
    assert counts == {"submitted": 1, "late": 1, "pending": 1, "overdue": 0}
    with pytest.raises(ValidationError, match="修改正文请保存新版本"):
        reports.submit_report(first, actor=actor_for(officer))


def test_report_limits_are_configurable(officer: Any, street: Any) -> None:
    ReportRule.objects.filter(grade="IV", category="").update(first_minutes=360)
    incident = intake.receive_incident(incident_data(street), actor=actor_for(officer))
    assert incident.reports.get().due_at == incident.received_at + timedelta(minutes=360)


def test_versions_are_kept_and_the_word_document_opens(incident: Incident, officer: Any,
                                                       leader: Any) -> None:
    from docx import Document

    handed = reports.submit_report(incident.reports.get(), actor=actor_for(officer),
                                   content="首报正文\n第一段")
    report = reports.sign_off_report(handed, actor=actor_for(leader))
    reports.revise_report(report, "首报正文（修订）\n补充情况", actor=actor_for(officer))
    versions = list(report.versions.order_by("number"))
    assert [v.content.splitlines()[0] for v in versions] == ["首报正文", "首报正文（修订）"]
    document = Document(io.BytesIO(reports.docx_bytes(versions[1])))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "首报正文（修订）" in text and "补充情况" in text
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "第2版" in cells and leader.real_name in cells and "武汉市江岸区应急管理局值班室" in cells


def test_casualty_change_inside_the_window_opens_a_supplement(incident: Incident,
                                                             officer: Any) -> None:
    updated = intake.update_figures(incident, {"deaths": 3}, actor=actor_for(officer))
    assert updated.suggested_grade == "III" and "较大" in updated.grade_warning
    supplement = incident.reports.get(kind="supplement")
    assert supplement.status == "pending" and "死亡0→3" in supplement.reason


def test_casualty_change_after_the_7_day_window_is_recorded_without_supplement(
        officer: Any, street: Any) -> None:
    occurred = timezone.now() - timedelta(days=8)
    incident = intake.receive_incident(incident_data(street, occurred_at=occurred,
                                                     received_at=occurred), actor=actor_for(officer))
    intake.update_figures(incident, {"deaths": 1}, actor=actor_for(officer))
    assert not incident.reports.filter(kind="supplement").exists()
    assert any("补报期限之后" in e.summary for e in incident_timeline(incident))


def test_future_times_are_refused(incident: Incident, officer: Any) -> None:
    with pytest.raises(ValidationError, match="不能晚于当前时间"):
        reports.submit_report(incident.reports.get(), actor=actor_for(officer),
                              at=timezone.now() + timedelta(hours=1))
    assert InfoReport.objects.get(incident=incident).status == "pending"


def test_serious_incident_alerts_leaders_in_scope(officer: Any, leader: Any, street: Any) -> None:
    from yingji.core.models import Notification
    from yingji.core.testing import make_user

    far = make_user("wc_leader2", roles=["duty_leader"], scope="420106000000")
    city = make_user("wh_cmd", roles=["commander"], scope="420100000000")
    intake.receive_incident(incident_data(street), actor=actor_for(officer))  # 一般: no alert
    assert not Notification.objects.exists()
    intake.receive_incident(incident_data(street, subtype="production", deaths=3, grade="IV"),
                            actor=actor_for(officer))  # chosen 一般, rule 较大: alerted
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {leader.username, city.username} and far.username not in told
    assert Notification.objects.filter(requires_ack=True).count() == 2
