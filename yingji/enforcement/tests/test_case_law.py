"""The case's legal safeguards: no decision heavier than the notice (行政处罚法 第四十四、
四十五条) nor past the hearing and major-case thresholds it did not go through (第五十七、
五十八、六十三条); the party's periods are waiting periods, every period closed by its
step; stale versions refused; one case per finding; publication and reminders claimed."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from yingji.core import calendar
from yingji.core.models import AuditLog, Deadline, Notification
from yingji.core.services.deadlines import check_deadlines
from yingji.core.services.settings import save_settings
from yingji.core.testing import actor_for, client_for, system
from yingji.core.workflow import StaleObject
from yingji.enforcement.models import Case, DocumentKind, EnforcementSettings, Finding, FindingKind
from yingji.enforcement.services import inspections, penalties, periods, steps
from yingji.enforcement.services.documents import CASE_DOCUMENTS, may_issue
from yingji.enforcement.tests.conftest import Bureau, make_bureau, standard
from yingji.enforcement.tests.test_cases import _investigated

pytestmark = pytest.mark.django_db


def _notified(b: Bureau, **extra: object) -> Case:
    case = _investigated(b, **extra)
    case = steps.review_case(steps.submit_review(case, actor=actor_for(b.inspector_user)),
                             actor=actor_for(b.legal), passed=True)
    return steps.notify_party(case, actor=actor_for(b.inspector_user))


def _open(case: Case) -> dict[str, Deadline]:
    return {d.kind: d for d in Deadline.objects.filter(object_id=str(case.pk), kind__startswith="case.",
                                                       closed_at__isnull=True)}


def test_a_decision_heavier_than_the_notice_is_refused_and_changes_nothing(bureau: Bureau) -> None:
    case = _notified(bureau)
    assert case.notified_unit_fine == Decimal("10000")
    leader = actor_for(bureau.leader)
    with pytest.raises(ValidationError) as err:
        steps.decide(case, actor=leader, unit_fine=Decimal("12000"), waived=True)
    assert "重新告知" in str(err.value) and "第四十五条" in str(err.value)
    with pytest.raises(ValidationError) as err:
        steps.decide(case, actor=leader, measures=["warning"], waived=True)
    assert "告知书未载明的处罚种类" in str(err.value)
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.state, fresh.unit_fine, fresh.decided_at) == ("notified", Decimal("10000"), None)
    lighter = steps.decide(fresh, actor=leader, unit_fine=Decimal("8000"), waived=True)
    assert (lighter.state, lighter.unit_fine) == ("decided", Decimal("8000"))


def test_a_decision_reaching_the_hearing_threshold_needs_the_hearing_notice(bureau: Bureau) -> None:
    case = _notified(bureau)
    assert not case.hearing_required and case.hearing_request_due is None
    save_settings(EnforcementSettings, {"hearing_unit_threshold": Decimal("9000")}, actor=system())
    with pytest.raises(ValidationError) as err:
        steps.decide(case, actor=actor_for(bureau.leader), waived=True)
    assert "听证告知书" in str(err.value)
    # Back to 告知: the new notice opens the hearing right under the threshold in force.
    case = steps.renotify(Case.objects.get(pk=case.pk), actor=actor_for(bureau.leader),
                          comment="罚款达到听证标准，重新告知")
    assert case.state == "investigating" and case.notified_at is None
    assert not _open(case).keys() & {periods.STATEMENT, periods.HEARING_REQUEST}
    case = steps.review_case(steps.submit_review(case, actor=actor_for(bureau.inspector_user)),
                             actor=actor_for(bureau.legal), passed=True)
    case = steps.notify_party(case, actor=actor_for(bureau.inspector_user))
    assert case.hearing_required and case.hearing_request_due is not None
    assert steps.decide(case, actor=actor_for(bureau.leader), waived=True).state == "decided"


def test_a_decision_making_the_case_major_needs_its_reviews(bureau: Bureau) -> None:
    case = _notified(bureau)
    save_settings(EnforcementSettings, {"major_case_threshold": Decimal("9000"),
                                        "hearing_unit_threshold": Decimal("50000")}, actor=system())
    with pytest.raises(ValidationError) as err:
        steps.decide(case, actor=actor_for(bureau.leader), waived=True)
    assert "集体讨论" in str(err.value)


def test_the_party_periods_wait_without_escalation_and_every_period_is_closed(bureau: Bureau) -> None:
    case = _notified(bureau, unit_fine=Decimal("30000"), refused_to_correct=True,
                     outside_range_reason="拒不改正")
    case = Case.objects.get(pk=case.pk)
    open_ = _open(case)
    assert {periods.DECISION, periods.STATEMENT} <= open_.keys()
    statement = open_[periods.STATEMENT]
    assert statement.waiting and statement.escalation_chain == []
    assert not open_[periods.DECISION].waiting and open_[periods.DECISION].escalation_chain
    later = max(d.due_at for d in open_.values() if d.waiting) + timedelta(minutes=1)
    check_deadlines(later)
    assert not Notification.objects.filter(recipient=bureau.leader).exists()
    assert list(Notification.objects.filter(recipient=bureau.inspector_user)
                .values_list("title", flat=True)) == [f"期限届满：{statement.title}"]
    statement.refresh_from_db()
    assert statement.closed_at is not None and statement.overdue_at is None


def test_deciding_closes_the_hearing_request_period(bureau: Bureau) -> None:
    save_settings(EnforcementSettings, {"hearing_unit_threshold": Decimal("5000")}, actor=system())
    case = _notified(bureau)
    assert periods.HEARING_REQUEST in _open(case)
    case = steps.decide(case, actor=actor_for(bureau.leader), waived=True)
    assert _open(case).keys() == {periods.SERVICE, periods.PUBLISH}
    case = steps.serve_decision(case, actor=system(), service_method="直接送达")
    assert _open(case).keys() == {periods.PUBLISH, periods.PAYMENT}
    assert _open(case)[periods.PAYMENT].waiting
    penalties.publish_decision(case, actor=actor_for(bureau.leader))
    assert _open(case).keys() == {periods.PAYMENT}


def test_a_statement_on_a_stale_version_is_refused(bureau: Bureau) -> None:
    case = _notified(bureau)
    seen = case.version
    steps.record_statement(case, actor=actor_for(bureau.inspector_user), statement="已整改，请求从轻",
                           expected_version=seen)
    with pytest.raises(StaleObject):
        steps.record_statement(case, actor=actor_for(bureau.inspector_user), waived=True,
                               expected_version=seen)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.statement == "已整改，请求从轻" and not fresh.waived
    assert periods.STATEMENT not in _open(fresh)  # the party has stated: its period is done


def _violation(b: Bureau) -> Finding:
    inspection = inspections.record_inspection({"enterprise": b.enterprise, "source": "plan"},
                                               actor=actor_for(b.inspector_user), inspectors=b.officers)
    return inspections.add_finding(inspection, {
        "kind": FindingKind.VIOLATION, "standard": standard("CL099-1"),
        "description": "未设置安全警示标志"}, actor=system())


def test_a_second_request_on_the_same_stale_finding_opens_no_second_case(bureau: Bureau) -> None:
    finding = _violation(bureau)
    stale = Finding.objects.get(pk=finding.pk)
    inspections.open_case_from_finding(finding, actor=actor_for(bureau.inspector_user),
                                       officers=bureau.officers)
    with pytest.raises(ValidationError) as err:
        inspections.open_case_from_finding(stale, actor=actor_for(bureau.inspector_user),
                                           officers=bureau.officers)
    assert "已立案" in str(err.value)
    assert Case.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_requests_open_one_case_from_a_finding() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locking is tested on PostgreSQL (set YINGJI_DATABASE_URL)")
    b = make_bureau("r")
    finding = _violation(b)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def open_it() -> None:
        try:
            barrier.wait()
            inspections.open_case_from_finding(Finding.objects.get(pk=finding.pk),
                                               actor=actor_for(b.inspector_user), officers=b.officers)
            outcomes.append("opened")
        except BaseException as exc:
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_it) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("opened") == 1, outcomes
    assert any("已立案" in o for o in outcomes if o != "opened"), outcomes
    assert Case.objects.filter(inspection=finding.inspection).count() == 1


def test_publication_needs_a_leader_and_happens_once(bureau: Bureau) -> None:
    case = _notified(bureau)
    case = steps.serve_decision(steps.decide(case, actor=actor_for(bureau.leader), waived=True),
                                actor=system(), service_method="直接送达")
    with pytest.raises(PermissionDenied):
        penalties.publish_decision(case, actor=actor_for(bureau.inspector_user))
    assert Case.objects.get(pk=case.pk).published_at is None
    penalties.publish_decision(case, actor=actor_for(bureau.leader))
    assert penalties.publish_served(actor=system()) == 0
    penalties.publish_decision(case, actor=actor_for(bureau.leader))
    assert AuditLog.objects.filter(object_id=str(case.pk), detail="公开行政处罚决定").count() == 1


def test_a_reminder_job_run_twice_reminds_once(bureau: Bureau) -> None:
    from yingji.enforcement.services import people
    from yingji.enforcement.services.reminders import remind_certificates

    today = timezone.localdate()
    people.update_inspector(bureau.officers[0], {"certificate_expires_on": today + timedelta(days=7)},
                            actor=system())
    assert remind_certificates(actor=system(), today=today) == 1
    assert remind_certificates(actor=system(), today=today) == 0
    assert Notification.objects.filter(recipient=bureau.inspector_user, title="执法证即将到期").count() == 1


def test_the_court_is_asked_only_after_the_payment_and_suit_periods_within_three_months(
        bureau: Bureau) -> None:
    from yingji.enforcement import rules

    assert rules.court_window(timezone.localdate().replace(month=1, day=10)) == (
        timezone.localdate().replace(month=7, day=11), timezone.localdate().replace(month=10, day=11))
    case = _notified(bureau)
    served = timezone.now()
    case = steps.serve_decision(steps.decide(case, actor=actor_for(bureau.leader), waived=True),
                                actor=system(), service_method="直接送达", at=served)
    leader = actor_for(bureau.leader)
    inspector = actor_for(bureau.inspector_user)
    with pytest.raises(ValidationError) as err:
        steps.apply_to_court(case, actor=leader, comment="逾期不缴纳罚款", at=served + timedelta(days=200))
    assert "须先送达催告书" in str(err.value)
    # 催告 only once the payment period ended unpaid (行政强制法 第五十四条).
    with pytest.raises(ValidationError) as err:
        steps.urge_party(case, actor=inspector, at=served + timedelta(days=3))
    assert "缴款期限尚未届满" in str(err.value)
    urged_at = served + timedelta(days=190)
    case = steps.urge_party(case, actor=inspector, at=urged_at)
    assert case.state == "urged"
    assert case.urge_due == calendar.due_at(urged_at, 10, "workdays")
    assert periods.URGE in _open(case) and _open(case)[periods.URGE].waiting
    assert periods.PAYMENT not in _open(case)
    with pytest.raises(ValidationError) as err:
        steps.urge_party(case, actor=inspector, at=urged_at)
    for moment, words in ((urged_at + timedelta(days=5), "催告书送达十个工作日后"),
                          (served + timedelta(days=300), "期限已于")):
        with pytest.raises(ValidationError) as err:
            steps.apply_to_court(case, actor=leader, comment="逾期不缴纳罚款", at=moment)
        assert words in str(err.value)
    assert Case.objects.get(pk=case.pk).state == "urged"
    case = steps.apply_to_court(case, actor=leader, comment="逾期不缴纳罚款",
                                at=case.urge_due + timedelta(days=1))
    assert case.state == "court" and case.surcharge == case.total_fine  # capped at the fine
    assert periods.PAYMENT not in _open(case) and periods.URGE not in _open(case)


def test_the_suit_period_still_holds_the_court_back_after_the_urge(bureau: Bureau) -> None:
    case = _notified(bureau)
    served = timezone.now()
    case = steps.serve_decision(steps.decide(case, actor=actor_for(bureau.leader), waived=True),
                                actor=system(), service_method="直接送达", at=served)
    case = steps.urge_party(case, actor=system(), at=served + timedelta(days=20))
    with pytest.raises(ValidationError) as err:
        steps.apply_to_court(case, actor=actor_for(bureau.leader), comment="逾期不缴纳罚款",
                             at=served + timedelta(days=40))
    assert "起诉期限" in str(err.value)
    # The leader's page says why instead of offering a button that can only be refused.
    page = client_for(bureau.leader).get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'data-step="court" data-held="1"' in page and "缴款期限尚未届满" in page
    assert "催告履行期限" in page
    # Paid after the urge: the urge period ends and the case is executed.
    case = steps.record_payment(case, actor=system(), amount=case.total_fine * 2,
                                at=served + timedelta(days=41))
    assert case.state == "executed" and periods.URGE not in _open(case)
    assert "催告书" in dict((k, DocumentKind(k).label) for k in CASE_DOCUMENTS
                           if may_issue(case, k)).values()


def test_a_decision_not_published_in_time_is_overdue_and_escalated_to_the_leaders(bureau: Bureau) -> None:
    case = steps.decide(_notified(bureau), actor=actor_for(bureau.leader), waived=True)
    publish = _open(case)[periods.PUBLISH]
    assert not publish.waiting and publish.due_at == case.publish_due
    check_deadlines(publish.due_at + timedelta(minutes=1))
    publish.refresh_from_db()
    assert publish.overdue_at is not None
    assert Notification.objects.filter(recipient=bureau.leader, title__contains="处罚决定公开期限").exists()


def test_a_step_refuses_the_wrong_role_before_it_looks_at_the_dates(bureau: Bureau) -> None:
    """The workflow's state, permission and scope come first: a legal reviewer asking for
    催告 too early, or a hearing notice without a time, is told it may not, not why the
    date is wrong."""
    case = steps.serve_decision(steps.decide(_notified(bureau), actor=actor_for(bureau.leader),
                                             waived=True), actor=system(), service_method="直接送达")
    with pytest.raises(PermissionDenied):
        steps.urge_party(case, actor=actor_for(bureau.legal), at=timezone.now() + timedelta(days=3))
    with pytest.raises(ValidationError) as err:
        steps.urge_party(case, actor=actor_for(bureau.inspector_user), at=timezone.now() + timedelta(days=3))
    assert "缴款期限尚未届满" in str(err.value)
    with pytest.raises(ValidationError) as err:
        steps.schedule_hearing(case, actor=actor_for(bureau.legal), place="第一会议室")
    assert "不能执行" in str(err.value)  # the state, before the missing time
    assert Case.objects.get(pk=case.pk).version == case.version
