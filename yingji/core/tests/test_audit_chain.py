"""The audit log is append-only and tamper-evident."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction

from yingji.core import audit
from yingji.core.models import AuditLog, Department
from yingji.core.services.objects import create_object, update_object
from yingji.core.testing import JIANGAN, actor_for, region, system

pytestmark = pytest.mark.django_db


def _drop_append_only_guard() -> None:
    """What an attacker with database-owner rights would do first. (The test database
    runs without the triggers; see conftest.audit_guard.)"""


def _three_entries() -> list[AuditLog]:
    for i in range(3):
        audit.record(audit.AuditAction.SECURITY, actor=system(), detail=f"entry {i}")
    return list(AuditLog.objects.order_by("chain_index"))[-3:]


def test_create_and_update_are_logged_with_before_and_after(city_admin) -> None:
    actor = actor_for(city_admin)
    dept = create_object(Department, {"name": "江岸区应急管理局", "kind": "district_bureau",
                                      "region": region(JIANGAN)}, actor=actor)
    update_object(dept, {"phone": "027-82345678"}, actor=actor)
    entries = list(AuditLog.objects.filter(object_type="core.department", object_id=str(dept.pk))
                   .order_by("chain_index"))
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[0].after["name"] == "江岸区应急管理局"
    assert entries[1].before["phone"] == "" and entries[1].after["phone"] == "027-82345678"
    assert entries[1].actor_id == city_admin.pk and entries[1].ip == "127.0.0.1"
    assert entries[1].region_code == JIANGAN


def test_chain_links_every_entry_and_verifies() -> None:
    entries = _three_entries()
    for earlier, later in itertools.pairwise(entries):
        assert later.prev_hash == earlier.hash
        assert later.chain_index == earlier.chain_index + 1
    assert audit.verify_chain() == []


def test_database_refuses_update_and_delete() -> None:
    from conftest import audit_guard

    entry = _three_entries()[0]
    audit_guard(True)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLog.objects.filter(pk=entry.pk).update(detail="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLog.objects.filter(pk=entry.pk).delete()


def test_verify_detects_a_modified_row() -> None:
    entries = _three_entries()
    _drop_append_only_guard()
    AuditLog.objects.filter(pk=entries[1].pk).update(detail="forged")
    problems = audit.verify_chain()
    assert [p.chain_index for p in problems] == [entries[1].chain_index]
    assert "篡改" in problems[0].message


def test_verify_detects_a_deleted_row_in_the_middle_and_at_the_end() -> None:
    entries = _three_entries()
    _drop_append_only_guard()
    AuditLog.objects.filter(pk=entries[1].pk).delete()
    messages = [p.message for p in audit.verify_chain()]
    assert any("缺失" in m for m in messages)
    AuditLog.objects.filter(pk=entries[2].pk).delete()
    assert any("末尾记录被删除" in m for m in (p.message for p in audit.verify_chain()))


def test_verify_command_exits_nonzero_on_tampering(capsys: pytest.CaptureFixture[str]) -> None:
    entries = _three_entries()
    call_command("audit", "verify")
    assert "校验通过" in capsys.readouterr().out
    _drop_append_only_guard()
    AuditLog.objects.filter(pk=entries[0].pk).update(actor_label="someone else")
    with pytest.raises(SystemExit) as excinfo:
        call_command("audit", "verify")
    assert excinfo.value.code == 1
    assert "被篡改" in capsys.readouterr().err


def test_secrets_never_reach_the_log(city_admin) -> None:
    snap = audit.snapshot(city_admin)
    assert "password" not in snap and "totp_secret" not in snap
    assert snap["username"] == "city_admin"
