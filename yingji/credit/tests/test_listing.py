"""The serious-dishonesty list: 谁处罚谁决定, the notice and statement period, the
decision (Word), publication, removal on the day, early removal with its review and its
revocation; refusals in Chinese that change nothing."""

from __future__ import annotations

import io
from datetime import timedelta
from unittest import mock

import docx
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.core.models import AuditLog, Deadline, DomainEvent
from yingji.core.testing import actor_for, make_user, system
from yingji.core.workflow import TransitionRefused
from yingji.credit.forms import ENTRY_STEPS
from yingji.credit.models import CommitmentKind, DishonestyEntry, RemovalApplication
from yingji.credit.services import commitments, documents, effects, listing
from yingji.credit.tests.conftest import decided_case, ground, listed_since, propose
from yingji.enforcement.tests.conftest import Bureau

pytestmark = pytest.mark.django_db


def test_only_the_penalising_bureau_may_list(ja: Bureau, wc: Bureau) -> None:
    case = decided_case(ja)
    with pytest.raises(ValidationError) as refused:
        listing.propose_entry({"case": case, "ground": ground(), "facts": "拒不履行",
                               "department": wc.department}, actor=actor_for(wc.legal))
    assert "谁处罚谁决定" in str(refused.value)
    with pytest.raises(ValidationError) as other_case:
        listing.propose_entry({"case": case, "ground": ground(), "facts": "拒不履行"},
                              actor=actor_for(make_user("wc_staff", roles=["legal_reviewer"],
                                                        scope=ja.enterprise.region_id,
                                                        department=wc.department)))
    assert "谁处罚谁决定" in str(other_case.value)
    assert not DishonestyEntry.objects.exists()
    entry = propose(ja, case)
    assert (entry.state, entry.department, entry.enterprise) == ("proposed", ja.department,
                                                                 ja.enterprise)
    assert entry.subject_name == ja.enterprise.name


def test_a_case_not_yet_decided_cannot_ground_a_listing(ja: Bureau) -> None:
    from yingji.enforcement.tests.conftest import open_test_case

    with pytest.raises(ValidationError, match="尚未作出行政处罚决定"):
        listing.propose_entry({"case": open_test_case(ja), "ground": ground(), "facts": "x"},
                              actor=actor_for(ja.legal))


def test_another_bureau_is_offered_no_step_and_refused_if_it_tries(ja: Bureau, wc: Bureau) -> None:
    entry = propose(ja)
    city_legal = make_user("city_legal", roles=["legal_reviewer"], scope="420100000000",
                           department=wc.department)
    assert ENTRY_STEPS.available(entry, actor_for(city_legal)) == []
    with pytest.raises(TransitionRefused, match="谁处罚谁决定"):
        listing.notify_entry(entry, actor=actor_for(city_legal))
    entry.refresh_from_db()
    assert entry.state == "proposed" and entry.noticed_at is None


def test_notice_opens_the_statement_period_and_the_decision_waits_for_it(ja: Bureau, owner) -> None:
    entry = listing.notify_entry(propose(ja), actor=actor_for(ja.legal))
    assert entry.state == "noticed" and entry.statement_due is not None
    deadline = Deadline.objects.get(kind=listing.STATEMENT, object_id=str(entry.pk))
    assert deadline.waiting and deadline.due_at == entry.statement_due
    assert owner.notifications.filter(title__contains="拟将").exists()
    with pytest.raises(ValidationError, match="届满前不能作出列入决定"):
        listing.decide_entry(entry, actor=actor_for(ja.legal))
    entry.refresh_from_db()
    assert entry.state == "noticed" and entry.listed_on is None
    later = entry.statement_due + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        entry = listing.decide_entry(entry, actor=actor_for(ja.legal))
    assert entry.state == "listed" and entry.number.startswith("应急信列〔")
    assert entry.remove_on is not None and entry.listed_on is not None
    assert (entry.remove_on.year - entry.listed_on.year) == 3
    assert entry.published_at is not None
    assert Deadline.objects.get(pk=deadline.pk).closed_at is not None


def test_the_party_states_its_case_and_the_decision_answers_it(ja: Bureau, owner) -> None:
    entry = listing.notify_entry(propose(ja), actor=actor_for(ja.legal))
    assert [s.name for s in ENTRY_STEPS.available(entry, actor_for(owner))] == ["state"]
    entry = listing.state_case(entry, actor=actor_for(owner), statement="罚款已缴纳，请求不予列入")
    with pytest.raises(ValidationError) as refused:
        listing.decide_entry(entry, actor=actor_for(ja.legal))
    assert "采纳情况" in str(refused.value)
    entry = listing.decide_entry(entry, actor=actor_for(ja.legal), reply="缴纳罚款不影响认定，不予采纳")
    assert entry.state == "listed" and entry.statement_reply.startswith("缴纳罚款")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(
        documents.export_decision(entry, actor=actor_for(ja.legal)))).paragraphs)
    assert entry.number in text and "罚款已缴纳，请求不予列入" in text and "应急管理部令第11号" in text
    assert AuditLog.objects.filter(action="export", object_id=str(entry.pk)).exists()


def test_the_daily_job_removes_each_listing_on_its_day_and_records_it(ja: Bureau) -> None:
    today = timezone.localdate()
    due = listed_since(ja, today.replace(year=today.year - 3))
    assert due.remove_on == today
    kept = listed_since(ja, today - timedelta(days=30), code="G05", number="岸应急信列〔2026〕9号")
    assert listing.remove_expired(actor=system(), today=today - timedelta(days=1)) == 0
    assert listing.remove_expired(actor=system(), today=today) == 1
    due.refresh_from_db()
    kept.refresh_from_db()
    assert (due.state, due.removed_on, due.removal_kind) == ("removed", today, "expiry")
    assert kept.state == "listed"
    assert DomainEvent.objects.filter(object_id=str(due.pk), event_type="dishonesty.remove").exists()
    assert effects.listed_ids() == {kept.enterprise_id}


def test_early_removal_after_the_minimum_period_reviewed_and_revoked_for_fraud(ja: Bureau, owner) -> None:
    today = timezone.localdate()
    young = listed_since(ja, today - timedelta(days=100))
    with pytest.raises(ValidationError, match="方可申请提前移出"):
        listing.apply_early_removal({"entry": young, "penalty_paid": True, "rectified": True,
                                     "statement": "已整改"}, actor=actor_for(owner))
    young.delete()
    entry = listed_since(ja, today - timedelta(days=400))
    with pytest.raises(ValidationError, match="已签署信用承诺书"):
        listing.apply_early_removal({"entry": entry, "penalty_paid": True, "rectified": True,
                                     "statement": "已整改"}, actor=actor_for(owner))
    assert not RemovalApplication.objects.exists()
    commitments.sign_commitment({"enterprise": ja.enterprise, "kind": CommitmentKind.CREDIT,
                                 "signer": "法定代表人", "text": "依法履行主体责任"},
                                actor=actor_for(owner))
    application = listing.apply_early_removal({"entry": entry, "penalty_paid": True,
                                               "rectified": True, "statement": "已整改"},
                                              actor=actor_for(owner))
    assert application.commitment is not None and application.state == "submitted"
    application = listing.approve_application(application, actor=actor_for(ja.legal), comment="同意")
    entry.refresh_from_db()
    assert (application.state, entry.state, entry.removal_kind) == ("approved", "removed", "early")
    application = listing.revoke_application(application, actor=actor_for(ja.legal),
                                             comment="整改材料系伪造")
    entry.refresh_from_db()
    assert (application.state, entry.state, entry.removed_on) == ("revoked", "listed", None)
    assert effects.is_listed(ja.enterprise.pk)


def test_the_enterprise_cannot_review_its_own_application(ja: Bureau, owner) -> None:
    entry = listed_since(ja, timezone.localdate() - timedelta(days=400))
    commitments.sign_commitment({"enterprise": ja.enterprise, "kind": CommitmentKind.CREDIT,
                                 "signer": "法定代表人", "text": "承诺"}, actor=actor_for(owner))
    application = listing.apply_early_removal({"entry": entry, "penalty_paid": True,
                                               "rectified": True, "statement": "已整改"},
                                              actor=actor_for(owner))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        listing.approve_application(application, actor=actor_for(owner))
    entry.refresh_from_db()
    assert entry.state == "listed"
