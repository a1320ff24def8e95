"""Inspections: two certified inspectors without conflict, a hazard through the hazards
module's service, a violation opening a case, 责令限期整改 with its re-check task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from yingji.core.models import Deadline, Notification
from yingji.core.testing import actor_for, client_for, system
from yingji.enforcement.models import FindingKind, Inspection
from yingji.enforcement.services import inspections, people
from yingji.enforcement.tests.conftest import Bureau, standard
from yingji.hazards.models import Hazard

pytestmark = pytest.mark.django_db


def _inspection(b: Bureau, **extra: object) -> Inspection:
    return inspections.record_inspection({"enterprise": b.enterprise, "source": "plan",
                                          "method": "covert", **extra},
                                         actor=actor_for(b.inspector_user), inspectors=b.officers)


def test_an_expired_certificate_or_a_declared_conflict_refuses_the_inspection(bureau: Bureau) -> None:
    with pytest.raises(ValidationError):
        inspections.record_inspection({"enterprise": bureau.enterprise, "source": "plan"},
                                      actor=system(), inspectors=[bureau.officers[0], bureau.expired])
    people.declare_conflict({"inspector": bureau.officers[1], "enterprise": bureau.enterprise,
                             "reason": "配偶任职"}, actor=system())
    with pytest.raises(ValidationError) as err:
        _inspection(bureau)
    assert "回避" in str(err.value)
    with pytest.raises(ValidationError) as err:
        inspections.record_inspection({"enterprise": bureau.enterprise, "source": "plan",
                                       "method": "joint"}, actor=system(), inspectors=bureau.officers)
    assert "joint_departments" in err.value.message_dict
    assert not Inspection.objects.exists()


def test_a_hazard_finding_is_registered_in_the_hazard_ledger_with_its_inspection(bureau: Bureau) -> None:
    inspection = _inspection(bureau)
    finding = inspections.add_finding(inspection, {"kind": FindingKind.HAZARD,
                                                   "description": "消防通道堵塞"}, actor=system())
    assert finding.hazard_id is not None
    hazard = Hazard.objects.get(pk=finding.hazard_id)
    assert hazard.source == "enforcement"
    assert hazard.enterprise_id == bureau.enterprise.pk
    assert hazard.data["inspection"]["number"] == inspection.number
    page = client_for(bureau.inspector_user).get(reverse("hazard_detail", args=[hazard.pk]))
    assert reverse("inspection_detail", args=[inspection.pk]) in page.content.decode()


def test_a_violation_opens_a_case_once(bureau: Bureau) -> None:
    inspection = _inspection(bureau)
    with pytest.raises(ValidationError):
        inspections.add_finding(inspection, {"kind": FindingKind.VIOLATION, "description": "x"},
                                actor=system())
    finding = inspections.add_finding(inspection, {
        "kind": FindingKind.VIOLATION, "standard": standard("CL099-1"),
        "description": "未设置安全警示标志"}, actor=system())
    case = inspections.open_case_from_finding(finding, actor=actor_for(bureau.inspector_user),
                                              officers=bureau.officers)
    assert case.inspection_id == inspection.pk and case.standard.code == "CL099-1"
    finding.refresh_from_db()
    with pytest.raises(ValidationError):
        inspections.open_case_from_finding(finding, actor=system(), officers=bureau.officers)


def test_order_sets_the_recheck_task_and_recheck_closes_it(bureau: Bureau) -> None:
    inspection = _inspection(bureau)
    with pytest.raises(ValidationError):
        inspections.order_rectification(inspection, actor=system(), due=timezone.localdate(),
                                        content="整改")
    due = timezone.localdate() + timedelta(days=10)
    inspection = inspections.order_rectification(inspection, actor=actor_for(bureau.inspector_user),
                                                 due=due, content="恢复可燃气体报警")
    task = Deadline.objects.get(kind="inspection.recheck", object_id=str(inspection.pk))
    assert task.responsible_id == bureau.inspector_user.pk
    assert timezone.localtime(task.due_at).date() == due + timedelta(days=1)
    inspection = inspections.recheck(inspection, actor=actor_for(bureau.inspector_user),
                                     passed=False, comment="仍未整改")
    assert inspection.state == "failed"
    task.refresh_from_db()
    assert task.closed_at is not None
    assert Notification.objects.filter(recipient=bureau.leader, title="整改复查不合格").exists()


def test_the_page_offers_the_inspection_steps_from_their_declarations(bureau: Bureau) -> None:
    inspection = _inspection(bureau)
    client = client_for(bureau.inspector_user)
    url = reverse("inspection_detail", args=[inspection.pk])
    text = client.get(url).content.decode()
    assert 'data-step="order"' in text and 'data-step="finish"' in text
    assert 'data-step="recheck"' not in text
    step = reverse("inspection_step", args=[inspection.pk])
    # A missing date: the step's form says which field, in Chinese; nothing changes.
    page = client.post(step, {"name": "order", "version": inspection.version,
                              "content": "恢复报警"}, follow=True).content.decode()
    assert "整改期限" in page and "必填" in page
    page = client.post(step, {"name": "nonsense"}, follow=True).content.decode()
    assert "未知的操作：nonsense" in page
    inspection.refresh_from_db()
    assert inspection.state == "recorded"
    due = timezone.localdate() + timedelta(days=7)
    page = client.post(step, {"name": "order", "version": inspection.version,
                              "due": due.isoformat(), "content": "恢复报警"}, follow=True).content.decode()
    assert "已责令限期整改，复查任务已生成" in page
    inspection.refresh_from_db()
    assert inspection.state == "rectifying" and inspection.rectification_due == due
    assert 'data-step="recheck"' in client.get(url).content.decode()


def test_the_api_runs_the_same_steps_with_field_errors_and_stale_versions(bureau: Bureau) -> None:
    inspection = _inspection(bureau)
    client = client_for(bureau.inspector_user)
    url = f"/api/v1/enforcement/inspections/{inspection.pk}/step/"
    bad = client.post(url, {"name": "order", "content": "整改"}, content_type="application/json")
    assert bad.status_code == 400 and "due" in bad.json()["error"]["fields"]
    unknown = client.post(url, {"name": "fly"}, content_type="application/json")
    assert unknown.status_code == 400 and "name" in unknown.json()["error"]["fields"]
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    stale = client.post(url, {"name": "order", "due": due, "content": "整改", "version": 7},
                        content_type="application/json")
    assert stale.status_code == 409
    done = client.post(url, {"name": "order", "due": due, "content": "整改",
                             "version": inspection.version}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "rectifying"
    passed = client.post(url, {"name": "recheck", "passed": True, "comment": "已整改",
                               "version": inspection.version + 1}, content_type="application/json")
    assert passed.status_code == 200 and passed.json()["state"] == "passed"
    assert not Deadline.objects.filter(kind="inspection.recheck", object_id=str(inspection.pk),
                                       closed_at=None).exists()
