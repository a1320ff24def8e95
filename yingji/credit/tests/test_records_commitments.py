"""Credit records collected from enforcement and accidents through their services,
hand entries limited to what no module records; commitments signed by the enterprise,
missing ones flagged to the supervising officer; the effects other modules read."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.core.services.objects import ScopeViolation
from yingji.core.testing import actor_for, make_user, system
from yingji.credit.models import CommitmentPlan, CreditEvent, SafetyCommitment
from yingji.credit.services import commitments, effects, records
from yingji.credit.tests.conftest import decided_case, listed_since
from yingji.enforcement.services import penalties
from yingji.enforcement.tests.conftest import Bureau
from yingji.enterprises import services as enterprise_services

pytestmark = pytest.mark.django_db


def test_a_penalty_decision_becomes_one_record_linked_to_its_case(ja: Bureau) -> None:
    case = decided_case(ja)
    assert records.collect_events(actor=system()) == 1
    assert records.collect_events(actor=system()) == 0  # idempotent
    # A decision that found 拒不改正 adds its own record (the case's flag, as enforcement says).
    real = penalties.penalty_decisions()
    with mock.patch.object(penalties, "penalty_decisions",
                           return_value=[replace(d, refused_to_correct=True) for d in real]):
        assert records.collect_events(actor=system()) == 1
    penalty = CreditEvent.objects.get(kind="penalty")
    assert (penalty.enterprise, penalty.source, penalty.source_id) == (ja.enterprise, "enforcement.case",
                                                                       case.pk)
    assert penalty.department == ja.department and penalty.region_id == case.region_id
    assert records.source_link(penalty) == f"/enforcement/cases/{case.pk}/"
    assert CreditEvent.objects.filter(kind="refused_rectify", source_id=case.pk).exists()
    with pytest.raises(ValidationError, match="不能手工修改"):
        records.update_event(penalty, {"summary": "改"}, actor=actor_for(ja.legal))


def test_only_false_reports_and_refusals_are_entered_by_hand(ja: Bureau) -> None:
    base = {"subject_type": "enterprise", "enterprise": ja.enterprise, "occurred_on": timezone.localdate(),
            "summary": "出具虚假检测报告"}
    with pytest.raises(ValidationError, match="自动归集"):
        records.create_event({**base, "kind": "penalty"}, actor=actor_for(ja.inspector_user))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        records.create_event({**base, "kind": "false_report",
                              "occurred_on": timezone.localdate() + timedelta(days=1)},
                             actor=actor_for(ja.inspector_user))
    assert not CreditEvent.objects.exists()
    event = records.create_event({**base, "kind": "false_report"}, actor=actor_for(ja.inspector_user))
    assert event.region == ja.enterprise.region and event.subject_name == ja.enterprise.name


def test_an_enterprise_signs_its_commitment_once_per_slot_and_only_its_own(ja: Bureau, wc: Bureau,
                                                                           owner) -> None:
    commitments.create_plan({"enterprise": ja.enterprise, "frequency": "shift", "shifts": 2},
                            actor=system())
    with pytest.raises(ValidationError, match="班次"):
        commitments.sign_commitment({"enterprise": ja.enterprise, "shift": 3, "signer": "张三"},
                                    actor=actor_for(owner))
    first = commitments.sign_commitment({"enterprise": ja.enterprise, "shift": 1, "signer": "张三"},
                                        actor=actor_for(owner))
    assert first.text and first.signed_by == owner
    with pytest.raises(ValidationError, match="已签署"):
        commitments.sign_commitment({"enterprise": ja.enterprise, "shift": 1, "signer": "张三"},
                                    actor=actor_for(owner))
    with pytest.raises(ValidationError, match="只能签署当日"):
        commitments.sign_commitment({"enterprise": ja.enterprise, "shift": 2, "signer": "张三",
                                     "day": timezone.localdate() - timedelta(days=1)},
                                    actor=actor_for(owner))
    with pytest.raises(ScopeViolation):
        commitments.sign_commitment({"enterprise": wc.enterprise, "signer": "张三"},
                                    actor=actor_for(owner))
    assert SafetyCommitment.objects.count() == 1


def test_per_shift_is_for_high_risk_enterprises(ja: Bureau) -> None:
    ja.enterprise.industry = "industry_trade"
    with pytest.raises(ValidationError, match="高危企业"):
        commitments.create_plan({"enterprise": ja.enterprise, "frequency": "shift", "shifts": 2},
                                actor=system())
    assert not CommitmentPlan.objects.exists()


def test_missing_commitments_reach_the_supervising_officer(ja: Bureau, owner) -> None:
    officer = make_user("ja_officer", roles=["supervisor"], scope=ja.department.region_id)
    enterprise_services.update_enterprise(ja.enterprise, {"supervising_officer": officer},
                                          actor=system())
    assert commitments.plan_high_risk(type(ja.enterprise).objects.all(), actor=system()) >= 1
    today = timezone.localdate()
    assert ja.enterprise.pk in [m.enterprise_id for m in commitments.missing_on(
        CommitmentPlan.objects.all(), today)]
    assert commitments.flag_missing(actor=system()) >= 1
    message = officer.notifications.get()
    assert ja.enterprise.name in message.body and "未签署安全承诺" in message.title
    commitments.sign_commitment({"enterprise": ja.enterprise, "signer": "张三"}, actor=actor_for(owner))
    assert ja.enterprise.pk not in [m.enterprise_id for m in commitments.missing_on(
        CommitmentPlan.objects.all(), today)]


def test_a_listed_enterprise_gets_the_badge_and_more_planned_visits(ja: Bureau, wc: Bureau) -> None:
    listed_since(ja, timezone.localdate() - timedelta(days=10))
    assert effects.badge(ja.enterprise.pk) == "严重失信" and effects.badge(wc.enterprise.pk) == ""
    assert effects.planned_visits(ja.enterprise.pk, 1) == 4
    assert effects.planned_visits(wc.enterprise.pk, 1) == 1
    assert effects.planned_visits_many({ja.enterprise.pk: 3, wc.enterprise.pk: 2}) == {
        ja.enterprise.pk: 6, wc.enterprise.pk: 2}
    rows = effects.joint_punishment_rows()
    assert [r.subject_name for r in rows] == [ja.enterprise.name]
