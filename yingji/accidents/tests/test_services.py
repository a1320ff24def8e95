"""The record and the investigation through the services: grade history, refusals
that change nothing, deadlines, audit."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingji.accidents.models import Accident, AccidentSettings, Stage
from yingji.accidents.services import accidents, findings, investigation
from yingji.accidents.services import deadlines as dl
from yingji.accidents.tests.conftest import accident_data, seen
from yingji.core.models import AuditLog, Deadline
from yingji.core.services.objects import ScopeViolation
from yingji.core.testing import actor_for, system


def _deadline(accident: Accident, kind: str) -> Deadline:
    return Deadline.objects.get(object_id=str(accident.pk), kind=kind, closed_at__isnull=True)


def test_create_grades_by_493_and_opens_the_60_day_report_deadline(accident: Accident) -> None:
    assert accident.grade == "IV" and accident.investigating_level == "county"
    assert accident.number.startswith("SG") and accident.district_code == "420102000000"
    assert accident.report_due == timezone.localdate(accident.occurred_at) + timedelta(days=60)
    assert _deadline(accident, dl.REPORT).due_at.date() == accident.report_due
    history = list(accident.grade_changes.all())
    assert [(c.old_grade, c.new_grade, c.reason) for c in history] == [("", "IV", "初次登记")]
    assert AuditLog.objects.filter(object_id=str(accident.pk), action="create").exists()


def test_bad_input_gets_field_messages_and_changes_nothing(supervisor: Any, street: Any) -> None:
    data = accident_data(street, is_production=False, non_production_reason="", unit_name="",
                         credit_code="", causes=["bogus"])
    with pytest.raises(ValidationError) as caught:
        accidents.create_accident(data, actor=actor_for(supervisor))
    assert {"non_production_reason", "causes", "unit_name"} <= set(caught.value.message_dict)
    assert not Accident.objects.exists()


def test_outside_the_scope_is_refused(outsider: Any, street: Any) -> None:
    with pytest.raises(ScopeViolation):
        accidents.create_accident(accident_data(street), actor=actor_for(outsider))
    assert not Accident.objects.exists()


def test_a_death_later_regrades_with_history_and_moves_the_level(accident: Accident,
                                                                 supervisor: Any) -> None:
    change = accidents.change_figures(accident, expected_version=seen(accident), actor=actor_for(supervisor),
                                      reason="两名重伤者经抢救无效死亡", deaths=3)
    accident.refresh_from_db()
    assert (change.old_grade, change.new_grade, change.within_follow_up) == ("IV", "III", True)
    assert change.old_figures["deaths"] == 1 and change.new_figures["deaths"] == 3
    assert accident.grade == "III" and accident.investigating_level == "city"
    assert accident.grade_changes.count() == 2


def test_a_change_after_the_follow_up_window_keeps_the_level(supervisor: Any, street: Any) -> None:
    old = accidents.create_accident(accident_data(street, occurred_at=timezone.now() - timedelta(days=40)),
                                    actor=actor_for(supervisor))
    change = accidents.change_figures(old, expected_version=seen(old),
                                      actor=actor_for(supervisor), reason="核定", deaths=4)
    old.refresh_from_db()
    assert change.within_follow_up is False
    assert old.grade == "III" and old.investigating_level == "county"


def test_figures_change_needs_a_reason_and_a_real_change(accident: Accident, supervisor: Any) -> None:
    with pytest.raises(ValidationError):
        accidents.change_figures(accident, expected_version=seen(accident),
                                 actor=actor_for(supervisor), reason=" ", deaths=2)
    with pytest.raises(ValidationError):
        accidents.change_figures(accident, expected_version=seen(accident),
                                 actor=actor_for(supervisor), reason="核定", deaths=1)
    assert accident.grade_changes.count() == 1


def test_from_incident_takes_the_facts_over_once(supervisor: Any, street: Any) -> None:
    from yingji.core.testing import make_user
    from yingji.incidents.services import intake

    duty = make_user("ja_duty_x", roles=["duty_officer"], scope="420102000000")
    incident = intake.receive_incident({
        "title": "江岸区某厂房火灾", "received_at": timezone.now() - timedelta(hours=3),
        "source": "phone", "caller": "张三", "caller_phone": "13800000000", "region": street,
        "address": "大智街道中山大道100号", "category": "accident", "subtype": "fire",
        "deaths": 2, "serious_injuries": 1, "description": "厂房起火"}, actor=actor_for(duty))
    accident = accidents.accident_from_incident(incident, actor=actor_for(supervisor),
                                                data={"unit_name": "武汉某纺织有限公司"})
    assert accident.incident_id == incident.pk and accident.source == "incident"
    assert (accident.deaths, accident.serious_injuries, accident.industry) == (2, 1, "fire")
    assert accident.category_6441 == "08" and accident.grade == "IV"
    with pytest.raises(ValidationError):
        accidents.accident_from_incident(incident, actor=actor_for(supervisor),
                                         data={"unit_name": "武汉某纺织有限公司"})


def test_non_production_leaves_the_investigation(accident: Accident, supervisor: Any) -> None:
    accidents.update_accident(accident, {"is_production": False, "non_production_reason": "illness"},
                              expected_version=seen(accident), actor=actor_for(supervisor))
    accident.refresh_from_db()
    assert accident.state == Stage.NOT_INVESTIGATED
    assert not Deadline.objects.filter(object_id=str(accident.pk), closed_at__isnull=True).exists()


def test_the_investigation_to_closing_and_review(accident: Accident, supervisor: Any,
                                                 leader: Any) -> None:
    actor, government = actor_for(supervisor), actor_for(leader)
    accidents.change_figures(accident, expected_version=seen(accident),
                             actor=actor, reason="伤者死亡", deaths=3)
    with pytest.raises(ValidationError):  # no team yet
        investigation.submit_report(accident, expected_version=seen(accident),
                                    actor=actor, submitted_on=timezone.localdate())
    investigation.add_team_member(accident, expected_version=seen(accident),
                                  actor=actor, role="lead", name="武汉市应急管理局")
    investigation.add_team_member(accident, expected_version=seen(accident),
                                  actor=actor, role="member", name="武汉市公安局")
    today = timezone.localdate()
    done = investigation.submit_report(accident, expected_version=seen(accident),
                                       actor=actor, submitted_on=today)
    assert done.state == Stage.REPORTED and done.lead_unit == "武汉市应急管理局"
    assert done.reply_due == today + timedelta(days=15)
    assert _deadline(done, dl.REPLY).due_at.date() == done.reply_due
    assert Deadline.objects.get(object_id=str(done.pk), kind=dl.REPORT).met_on_time is True
    with pytest.raises(ValidationError):  # only 特别重大 may extend the reply
        investigation.extend_reply(done, expected_version=seen(done),
                                   actor=government, days=10, reason="补充调查")
    with pytest.raises(PermissionDenied):  # the 批复 is the government's
        investigation.record_reply(done, expected_version=seen(done),
                                   actor=actor, replied_on=today, document="武政函〔2026〕12号")
    done = investigation.record_reply(done, expected_version=seen(done), actor=government, replied_on=today,
                                      document="武政函〔2026〕12号")
    finding = findings.add_finding(done, {"subject_kind": "unit", "name": "武汉某机械制造有限公司",
                                          "responsibility": "未落实安全生产主体责任",
                                          "disposal": "penalty", "fine_wan": Decimal("150")},
                                   expected_version=seen(done), actor=actor)
    measure = findings.add_measure(done, {"content": "全面排查冲压设备安全防护装置",
                                          "owner_unit": "武汉某机械制造有限公司",
                                          "due": today + timedelta(days=30)},
                                          expected_version=seen(done), actor=actor)
    with pytest.raises(ValidationError) as refused:
        investigation.close_case(done, expected_version=seen(done), actor=government, closed_on=today)
    assert "1项整改措施未完成" in str(refused.value)
    findings.carry_out_finding(finding, expected_version=seen(finding),
                               actor=actor, note="武应急罚〔2026〕8号")
    findings.complete_measure(measure, expected_version=seen(measure),
                              actor=actor, done_on=today, result="已加装光电保护")
    with pytest.raises(PermissionDenied):  # 结案 is the 安委办's or a leader's
        investigation.close_case(done, expected_version=seen(done), actor=actor, closed_on=today)
    closed = investigation.close_case(done, expected_version=seen(done), actor=government, closed_on=today)
    assert closed.state == Stage.CLOSED and closed.review_due == today + timedelta(days=365)
    assert _deadline(closed, dl.REVIEW)
    reviewed = investigation.record_review(closed, expected_version=seen(closed),
                                           actor=government, reviewed_on=today,
                                           findings="整改措施全部落实到位，未发现反弹")
    assert reviewed.state == Stage.REVIEWED
    assert not Deadline.objects.filter(object_id=str(closed.pk), closed_at__isnull=True).exists()


def test_fine_outside_the_law_is_refused(accident: Accident, supervisor: Any) -> None:
    actor = actor_for(supervisor)
    investigation.add_team_member(accident, expected_version=seen(accident),
                                  actor=actor, role="lead", name="江岸区应急管理局")
    investigation.submit_report(accident, expected_version=seen(accident),
                                actor=actor, submitted_on=timezone.localdate())
    with pytest.raises(ValidationError) as caught:
        findings.add_finding(accident, {"subject_kind": "unit", "name": "某公司",
                                        "responsibility": "x", "disposal": "penalty",
                                        "fine_wan": Decimal("10")},
                                        expected_version=seen(accident), actor=actor_for(supervisor))
    assert "30万元以上100万元以下" in str(caught.value.message_dict["fine_wan"])
    assert not accident.findings.exists()


def test_report_extension_is_capped_and_moves_the_deadline(accident: Accident, supervisor: Any) -> None:
    actor = actor_for(supervisor)
    due = accident.report_due
    assert due is not None
    investigation.extend_report(accident, expected_version=seen(accident),
                                actor=actor, days=40, approved_by="江岸区人民政府",
                                reason="需技术鉴定")
    accident.refresh_from_db()
    assert accident.report_due == due + timedelta(days=40)
    assert _deadline(accident, dl.REPORT).due_at.date() == accident.report_due
    with pytest.raises(ValidationError) as caught:
        investigation.extend_report(accident, expected_version=seen(accident),
                                    actor=actor, days=21, approved_by="江岸区人民政府",
                                    reason="再延")
    assert "还可延长20日" in str(caught.value)


def test_report_limit_follows_the_settings(supervisor: Any, street: Any) -> None:
    from yingji.core.services.settings import save_settings

    save_settings(AccidentSettings, {"report_days": 45}, actor=system())
    accident = accidents.create_accident(accident_data(street), actor=actor_for(supervisor))
    assert accident.report_due == timezone.localdate(accident.occurred_at) + timedelta(days=45)


def test_escalation_and_supervision(accident: Accident, leader: Any) -> None:
    actor = actor_for(leader)
    with pytest.raises(ValidationError):
        investigation.escalate(accident, expected_version=seen(accident),
                               actor=actor, level="county", reason="社会影响大")
    investigation.escalate(accident, expected_version=seen(accident),
                           actor=actor, level="city", reason="社会影响大")
    due = timezone.localdate() + timedelta(days=90)
    investigation.supervise(accident, expected_version=seen(accident),
                            actor=actor, department="武汉市安委办", due=due)
    accident.refresh_from_db()
    assert accident.escalated and accident.investigating_level == "city"
    assert _deadline(accident, dl.SUPERVISION).due_at.date() == due


def test_a_reader_cannot_run_steps_and_a_district_leader_not_the_higher_levels(accident: Any) -> None:
    from yingji.core.testing import make_user
    from yingji.core.workflow import TransitionRefused

    reader = make_user("ja_zb", roles=["duty_officer"], scope="420102000000")
    with pytest.raises(PermissionDenied):
        investigation.mark_typical(accident, expected_version=seen(accident),
                                   actor=actor_for(reader), typical=True,
                                   lessons="警示教育要点不少于十个字")
    own = make_user("ja_ld", roles=["commander"], scope="420102000000")
    with pytest.raises(TransitionRefused) as refused:
        investigation.escalate(accident, expected_version=seen(accident),
                               actor=actor_for(own), level="city", reason="社会影响大")
    assert "上级" in str(refused.value)
    accident.refresh_from_db()
    assert not accident.escalated and accident.version == 0


def test_expert_from_the_resources_pool(accident: Accident, supervisor: Any) -> None:
    from yingji.resources.models import Expert

    expert = Expert.objects.create(name="周工", region_id="420100000000", specialities="机械安全",
                                   organisation="武汉理工大学")
    member = investigation.add_team_member(accident, expected_version=seen(accident),
                                           actor=actor_for(supervisor), role="expert",
                                           expert=expert)
    assert member.name == "周工（武汉理工大学）"
    expert.available = False
    expert.save()
    with pytest.raises(ValidationError):
        investigation.add_team_member(accident, expected_version=seen(accident),
                                      actor=actor_for(supervisor), role="expert",
                                      expert=expert, duty="技术鉴定")


def test_penalty_finding_opens_an_enforcement_case(supervisor: Any, street: Any) -> None:
    from yingji.enforcement.models import Case
    from yingji.enforcement.tests.conftest import make_bureau

    bureau = make_bureau()
    accident = accidents.create_accident(accident_data(street, enterprise=bureau.enterprise, unit_name=""),
                                         actor=actor_for(supervisor))
    actor = actor_for(supervisor)
    investigation.add_team_member(accident, expected_version=seen(accident),
                                  actor=actor, role="lead", name="江岸区应急管理局")
    investigation.submit_report(accident, expected_version=seen(accident),
                                actor=actor, submitted_on=timezone.localdate())
    finding = findings.add_finding(accident, {"subject_kind": "unit", "name": bureau.enterprise.name,
                                              "responsibility": "未落实安全生产主体责任",
                                              "disposal": "penalty", "fine_wan": Decimal("50")},
                                   expected_version=seen(accident), actor=actor)
    with pytest.raises(ValidationError) as refused:  # a registered enterprise's penalty goes to a case
        findings.carry_out_finding(finding, expected_version=seen(finding), actor=actor,
                                   note="武应急罚〔2026〕8号")
    assert "尚未移交执法立案" in str(refused.value.message_dict["finding"])
    finding.refresh_from_db()
    assert not finding.carried_out
    with pytest.raises(PermissionDenied):  # a supervisor does not file cases
        findings.open_enforcement_case(finding, expected_version=seen(finding),
                                       actor=actor, officers=bureau.officers)
    case = findings.open_enforcement_case(finding, expected_version=seen(finding),
                                          actor=actor_for(bureau.inspector_user),
                                          officers=bureau.officers)
    finding.refresh_from_db()
    assert finding.enforcement_ref == case.number
    stored = Case.objects.get(pk=case.pk)
    assert stored.enterprise == bureau.enterprise and stored.accident_grade == "general"
    assert stored.standard.code == "CL114" and stored.unit_fine == Decimal("500000")
    with pytest.raises(ValidationError):
        findings.open_enforcement_case(finding, expected_version=seen(finding),
                                       actor=actor_for(bureau.inspector_user),
                                       officers=bureau.officers)
    done = findings.carry_out_finding(finding, expected_version=seen(finding), actor=actor,
                                      note=f"{case.number} 处罚决定")
    assert done.carried_out
