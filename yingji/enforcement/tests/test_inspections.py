"""Inspections: two certified inspectors without conflict, a hazard through the hazards
module's service, a violation opening a case, 责令限期整改 with its re-check task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from yingji.core.models import Deadline
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
