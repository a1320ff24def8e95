"""The audit chain resists someone with database access (issue 14 item 2): entries are
keyed with HMAC-SM3 under a key outside the database, and signed anchors of the head,
written outside it, catch a chain that was cut or rebuilt. Each attack below passed
``verify`` with the plain SM3 chain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from yingji.core import audit, audit_keys
from yingji.core.audit import GENESIS, HASHED_FIELDS, entry_hash
from yingji.core.audit_anchor import export_anchor, read_anchors
from yingji.core.crypto import _hmac_sm3_pure, hmac_sm3_hex, sm3_hex
from yingji.core.models import AuditLog
from yingji.core.models.audit import AuditChainHead
from yingji.core.testing import system

pytestmark = pytest.mark.django_db


def _entries(n: int = 5) -> list[AuditLog]:
    for i in range(n):
        audit.record(audit.AuditAction.SECURITY, actor=system(), detail=f"entry {i}")
    return list(AuditLog.objects.order_by("chain_index"))


def _fields(entry: AuditLog) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in HASHED_FIELDS}


def _recompute_forward(start: AuditLog, key: bytes | None, key_id: str | None = None) -> None:
    """The attacker's rewrite: recompute every link from ``start`` on and move the head."""
    prev = AuditLog.objects.filter(chain_index=start.chain_index - 1).values_list("hash", flat=True).first()
    prev = prev or GENESIS
    for entry in AuditLog.objects.filter(chain_index__gte=start.chain_index).order_by("chain_index"):
        digest = entry_hash(prev, _fields(entry), key)
        AuditLog.objects.filter(pk=entry.pk).update(
            prev_hash=prev, hash=digest, key_id=entry.key_id if key_id is None else key_id)
        prev = digest
    AuditChainHead.objects.filter(id=1).update(last_hash=prev)


def _messages() -> list[str]:
    return [p.message for p in audit.verify_chain()]


def test_hmac_sm3_matches_the_construction() -> None:
    key, data = b"k" * 20, b"abc" * 50
    assert hmac_sm3_hex(key, data) == _hmac_sm3_pure(key, data)
    assert _hmac_sm3_pure(b"x" * 100, data) == _hmac_sm3_pure(bytes.fromhex(sm3_hex(b"x" * 100)), data)
    assert hmac_sm3_hex(key, data) != sm3_hex(key + data)


def test_entries_are_keyed_and_verify() -> None:
    entries = _entries()
    ring = audit_keys.load()
    assert {e.key_id for e in entries} == {ring.current_id}
    assert entries[0].hash != entry_hash(entries[0].prev_hash, _fields(entries[0]))  # not plain SM3
    assert _messages() == []


def test_editing_a_row_and_recomputing_the_chain_forward_is_detected() -> None:
    entries = _entries()
    AuditLog.objects.filter(pk=entries[2].pk).update(detail="forged")
    edited = AuditLog.objects.get(pk=entries[2].pk)
    _recompute_forward(edited, None)  # plain SM3: the attacker has no key
    assert any("被篡改" in m for m in _messages())
    _recompute_forward(edited, b"a guessed key" * 2)
    assert any("被篡改" in m for m in _messages())
    _recompute_forward(edited, None, key_id="")  # passing the rows off as older than the key
    assert any("未用审计密钥签名" in m for m in _messages())


def test_deleting_the_tail_and_rewinding_the_head_is_detected_by_the_anchor() -> None:
    entries = _entries()
    line = export_anchor()
    assert line is not None and line["index"] == entries[-1].chain_index and read_anchors() == [line]
    assert _messages() == []
    keep = entries[2]
    AuditLog.objects.filter(chain_index__gt=keep.chain_index).delete()
    AuditChainHead.objects.filter(id=1).update(last_index=keep.chain_index, last_hash=keep.hash)
    assert any("记录被截断" in m for m in _messages())


def test_rebuilding_the_chain_is_detected_by_the_anchor() -> None:
    entries = _entries()
    export_anchor()
    AuditLog.objects.filter(pk=entries[-1].pk).update(detail="rewritten")
    # Even with the key (an insider holding both), the anchor's hash no longer matches.
    _recompute_forward(AuditLog.objects.get(pk=entries[-1].pk), audit_keys.load().key(entries[-1].key_id))
    messages = _messages()
    assert not any("被篡改" in m for m in messages)
    assert any("与导出的锚点不符" in m for m in messages)


def test_a_forged_anchor_is_reported(settings, tmp_path) -> None:
    _entries(2)
    line = export_anchor()
    assert line is not None
    path = next((tmp_path / "audit-anchors").glob("anchors-*.jsonl"))
    forged = {**line, "hash": "f" * 64}
    path.write_text(json.dumps(forged) + "\n", encoding="utf-8")
    assert any("签名无效" in m for m in _messages())


def _own_copy_of_the_ring(settings: Any, tmp_path: Any) -> None:
    """This test's own keyring, holding the keys the session's earlier entries used."""
    audit_keys.load(create_with_legacy_until=0)
    (tmp_path / "ring.json").write_bytes(Path(settings.AUDIT_KEYRING).read_bytes())
    (tmp_path / "ring.json").chmod(0o600)
    settings.AUDIT_KEYRING = str(tmp_path / "ring.json")
    audit_keys.forget()


def test_key_rotation_keeps_old_entries_verifiable(settings, tmp_path) -> None:
    _own_copy_of_the_ring(settings, tmp_path)
    before = set(audit_keys.load().keys)
    try:
        first = _entries(2)
        new_id = audit_keys.rotate()
        later = _entries(2)[-2:]
        assert {e.key_id for e in first[-2:]} <= before and {e.key_id for e in later} == {new_id}
        assert new_id not in before
        assert _messages() == []
        assert oct((tmp_path / "ring.json").stat().st_mode & 0o777) == "0o600"
        # A ring that lost a key cannot vouch for the entries signed with it.
        document = json.loads((tmp_path / "ring.json").read_text())
        document["keys"] = document["keys"][-1:]
        (tmp_path / "ring.json").write_text(json.dumps(document))
        audit_keys.forget()
        assert any("不在密钥环中" in m for m in _messages())
    finally:
        audit_keys.forget()


def test_entries_before_the_key_stay_valid_and_later_plain_ones_do_not(settings, tmp_path) -> None:
    _own_copy_of_the_ring(settings, tmp_path)
    try:
        entries = _entries(3)
        # Simulate an installation that had a plain chain: rewrite its entries as plain
        # SM3 and start the ring after them.
        _recompute_forward(entries[0], None, key_id="")
        last = entries[-1].chain_index
        (tmp_path / "ring.json").write_text(json.dumps({"legacy_until": last, "keys": [
            {"id": "k1", "key": "ab" * 32, "created": "2026-12-01T00:00:00+08:00"}]}))
        audit_keys.forget()
        assert _messages() == []
        _entries(1)
        assert _messages() == []
        (tmp_path / "ring.json").write_text(json.dumps({"legacy_until": last - 1, "keys": [
            {"id": "k1", "key": "ab" * 32, "created": "2026-12-01T00:00:00+08:00"}]}))
        audit_keys.forget()
        assert any("未用审计密钥签名" in m for m in _messages())
    finally:
        audit_keys.forget()


def test_a_lost_keyring_is_refused_not_replaced(settings, tmp_path) -> None:
    _own_copy_of_the_ring(settings, tmp_path)
    _entries(1)
    count = AuditLog.objects.count()
    (tmp_path / "ring.json").unlink()
    audit_keys.forget()
    with pytest.raises(audit_keys.KeyringError, match="审计密钥环丢失"):
        _entries(1)
    assert not (tmp_path / "ring.json").exists()
    assert AuditLog.objects.count() == count
