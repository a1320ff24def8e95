"""The case from 立案 to 结案: the proposal, the guards of each step, the periods on the
working-day calendar, the endings."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingji.core.models import AuditLog, Deadline
from yingji.core.testing import actor_for, system
from yingji.core.workflow import TransitionRefused
from yingji.enforcement.models import Case, EnforcementSettings
from yingji.enforcement.services import cases, periods, steps
from yingji.enforcement.tests.conftest import Bureau, case_data, open_test_case, standard

pytestmark = pytest.mark.django_db


def _investigated(b: Bureau, **extra: object) -> Case:
    case = steps.start_investigation(open_test_case(b, **extra), actor=actor_for(b.inspector_user))
    cases.add_record(case, {"kind": "interview", "title": "询问笔录", "content": "问：…答：…",
                            "interviewee": "张伟"}, actor=actor_for(b.inspector_user),
                     signers=b.officers)
    return case


def test_filing_proposes_the_band_and_range_and_sets_the_90_day_deadline(bureau: Bureau) -> None:
    case = open_test_case(bureau, first_offence=True, corrected=True)
    assert case.band == "minor"
    assert (case.proposed_min, case.proposed_max) == (Decimal("0"), Decimal("5000"))
    assert case.decision_due == timezone.localtime(case.filed_at).date() + timedelta(days=90)
    deadline = Deadline.objects.get(kind="case.decision", object_id=str(case.pk))
    assert timezone.localtime(deadline.due_at).date() == case.decision_due
    assert AuditLog.objects.filter(object_id=str(case.pk), action="create").exists()
    assert case.number.startswith("AJ")


def test_filing_needs_two_certified_officers(bureau: Bureau) -> None:
    with pytest.raises(ValidationError) as err:
        cases.open_case(case_data(bureau), actor=actor_for(bureau.inspector_user),
                        officers=[bureau.officers[0], bureau.expired])
    assert "officers" in err.value.message_dict
    assert not Case.objects.exists()


def test_fine_outside_range_needs_a_reason_and_legal_review(bureau: Bureau) -> None:
    case = _investigated(bureau, unit_fine=Decimal("60000"))
    assert case.band == "general"
    with pytest.raises(TransitionRefused) as err:
        steps.submit_review(case, actor=actor_for(bureau.inspector_user))
    assert "书面说明理由" in str(err.value)
    case = cases.update_case(Case.objects.get(pk=case.pk), {
        "outside_range_reason": "多次整改不到位", "unit_fine": Decimal("45000")},
        actor=actor_for(bureau.inspector_user))
    case = steps.submit_review(case, actor=actor_for(bureau.inspector_user))
    case = steps.review_case(case, actor=actor_for(bureau.legal), passed=True, comment="同意")
    assert case.state == "legal_review"


def test_submit_needs_a_record_signed_by_two(bureau: Bureau) -> None:
    case = steps.start_investigation(open_test_case(bureau), actor=actor_for(bureau.inspector_user))
    with pytest.raises(TransitionRefused) as err:
        steps.submit_review(case, actor=actor_for(bureau.inspector_user))
    assert "两名执法人员签名" in str(err.value)
    with pytest.raises(ValidationError):
        cases.add_record(case, {"content": "x"}, actor=actor_for(bureau.inspector_user),
                         signers=[bureau.officers[0], bureau.expired])


def test_whole_flow_with_working_day_periods_and_late_payment(bureau: Bureau) -> None:
    case = _investigated(bureau)
    case = steps.submit_review(case, actor=actor_for(bureau.inspector_user))
    with pytest.raises(PermissionDenied):
        steps.review_case(case, actor=actor_for(bureau.inspector_user), passed=True)
    case = steps.review_case(case, actor=actor_for(bureau.legal), passed=True)
    assert case.state == "notifying"
    case = steps.notify_party(case, actor=actor_for(bureau.inspector_user))
    assert case.statement_due is not None
    assert case.statement_due > timezone.now() + timedelta(days=2)
    assert case.hearing_request_due is None
    with pytest.raises(TransitionRefused) as err:
        steps.decide(case, actor=actor_for(bureau.leader))
    assert "陈述申辩期限未届满" in str(err.value)
    case = steps.record_statement(case, actor=actor_for(bureau.inspector_user), waived=True)
    case = steps.decide(case, actor=actor_for(bureau.leader))
    assert case.state == "decided"
    served = timezone.now()
    case = steps.serve_decision(case, actor=actor_for(bureau.inspector_user),
                                service_method="直接送达", at=served)
    assert case.payment_due == timezone.localtime(served).date() + timedelta(days=15)
    late = served + timedelta(days=17)
    with pytest.raises(ValidationError):
        steps.record_payment(case, actor=actor_for(bureau.inspector_user),
                             amount=Decimal("10000"), at=late)
    case = steps.record_payment(case, actor=actor_for(bureau.inspector_user),
                                amount=Decimal("10600"), at=late)
    assert case.surcharge == Decimal("600")
    case = steps.close_case(case, actor=actor_for(bureau.leader))
    assert case.state == "closed"


def test_national_day_holiday_and_make_up_day_in_the_three_working_days() -> None:
    from yingji.enforcement.services.periods import law_due

    # Tuesday 2025-09-30; 1–8 October 2025 is the holiday, Saturday 11 October a make-up
    # working day: the 3 working days are 9, 10 and 11 October.
    start = timezone.make_aware(datetime(2025, 9, 30, 15, 0))
    assert timezone.localtime(law_due(start, 3)).date() == datetime(2025, 10, 11).date()
    # 15 days to pay are calendar days (not a 2/3/5/7-day period).
    assert timezone.localtime(law_due(start, 15)).date() == datetime(2025, 10, 15).date()


def test_april_notice_counts_the_qingming_holiday(bureau: Bureau) -> None:
    case = _investigated(bureau)
    case = steps.review_case(steps.submit_review(case, actor=actor_for(bureau.inspector_user)),
                             actor=actor_for(bureau.legal), passed=True)
    # Thursday 2025-04-03; 4–6 April 2025 is the 清明 holiday: 3 working days end on 9 April.
    at = timezone.make_aware(datetime(2025, 4, 3, 9, 0))
    case = steps.notify_party(case, actor=actor_for(bureau.inspector_user), at=at)
    assert timezone.localtime(case.statement_due).date() == datetime(2025, 4, 9).date()


def test_major_case_goes_through_legal_review_collective_and_hearing(bureau: Bureau) -> None:
    case = _investigated(bureau, unit_fine=Decimal("30000"), refused_to_correct=True,
                         person_name="李强", person_fine=Decimal("80000"))
    assert case.is_major and case.hearing_required
    case = steps.submit_review(case, actor=actor_for(bureau.inspector_user))
    case = steps.review_case(case, actor=actor_for(bureau.legal), passed=True)
    assert case.state == "legal_review"
    with pytest.raises(PermissionDenied):  # a leader is no 法制审核员
        steps.legal_review(case, actor=actor_for(bureau.leader), passed=True)
    case = steps.legal_review(case, actor=actor_for(bureau.legal), passed=True, comment="合法")
    assert case.state == "collective"
    case = steps.collective_discussion(case, actor=actor_for(bureau.leader), passed=True,
                                       comment="局务会议讨论同意")
    case = steps.notify_party(case, actor=actor_for(bureau.inspector_user))
    assert case.hearing_request_due is not None
    case = steps.request_hearing(case, actor=actor_for(bureau.inspector_user))
    inspector = actor_for(bureau.inspector_user)
    with pytest.raises(ValidationError) as err:  # 第六十四条(二): notified seven days before
        steps.hold_hearing(case, actor=inspector, comment="听证笔录")
    assert "听证通知" in str(err.value)
    soon = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError) as err:
        steps.schedule_hearing(case, actor=inspector, hearing_at=soon, place="局三楼听证室")
    assert "七日" in str(err.value)
    hearing_at = periods.law_due(timezone.now(), 7) + timedelta(days=1)
    case = steps.schedule_hearing(case, actor=inspector, hearing_at=hearing_at, place="局三楼听证室")
    assert case.state == "hearing" and case.hearing_place == "局三楼听证室"
    with pytest.raises(ValidationError):
        steps.hold_hearing(case, actor=inspector, comment="听证笔录")  # not yet its time
    # The seven working days pass (the notified time moved to just now).
    Case.objects.filter(pk=case.pk).update(hearing_at=timezone.now() - timedelta(minutes=1))
    case.refresh_from_db()
    case = steps.hold_hearing(case, actor=inspector, comment="听证笔录")
    assert case.state == "heard"
    case = steps.legal_review(case, actor=actor_for(bureau.legal), passed=True, comment="同意")
    assert case.state == "notified"
    case = steps.decide(case, actor=actor_for(bureau.leader), waived=True)
    assert case.state == "decided"


def test_decision_after_the_deadline_needs_an_extension(bureau: Bureau) -> None:
    filed = timezone.now() - timedelta(days=100)
    case = cases.open_case(case_data(bureau), actor=actor_for(bureau.inspector_user),
                           officers=bureau.officers, filed_at=filed)
    with pytest.raises(PermissionDenied):
        cases.extend_decision(case, actor=actor_for(bureau.inspector_user), days=10, reason="x")
    with pytest.raises(ValidationError):
        cases.extend_decision(case, actor=actor_for(bureau.leader), days=40, reason="鉴定")
    case = cases.extend_decision(case, actor=actor_for(bureau.leader), days=30, reason="技术鉴定")
    assert case.decision_due == timezone.localtime(filed).date() + timedelta(days=120)


def test_first_offence_not_penalised_only_with_its_conditions(bureau: Bureau) -> None:
    case = _investigated(bureau, first_offence=True, corrected=False)
    with pytest.raises(ValidationError) as err:
        steps.decide_no_penalty(case, actor=actor_for(bureau.leader), ground="first_offence")
    assert "及时改正" in str(err.value)
    case = cases.update_case(Case.objects.get(pk=case.pk), {"corrected": True},
                             actor=actor_for(bureau.inspector_user))
    case = steps.decide_no_penalty(case, actor=actor_for(bureau.leader), ground="first_offence")
    assert case.state == "no_penalty" and case.ending == "no_penalty"


def test_transfer_to_police_is_its_own_ending(bureau: Bureau) -> None:
    case = _investigated(bureau)
    with pytest.raises(TransitionRefused):
        steps.transfer_to_police(case, actor=actor_for(bureau.leader), organ="江岸区公安分局")
    case = steps.transfer_to_police(case, actor=actor_for(bureau.leader), organ="江岸区公安分局",
                                    comment="涉嫌重大责任事故罪")
    assert case.state == "transferred" and case.ending == "transferred"
    assert not Deadline.objects.filter(object_id=str(case.pk), kind="case.decision",
                                       closed_at__isnull=True).exists()


def test_accident_and_income_standards(bureau: Bureau) -> None:
    case = open_test_case(bureau, standard=standard("CL114"), accident_grade="larger",
                          unit_fine=Decimal("1500000"))
    assert (case.proposed_min, case.proposed_max) == (Decimal("1000000"), Decimal("2000000"))
    case = open_test_case(bureau, standard=standard("CL095"), accident_grade="general",
                          person_name="王总", person_income=Decimal("250000"), unit_fine=Decimal("0"))
    assert case.person_fine == Decimal("100000")


def test_settings_change_the_hearing_threshold(bureau: Bureau) -> None:
    from yingji.core.services.settings import save_settings

    save_settings(EnforcementSettings, {"hearing_unit_threshold": Decimal("8000")}, actor=system())
    assert open_test_case(bureau).hearing_required
