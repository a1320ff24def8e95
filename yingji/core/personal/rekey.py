"""Re-encryption after a key rotation, and retiring an old key.

``rotate`` makes a new key current; values written before still name their old key.
``reencrypt`` rewrites every personal column of every model under the current key
(and encrypts any value still stored in clear), so that the old key can then be
retired (``retire``): a key may only leave the keyring when no stored value names it
and the blind index is not derived from it.

Rows are rewritten on the raw columns, a batch per transaction, each update guarded by
the value that was read: a user's edit between the read and the write is kept, not
overwritten with the old value (it is written under the current key anyway).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, models, transaction

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.personal import cipher, keys
from yingji.core.personal.fields import PersonalField, personal_fields

BATCH = 500


@dataclass
class Rekeyed:
    """What a re-encryption did: values rewritten per column, values that were left."""

    rewritten: dict[str, int] = field(default_factory=dict)
    kept_concurrent: int = 0

    @property
    def total(self) -> int:
        return sum(self.rewritten.values())


def personal_models() -> Iterator[tuple[type[models.Model], list[PersonalField]]]:
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        found = personal_fields(model)
        if found:
            yield model, found


def _stale(stored: object, current: str) -> bool:
    text = str(stored or "")
    return bool(text) and cipher.key_id_of(text) != current


def rotate(*, actor: Actor) -> str:
    """Add a key and make it current (``keys.rotate``), audited; returns its id."""
    key_id = keys.rotate()
    audit.record(audit.AuditAction.SECURITY, actor=actor, detail=f"轮换个人信息密钥，新密钥编号 {key_id}")
    return key_id


def reencrypt(*, actor: Actor, progress: Callable[[str], None] | None = None) -> Rekeyed:
    """Rewrite every personal value not under the current key, audited; returns the counts."""
    ring = keys.load()
    done = Rekeyed()
    quote = connection.ops.quote_name
    for model, found in personal_models():
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        for personal in found:
            column, identity = quote(personal.column), personal.column_identity
            count, last = 0, None
            while True:
                with transaction.atomic(), connection.cursor() as cursor:
                    where = f"{column} IS NOT NULL AND {column} <> ''"
                    params: list[int | str] = []
                    if last is not None:
                        where += f" AND {pk} > %s"
                        params.append(last)
                    cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {where} "
                                   f"ORDER BY {pk} LIMIT {BATCH}", params)
                    rows = cursor.fetchall()
                    for key, stored in rows:
                        if not _stale(stored, ring.current):
                            continue
                        text = str(stored)
                        plain = cipher.decrypt(text, identity, ring) if cipher.is_ciphertext(text) else text
                        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s",
                                       [cipher.encrypt(plain, identity, ring), key, text])
                        if cursor.rowcount:
                            count += 1
                        else:
                            done.kept_concurrent += 1
                if len(rows) < BATCH:
                    break
                last = rows[-1][0]
            if count:
                done.rewritten[identity] = count
                if progress:
                    progress(f"{identity}：已重新加密 {count} 条")
    audit.record(audit.AuditAction.SECURITY, actor=actor,
                 detail=f"用密钥 {ring.current} 重新加密个人信息 {done.total} 条"
                        f"（{len(done.rewritten)} 个字段）")
    return done


def values_under(key_id: str) -> dict[str, int]:
    """How many stored values name ``key_id``, per column (only columns that have some)."""
    quote = connection.ops.quote_name
    counts: dict[str, int] = {}
    prefix = f"{cipher.PREFIX}:{key_id}:%"
    with connection.cursor() as cursor:
        for model, found in personal_models():
            for personal in found:
                cursor.execute(f"SELECT COUNT(*) FROM {quote(model._meta.db_table)} "
                               f"WHERE {quote(personal.column)} LIKE %s", [prefix])
                number = int(cursor.fetchone()[0])
                if number:
                    counts[personal.column_identity] = number
    return counts


def retire(key_id: str, *, actor: Actor) -> None:
    """Remove ``key_id`` from the keyring file: refused while it is current, while the
    blind index comes from it, or while any stored value still names it."""
    ring = keys.load()
    if key_id not in ring.keys:
        raise keys.DataKeyringError(f"个人信息密钥 {key_id} 不在密钥环中")
    if key_id == ring.current:
        raise keys.DataKeyringError(f"密钥 {key_id} 是当前密钥，不能停用：请先轮换")
    if key_id == ring.index:
        raise keys.DataKeyringError(f"盲索引由密钥 {key_id} 派生，不能停用（停用将使按值查找失效）")
    left = values_under(key_id)
    if left:
        where = "、".join(f"{column} {number} 条" for column, number in sorted(left.items()))
        raise keys.DataKeyringError(
            f"仍有数据使用密钥 {key_id}（{where}）：请先运行 yingji data-key reencrypt")
    keys.remove_key(key_id)
    audit.record(audit.AuditAction.SECURITY, actor=actor, detail=f"停用个人信息密钥 {key_id}")
