"""Every case step checks who acts before what is asked (a person without the step's
permission gets 403, never a date or input error), and 陈述申辩 is a workflow step like
the others (state, permission, stale version, audit and timeline from core.workflow)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from yingji.core.models import AuditLog, DomainEvent
from yingji.core.testing import actor_for, client_for
from yingji.core.workflow import TransitionRefused
from yingji.enforcement.models import Case
from yingji.enforcement.services import steps
from yingji.enforcement.tests.conftest import Bureau
from yingji.enforcement.tests.test_case_law import _notified
from yingji.enforcement.tests.test_cases import _investigated

pytestmark = pytest.mark.django_db


def test_the_statement_is_a_workflow_step(bureau: Bureau) -> None:
    inspector = actor_for(bureau.inspector_user)
    filed = _investigated(bureau)
    with pytest.raises(TransitionRefused) as wrong_state:
        steps.record_statement(filed, actor=inspector, statement="请求从轻")
    assert wrong_state.value.message_dict["state"] == ["当前状态为“调查取证”，不能执行“登记陈述申辩”"]
    case = _notified(bureau)
    with pytest.raises(PermissionDenied):  # the leader decides, the officer records
        steps.record_statement(case, actor=actor_for(bureau.legal), statement="请求从轻")
    with pytest.raises(ValidationError) as refused:
        steps.record_statement(case, actor=inspector)
    assert refused.value.message_dict == {"statement": ["请填写陈述申辩意见，或勾选当事人放弃"]}
    assert Case.objects.get(pk=case.pk).version == case.version
    done = steps.record_statement(case, actor=inspector, statement="已整改，请求从轻",
                                  expected_version=case.version)
    assert (done.state, done.statement, done.version) == ("notified", "已整改，请求从轻", case.version + 1)
    assert DomainEvent.objects.filter(event_type="case.record_statement", object_id=str(case.pk)).exists()
    assert AuditLog.objects.filter(object_id=str(case.pk), detail__contains="登记陈述申辩").exists()


def test_the_statement_step_on_the_page_and_the_api(bureau: Bureau) -> None:
    case = _notified(bureau)
    client = client_for(bureau.inspector_user)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'data-step="record_statement"' in page and "当事人书面放弃陈述申辩和听证" in page
    answer = client.post(f"/api/v1/enforcement/cases/{case.pk}/transition/",
                         {"name": "record_statement", "waived": True, "version": case.version},
                         content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert Case.objects.get(pk=case.pk).waived
    stale = client.post(f"/api/v1/enforcement/cases/{case.pk}/transition/",
                        {"name": "record_statement", "statement": "再次", "version": case.version},
                        content_type="application/json")
    assert stale.status_code == 409


def test_a_late_decision_by_someone_who_may_not_decide_is_a_permission_refusal(bureau: Bureau) -> None:
    case = _notified(bureau)
    Case.objects.filter(pk=case.pk).update(decision_due=timezone.localdate() - timedelta(days=1))
    case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        steps.decide(case, actor=actor_for(bureau.inspector_user), waived=True)
    answer = client_for(bureau.inspector_user).post(
        f"/api/v1/enforcement/cases/{case.pk}/transition/", {"name": "decide", "waived": True,
                                                       "version": case.version},
        content_type="application/json")
    assert answer.status_code == 403
    with pytest.raises(ValidationError) as refused:  # the leader is told the date
        steps.decide(case, actor=actor_for(bureau.leader), waived=True)
    assert "已超过作出处罚决定期限" in refused.value.message_dict["state"][0]
    assert Case.objects.get(pk=case.pk).state == "notified"


def test_a_late_hearing_request_by_someone_who_may_not_record_it_is_a_permission_refusal(
    bureau: Bureau,
) -> None:
    case = _notified(bureau)
    Case.objects.filter(pk=case.pk).update(hearing_required=True,
                                           hearing_request_due=timezone.now() - timedelta(hours=1))
    case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        steps.request_hearing(case, actor=actor_for(bureau.legal))
    with pytest.raises(ValidationError) as refused:
        steps.request_hearing(case, actor=actor_for(bureau.inspector_user))
    assert refused.value.message_dict["state"] == ["已超过听证申请期限（告知后5个工作日）"]
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.state, fresh.hearing_requested) == ("notified", False)
