"""The demo builder on a district bureau with decided cases: records collected, commitments
with some missing today, entries at each step, the old listing removed on its day and a
repair waiting; all audited, and a second run adds nothing."""

from __future__ import annotations

import pytest

from yingji.core.demo.registry import DemoContext
from yingji.core.models import AuditLog
from yingji.core.testing import system
from yingji.credit import demo
from yingji.credit.models import CommitmentPlan, CreditEvent, DishonestyEntry, RemovalApplication
from yingji.credit.services import commitments
from yingji.credit.tests.conftest import decided_case
from yingji.enforcement.tests.conftest import Bureau
from yingji.enterprises.tests.factories import make_enterprise

pytestmark = pytest.mark.django_db


def test_demo_shows_every_step(ja: Bureau, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "BUREAU", ja.department.name)
    made = [make_enterprise(300 + n, name=f"演示信用化工有限公司{n}") for n in range(6)]
    for enterprise in made[:3]:
        decided_case(ja, enterprise=enterprise)
    demo.build_credit(DemoContext(system(), 1, lambda text: None))
    states = sorted(DishonestyEntry.objects.values_list("state", flat=True))
    assert states == ["listed", "listed", "listed", "noticed", "proposed", "removed"]
    assert CreditEvent.objects.filter(kind="penalty").count() == 3
    assert RemovalApplication.objects.filter(state="submitted").count() == 1
    from django.utils import timezone

    missing = commitments.missing_on(CommitmentPlan.objects.all(), timezone.localdate())
    assert 0 < len(missing) < CommitmentPlan.objects.count()
    assert AuditLog.objects.filter(object_type="credit.dishonestyentry").exists()
    demo.build_credit(DemoContext(system(), 1, lambda text: None))
    assert DishonestyEntry.objects.count() == 6
