"""The tamper-evident change log: append entries, snapshot objects, verify the chain."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from yingji.core import audit_keys
from yingji.core.actor import Actor
from yingji.core.crypto import hmac_sm3_hex, sm3_hex
from yingji.core.models.audit import AuditAction, AuditChainHead, AuditLog
from yingji.core.personal.cipher import blind_index
from yingji.core.personal.fields import BlindIndexField, PersonalField

GENESIS = "0" * 64
HASHED_FIELDS = (
    "chain_index", "time", "actor_id", "actor_label", "action", "success", "object_type",
    "object_id", "object_repr", "region_code", "ip", "request_id", "detail", "before", "after",
)


def to_jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The concrete field values of ``obj`` for before/after, minus secrets."""
    excluded = set(getattr(obj, "audit_exclude", ()))
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in excluded or isinstance(field, BlindIndexField):
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, PersonalField):
            data[field.attname] = personal_digest(field, value)
            continue
        data[field.attname] = to_jsonable(value)
    return data


def personal_digest(field: PersonalField, value: Any) -> str:
    """A personal value as the audit log keeps it: masked, with a short keyed digest
    so a change shows without the clear value (``138****5678#1f3a9c0e``)."""
    text = str(value or "")
    if not text:
        return ""
    return f"{field.masked(text)}#{blind_index(text, field.column_identity, field.kind)[:8]}"


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    before = before or {}
    after = after or {}
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def object_type_of(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def entry_hash(prev_hash: str, fields: dict[str, Any], key: bytes | None = None) -> str:
    """The entry's link in the chain: HMAC-SM3 under the audit key (``audit_keys``), or
    plain SM3 for the entries written before the chain was keyed."""
    payload = json.dumps(
        {name: to_jsonable(fields[name]) for name in HASHED_FIELDS},
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    data = (prev_hash + payload).encode("utf-8")
    return hmac_sm3_hex(key, data) if key is not None else sm3_hex(data)


def record(
    action: str,
    *,
    actor: Actor,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: str = "",
    success: bool = True,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    region_code: str = "",
    actor_label: str = "",
) -> AuditLog:
    """Append one entry to the audit chain inside the caller's transaction."""
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
        if not region_code and hasattr(obj, "scope_region_code"):
            region_code = obj.scope_region_code() or ""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        # Under the head's lock, so a first key marks exactly the entries before it.
        ring = audit_keys.load(create_with_legacy_until=head.last_index)
        fields: dict[str, Any] = {
            "chain_index": head.last_index + 1,
            "time": timezone.now(),
            "actor_id": actor.user_id,
            "actor_label": (actor_label or actor.label)[:120],
            "action": action,
            "success": success,
            "object_type": object_type,
            "object_id": object_id[:64],
            "object_repr": object_repr[:200],
            "region_code": region_code[:12],
            "ip": actor.ip,
            "request_id": actor.request_id,
            "detail": detail,
            "before": to_jsonable(before) if before is not None else None,
            "after": to_jsonable(after) if after is not None else None,
        }
        digest = entry_hash(head.last_hash, fields, ring.key(ring.current_id))
        entry = AuditLog.objects.create(prev_hash=head.last_hash, hash=digest, key_id=ring.current_id,
                                        **fields)
        head.last_index = entry.chain_index
        head.last_hash = digest
        head.save(update_fields=["last_index", "last_hash"])
    return entry


BULK_ROWS = 2000


def append_many(entries: list[dict[str, Any]]) -> int:
    """Append prepared entries (the fields of ``record`` but ``chain_index`` and
    ``time``) to the chain under one lock of its head: one INSERT per ``BULK_ROWS`` and
    one UPDATE of the head, keyed like every entry. Returns the last index."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        ring = audit_keys.load(create_with_legacy_until=head.last_index)
        key_id = ring.current_id
        key = ring.key(key_id)
        index, prev = head.last_index, head.last_hash
        now = timezone.now()
        rows = []
        for fields in entries:
            index += 1
            row = {**fields, "chain_index": index, "time": now}
            digest = entry_hash(prev, row, key)
            rows.append(AuditLog(prev_hash=prev, hash=digest, key_id=key_id, **row))
            prev = digest
        AuditLog.objects.bulk_create(rows, batch_size=BULK_ROWS)
        head.last_index, head.last_hash = index, prev
        head.save(update_fields=["last_index", "last_hash"])
    return index


def record_failure(action: str, *, actor: Actor, detail: str, actor_label: str = "") -> None:
    """Audit a failed event (failed login, refused access) in its own transaction, so it
    is kept even when the caller's work is rolled back."""
    with transaction.atomic():
        record(action, actor=actor, detail=detail, success=False, actor_label=actor_label)


@dataclass(frozen=True)
class ChainProblem:
    chain_index: int
    message: str


def verify_chain(batch_size: int = 2000, *, anchors: bool = True) -> list[ChainProblem]:
    """Recompute every link under its key; report modified, missing, reordered or
    unkeyed entries, and (``anchors``) every exported anchor the chain no longer holds."""
    problems: list[ChainProblem] = []
    try:
        ring: audit_keys.Keyring | None = audit_keys.load()
    except audit_keys.KeyringError as exc:
        ring = None
        if AuditLog.objects.exists():
            problems.append(ChainProblem(0, f"无法读取审计密钥：{exc}"))
    expected_prev = GENESIS
    expected_index = 1
    for entry in _iterate(batch_size):
        if entry.chain_index != expected_index:
            problems.append(ChainProblem(
                expected_index,
                f"第{expected_index}至{entry.chain_index - 1}条记录缺失（被删除）",
            ))
            expected_index = entry.chain_index
        if entry.prev_hash != expected_prev:
            problems.append(ChainProblem(entry.chain_index, f"第{entry.chain_index}条记录的前序摘要不连续"))
        problem = _check_entry(entry, ring)
        if problem:
            problems.append(ChainProblem(entry.chain_index, problem))
        expected_prev = entry.hash
        expected_index += 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_index != expected_index - 1:
        found = expected_index - 1
        problems.append(ChainProblem(
            head.last_index, f"链尾应为第{head.last_index}条，实际只到第{found}条（末尾记录被删除）"
        ))
    elif head is not None and head.last_hash != expected_prev:
        problems.append(ChainProblem(head.last_index, "链尾摘要与最后一条记录不符"))
    if anchors:
        from yingji.core.audit_anchor import check_anchors

        problems.extend(ChainProblem(index, message) for index, message in check_anchors(ring))
    return problems


def _check_entry(entry: AuditLog, ring: audit_keys.Keyring | None) -> str:
    fields = {name: getattr(entry, name) for name in HASHED_FIELDS}
    n = entry.chain_index
    if not entry.key_id:
        if ring is not None and n > ring.legacy_until:
            return f"第{n}条记录未用审计密钥签名（在启用密钥之后写入，视为篡改）"
        return "" if entry_hash(entry.prev_hash, fields) == entry.hash else f"第{n}条记录内容被篡改"
    if ring is None or entry.key_id not in ring.keys:
        return f"第{n}条记录的审计密钥 {entry.key_id} 不在密钥环中，无法校验"
    if entry_hash(entry.prev_hash, fields, ring.key(entry.key_id)) != entry.hash:
        return f"第{n}条记录内容被篡改"
    return ""


def _iterate(batch_size: int) -> Iterator[AuditLog]:
    last = 0
    while True:
        batch = list(
            AuditLog.objects.filter(chain_index__gt=last).order_by("chain_index")[:batch_size]
        )
        if not batch:
            return
        yield from batch
        last = batch[-1].chain_index


__all__ = ["AuditAction", "record", "record_failure", "snapshot", "verify_chain"]
