"""Background jobs: the nightly audit check, and Huey on real Redis storage."""

from __future__ import annotations

import pytest
from huey import RedisHuey

from yingji.core import audit
from yingji.core.jobs import verify_audit_chain_nightly
from yingji.core.models import AuditLog, Notification
from yingji.core.testing import redis_url, system

pytestmark = pytest.mark.django_db


def test_nightly_check_alerts_auditors_when_the_chain_is_broken(auditor, duty_officer) -> None:
    for i in range(2):
        audit.record(audit.AuditAction.SECURITY, actor=system(), detail=f"entry {i}")
    assert verify_audit_chain_nightly.call_local() == 0
    assert not Notification.objects.exists()
    last = AuditLog.objects.order_by("-chain_index").first()
    AuditLog.objects.filter(pk=last.pk).update(detail="forged")
    assert verify_audit_chain_nightly.call_local() == 1
    note = Notification.objects.get()
    assert note.recipient == auditor and "审计日志完整性校验失败" in note.title


def test_huey_runs_a_task_through_redis_storage() -> None:
    huey = RedisHuey("yingji-test", url=redis_url())
    huey.flush()

    @huey.task()
    def add(a: int, b: int) -> int:
        return a + b

    result = add(2, 3)
    assert huey.pending_count() == 1
    task = huey.dequeue()
    huey.execute(task)
    assert result.get() == 5
    huey.flush()
