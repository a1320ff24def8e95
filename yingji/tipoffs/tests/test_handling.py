"""Handling: triage, assignment with its limit, the result and what it leads to (a
hazard or an inspection through their modules' services), duplicates, the reward's
vote, decision and payment, and the reporter's view."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yingji.core.models import Deadline
from yingji.core.testing import actor_for, make_user
from yingji.core.workflow import TransitionRefused
from yingji.enforcement.tests.conftest import make_inspector
from yingji.hazards.models import Hazard
from yingji.tipoffs.models import Tipoff, TipoffReward, TipoffVote
from yingji.tipoffs.services import handling, publicity, rewards
from yingji.tipoffs.tests.conftest import submit

pytestmark = pytest.mark.django_db


def verifying(duty: Any, bureau: Any, **extra: Any) -> Tipoff:
    tipoff, _ = submit(**extra)
    tipoff = handling.accept(tipoff, actor=actor_for(duty))
    return handling.assign(tipoff, actor=actor_for(duty), department=bureau)


def test_accept_assign_sets_the_verification_deadline(duty: Any, bureau: Any, supervisor: Any) -> None:
    tipoff = verifying(duty, bureau)
    assert tipoff.state == "verifying" and tipoff.department == bureau
    assert tipoff.verify_due_at is not None and tipoff.assigned_at is not None
    assert (tipoff.verify_due_at - tipoff.assigned_at).days == 60
    deadline = Deadline.objects.get(object_id=str(tipoff.pk), kind="tipoffs.verify", closed_at=None)
    assert deadline.responsible == supervisor
    assert Deadline.objects.get(object_id=str(tipoff.pk), kind="tipoffs.triage").closed_at is not None


def test_suggested_department_follows_enterprise_then_district(bureau: Any, enterprise: Any) -> None:
    tipoff, _ = submit()
    assert handling.suggest_department(tipoff) == bureau


def test_verified_true_registers_a_hazard_and_proposes_the_reward(
        duty: Any, bureau: Any, supervisor: Any, enterprise: Any, committee: list[Any]) -> None:
    tipoff = verifying(duty, bureau, enterprise=enterprise)
    tipoff = handling.conclude(tipoff, actor=actor_for(supervisor), outcome="true",
                               findings="现场查实存放液化气钢瓶40余只", disposal="hazard",
                               fine_amount=Decimal("50000"))
    assert tipoff.state == "verified"
    hazard = Hazard.objects.get(pk=tipoff.hazard.pk if tipoff.hazard else 0)
    assert hazard.source == "public_report" and hazard.grade == "major"
    assert hazard.data["tipoff"] == {"id": tipoff.pk, "number": tipoff.number}
    assert "张三丰" not in hazard.description
    # The enterprise reads the hazard: the verifier's findings, never the complaint's words.
    assert tipoff.description not in hazard.description
    assert hazard.description == "群众举报核查属实：现场查实存放液化气钢瓶40余只"
    reward = TipoffReward.objects.get(tipoff=tipoff)
    assert reward.state == "proposed" and reward.proposed_amount == Decimal("7500")

    with pytest.raises(ValidationError):  # no votes yet
        rewards.approve(reward, actor=actor_for(committee[0]), amount=Decimal("7500"))
    # Each member votes on the page as it was loaded: another's vote never makes it stale.
    rewards.vote(reward, actor=actor_for(committee[0]), vote="for", amount=Decimal("7500"))
    rewards.vote(reward, actor=actor_for(committee[1]), vote="against", comment="证据不足")
    rewards.vote(reward, actor=actor_for(committee[1]), vote="for")  # a member changes the vote
    reward = rewards.vote(reward, actor=actor_for(committee[2]), vote="abstain")
    assert TipoffVote.objects.filter(reward=reward).count() == 3
    assert rewards.tally(reward) == {"for": 2, "against": 0, "abstain": 1}
    with pytest.raises(ValidationError):
        rewards.approve(reward, actor=actor_for(committee[0]), amount=Decimal("400000"))
    reward = rewards.approve(reward, actor=actor_for(committee[0]), amount=Decimal("7500"))
    reward = rewards.pay(reward, actor=actor_for(committee[0]), voucher="JL-2026-001")
    assert reward.state == "paid" and reward.voucher == "JL-2026-001" and reward.paid_on is not None

    tipoff = handling.answer(tipoff, actor=actor_for(duty), reply="经核查属实，已责令整改并立案处罚")
    progress = publicity.progress_of(tipoff)
    assert progress.outcome == "属实" and "立案" in progress.reply and all(done for _, done in progress.steps)


def test_only_the_committee_decides_and_only_staff_in_scope_verify(
        duty: Any, bureau: Any, supervisor: Any, wc_supervisor: Any, enterprise: Any) -> None:
    tipoff = verifying(duty, bureau, enterprise=enterprise)
    with pytest.raises((PermissionDenied, ValidationError)):
        handling.conclude(tipoff, actor=actor_for(wc_supervisor), outcome="false", findings="不属实")
    with pytest.raises(PermissionDenied):
        handling.conclude(tipoff, actor=actor_for(duty), outcome="false", findings="不属实")
    tipoff = handling.conclude(Tipoff.objects.get(pk=tipoff.pk), actor=actor_for(supervisor),
                               outcome="partly", findings="部分属实", disposal="none")
    reward = TipoffReward.objects.get(tipoff=tipoff)
    with pytest.raises(PermissionDenied):
        rewards.vote(reward, actor=actor_for(supervisor), vote="for")


def test_bad_result_changes_nothing(duty: Any, bureau: Any, supervisor: Any) -> None:
    tipoff = verifying(duty, bureau)  # no enterprise of the registry
    with pytest.raises(ValidationError) as caught:
        handling.conclude(tipoff, actor=actor_for(supervisor), outcome="true", findings="属实",
                          disposal="hazard")
    assert "disposal" in caught.value.message_dict
    with pytest.raises(TransitionRefused):
        handling.conclude(tipoff, actor=actor_for(supervisor), outcome="false", findings=" ")
    tipoff.refresh_from_db()
    assert tipoff.state == "verifying" and tipoff.outcome == "" and not Hazard.objects.exists()


def test_inspection_disposal_records_an_enforcement_inspection(duty: Any, bureau: Any,
                                                               enterprise: Any) -> None:
    officer = make_user("ja_tip_insp", roles=["inspector"], real_name="执法员甲")
    officer.department = bureau
    officer.save(update_fields=["department"])
    inspectors = [make_inspector(officer, bureau, name="执法员甲"),
                  make_inspector(None, bureau, name="执法员乙")]
    tipoff = verifying(duty, bureau, enterprise=enterprise, kind="illegal")
    tipoff = handling.conclude(tipoff, actor=actor_for(officer), outcome="true", findings="无证经营属实",
                               disposal="inspection", inspectors=inspectors)
    assert tipoff.inspection is not None
    assert tipoff.inspection.source == "complaint" and tipoff.inspection.enterprise == enterprise
    assert tipoff.description not in tipoff.inspection.summary
    assert "群众举报核查属实：无证经营属实" in tipoff.inspection.summary
    assert TipoffReward.objects.get(tipoff=tipoff).proposed_amount == Decimal("3000")


def test_duplicates_are_linked_and_only_the_first_valid_is_rewarded(
        duty: Any, bureau: Any, supervisor: Any, enterprise: Any) -> None:
    first = verifying(duty, bureau, enterprise=enterprise)
    second, _ = submit(enterprise=enterprise, ip="203.0.113.99", phone="13911112222", name="王五")
    second = handling.mark_duplicate(second, actor=actor_for(duty), original=first)
    assert second.state == "duplicate" and second.original == first and first.number in second.reply
    with pytest.raises(ValidationError):
        handling.mark_duplicate(first, actor=actor_for(duty), original=second)
    first = handling.conclude(first, actor=actor_for(supervisor), outcome="true", findings="属实",
                              disposal="none")
    assert TipoffReward.objects.filter(tipoff=first).exists()
    assert not rewards.first_valid(second)
    second.outcome = "true"  # even if it were verified on its own
    assert "最先举报人" in rewards.proposal(second).basis


def test_rejection_tells_the_reporter_why(duty: Any) -> None:
    tipoff, _ = submit()
    with pytest.raises(TransitionRefused):
        handling.reject(tipoff, actor=actor_for(duty), reason="")
    tipoff = handling.reject(Tipoff.objects.get(pk=tipoff.pk), actor=actor_for(duty),
                             reason="不属于安全生产领域，请向市场监管部门反映")
    progress = publicity.progress_of(tipoff)
    assert progress.state == "不予受理" and "市场监管" in progress.reply


def test_audit_rows_keep_no_identity_mark(duty: Any, bureau: Any) -> None:
    from yingji.core.models import AuditLog

    tipoff = verifying(duty, bureau, insider=True)
    rows = list(AuditLog.objects.filter(object_id=str(tipoff.pk)))
    assert rows
    for row in rows:
        for snap in (row.before or {}, row.after or {}):
            assert not {"insider", "received_by_id", "source_key", "secret_hash"} & set(snap)
