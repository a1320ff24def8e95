"""The demo builder on a few 江岸区 enterprises: rolls with valid, expiring and expired
certificates and gaps, sessions with exams, 三级安全教育 records, all audited."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core.demo.registry import DemoContext
from yingji.core.models import AuditLog
from yingji.core.testing import system
from yingji.enterprises.tests.factories import make_enterprise
from yingji.training.demo import build_training
from yingji.training.models import Attendance, Certificate, CertifiedPerson, NewWorkerTraining
from yingji.training.services import coverage

pytestmark = pytest.mark.django_db


def test_demo_builds_a_roll_with_gaps(db: Any) -> None:
    for n in range(1, 9):
        make_enterprise(100 + n, name=f"演示测试化工有限公司{n}", principal=f"负责人{n}",
                        safety_manager=f"安全员{n}")
    build_training(DemoContext(system(), 1, lambda text: None))
    people = CertifiedPerson.objects.all()
    assert people.count() >= 8 * 3
    report = coverage.coverage(people)
    assert 0 < report.total.covered < report.total.required  # some gaps, mostly covered
    assert Certificate.objects.count() > 20
    assert Attendance.objects.filter(passed=True).exists()
    assert NewWorkerTraining.objects.exists()
    assert AuditLog.objects.filter(object_type="training.certificate").count() == Certificate.objects.count()
    build_training(DemoContext(system(), 1, lambda text: None))  # a second run adds nothing
    assert CertifiedPerson.objects.count() == people.count()
