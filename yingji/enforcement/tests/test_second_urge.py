"""A 催告 ends an instalment schedule; the party may then apply again (行政处罚法 第六十六条):
approved, the new schedule covers what is left of the fine and resumes payment by
instalments, and when one of its instalments is missed a second 催告 is served (行政强制法
第五十四条), with its own ten working days before the court."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.core.models import Deadline
from yingji.core.testing import actor_for
from yingji.enforcement import rules
from yingji.enforcement.models import Instalment, PaymentArrangement
from yingji.enforcement.services import arrangements, steps
from yingji.enforcement.tests.conftest import Bureau
from yingji.enforcement.tests.test_arrangements import _pdf, _reviewed, _schedule

pytestmark = pytest.mark.django_db
D = Decimal


def _open_kinds(case) -> set[str]:
    return set(Deadline.objects.filter(object_id=str(case.pk), kind__startswith="case.",
                                       closed_at__isnull=True).values_list("kind", flat=True))


def test_a_resumed_schedule_missed_again_is_urged_a_second_time(bureau: Bureau) -> None:
    inspector, legal, leader = (actor_for(u) for u in (bureau.inspector_user, bureau.legal, bureau.leader))
    case = arrangements.approve_arrangement(_reviewed(bureau), actor=leader,
                                            schedule=_schedule(("4000", 20), ("6000", 50)))
    first_due = case.payment_due
    assert first_due is not None
    case = arrangements.pay_instalment(case, actor=inspector, amount=D("4000"))
    missed = timezone.now() + timedelta(days=55)  # the 6,000 instalment went unpaid
    case = steps.urge_party(case, actor=inspector, at=missed)
    assert case.state == "urged"
    # Urged: the rest is owed at once; the party applies again, from 已催告.
    case = arrangements.apply_arrangement(case, actor=inspector, kind="instalments",
                                          reason="资金回笼延迟，请求重新分期", evidence=_pdf())
    assert case.state == "arranging"
    case = arrangements.review_arrangement(case, actor=legal, passed=True, comment="符合第六十六条")
    resumed_at = missed + timedelta(days=1)
    day = timezone.localtime(resumed_at).date()
    with pytest.raises(ValidationError) as err:  # the new schedule covers what is left: 6,000
        arrangements.approve_arrangement(case, actor=leader, at=resumed_at,
                                         schedule=[(D("5000"), day + timedelta(days=10)),
                                                   (D("5000"), day + timedelta(days=40))])
    assert "须等于罚款总额6,000.00元" in err.value.message_dict["schedule"][0]
    case = arrangements.approve_arrangement(case, actor=leader, at=resumed_at,
                                            schedule=[(D("3000"), day + timedelta(days=10)),
                                                      (D("3000"), day + timedelta(days=40))])
    assert case.state == "executing" and case.urge_due is None
    assert case.payment_due == day + timedelta(days=10)
    states = dict(PaymentArrangement.objects.filter(case=case).values_list("pk", "state"))
    assert sorted(states.values()) == ["approved", "superseded"]
    assert [(i.seq, i.amount) for i in arrangements.unpaid(case)] == [(3, D("3000")), (4, D("3000"))]
    kinds = _open_kinds(case)
    assert {"case.instalment.3", "case.instalment.4"} <= kinds and "case.urge" not in kinds
    assert arrangements.owed(case, day) == (D("0"), D("0"))  # nothing due yet: the schedule runs
    # No third application while the resumed schedule runs.
    with pytest.raises(ValidationError) as err:
        arrangements.apply_arrangement(case, actor=inspector, kind="deferral", reason="再次申请",
                                       evidence=_pdf())
    assert "不能重复申请" in str(err.value)
    # Not before its first instalment is missed …
    with pytest.raises(ValidationError) as err:
        steps.urge_party(case, actor=inspector, at=resumed_at + timedelta(days=5))
    assert "缴款期限尚未届满" in str(err.value)
    # … then a second 催告, with its own ten working days.
    again = resumed_at + timedelta(days=12)
    case = steps.urge_party(case, actor=inspector, at=again)
    assert case.state == "urged" and case.urged_at == again and case.urge_due is not None
    assert case.urge_due > again and "case.urge" in _open_kinds(case)
    assert not any(k.startswith("case.instalment") for k in _open_kinds(case))
    # Urged again, the rest of the new schedule falls due at once with its 加处罚款.
    today = timezone.localtime(again).date()
    surcharge = rules.late_surcharge(D("3000"), (today - (day + timedelta(days=10))).days)
    assert surcharge > 0 and arrangements.owed(case, today) == (D("6000"), surcharge)
    case = steps.record_payment(case, actor=inspector, amount=D("6000") + surcharge, at=again)
    assert case.state == "executed" and case.paid_amount == D("10000") + surcharge
    assert not Instalment.objects.filter(case=case, paid_at=None, arrangement__state="approved").exists()


def test_a_refused_application_after_the_urge_returns_the_case_to_urged(bureau: Bureau) -> None:
    inspector, legal, leader = (actor_for(u) for u in (bureau.inspector_user, bureau.legal, bureau.leader))
    case = arrangements.approve_arrangement(_reviewed(bureau), actor=leader,
                                            schedule=_schedule(("4000", 20), ("6000", 50)))
    case = steps.urge_party(case, actor=inspector, at=timezone.now() + timedelta(days=25))
    urge_due = case.urge_due
    case = arrangements.apply_arrangement(case, actor=inspector, kind="deferral",
                                          reason="请求延期", evidence=_pdf())
    case = arrangements.review_arrangement(case, actor=legal, passed=False, comment="证明材料不足")
    assert case.state == "urged" and case.urge_due == urge_due
    case = arrangements.apply_arrangement(case, actor=inspector, kind="deferral",
                                          reason="补充材料后再次申请", evidence=_pdf())
    case = arrangements.review_arrangement(case, actor=legal, passed=True, comment="同意")
    case = arrangements.refuse_arrangement(case, actor=leader, comment="不符合条件")
    assert case.state == "urged" and case.urge_due == urge_due
