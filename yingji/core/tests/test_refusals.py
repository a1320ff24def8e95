"""Refusals are security events (issue 14 item 6): an out-of-scope read, a refused
permission and a tampered token are audited, rate-limited, filterable by the auditor,
and a burst from one account notifies the auditors."""

from __future__ import annotations

import pytest
from django.test import Client

from yingji.core.models import AuditLog, Department, Notification
from yingji.core.models.audit import AuditAction
from yingji.core.services.objects import create_object
from yingji.core.testing import JIANGAN, WUCHANG, client_for, make_user, region, system

pytestmark = pytest.mark.django_db


def _denied() -> list[AuditLog]:
    return list(AuditLog.objects.filter(action=AuditAction.DENIED).order_by("chain_index"))


def test_an_out_of_scope_read_is_recorded_once_a_minute_and_a_missing_one_not() -> None:
    other = create_object(Department, {"name": "武昌区某科", "region": region(WUCHANG), "kind": "bureau"},
                          actor=system())
    client = client_for(make_user("probe_ja", roles=("admin",), scope=JIANGAN))
    for _ in range(3):
        assert client.get(f"/api/v1/departments/{other.pk}/").status_code == 404
    entries = _denied()
    assert len(entries) == 1
    assert entries[0].detail.startswith("越权访问") and entries[0].object_id == str(other.pk)
    assert entries[0].success is False and entries[0].actor_label
    assert client.get("/api/v1/departments/99999999/").status_code == 404
    assert len(_denied()) == 1  # an object that does not exist is no probe


def test_a_refused_permission_and_a_tampered_token_are_recorded() -> None:
    client = client_for(make_user("no_perm", roles=("public",), scope=JIANGAN))
    assert client.get("/api/v1/users/").status_code == 403
    assert Client().get("/api/v1/users/", HTTP_AUTHORIZATION="Token yj_forged.key").status_code == 401
    kinds = [e.detail.split("：")[0] for e in _denied()]
    assert kinds == ["权限不足被拒绝", "无效或被篡改的接口令牌"]


def test_the_auditor_filters_them_and_a_burst_alerts(settings, auditor) -> None:
    settings.SECURITY_BURST_COUNT = 3
    targets = [create_object(Department, {"name": f"武昌区第{n}科", "region": region(WUCHANG),
                                          "kind": "bureau"}, actor=system()) for n in range(4)]
    prober = make_user("walker", roles=("admin",), scope=JIANGAN)
    client = client_for(prober)
    for target in targets:  # walking through ids: one entry per object
        client.get(f"/api/v1/departments/{target.pk}/")
    assert len(_denied()) == 4
    alerts = Notification.objects.filter(recipient=auditor, title__contains="频繁越权")
    assert alerts.count() == 1  # once per burst
    listed = client_for(auditor).get("/api/v1/audit-logs/", {"action": "denied"}).json()
    assert listed["count"] == 4
