"""The audit chain's keys, kept outside the database.

Every audit entry's hash is an HMAC-SM3 under the current key, and the entry records the
key's id, so someone who can write the database but does not hold the key cannot edit an
entry and recompute the chain after it. Keys live in a keyring file
(``YINGJI_AUDIT_KEYRING``, by default ``<var>/keys/audit-keyring.json``, mode 0600) or
in the environment (``YINGJI_AUDIT_KEYRING_JSON``, for deployments that inject secrets).
Rotation appends a key; old keys stay to verify old entries.

A ring is made only for a chain with no keyed entry yet (the first start, or an upgrade
from the plain chain); when the ring is lost after that, writing to the audit log stops
with ``KeyringError`` until the ring is restored: a replacement key would silently turn
every earlier entry unverifiable.

The ring also records ``legacy_until``: the last entry written before the chain was
keyed (plain SM3). Entries after it must be keyed; a plain entry there is tampering.

Keyring document::

    {"legacy_until": 120, "keys": [{"id": "k1", "key": "<64 hex>", "created": "…"}]}
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from yingji.core import keyfiles


class KeyringError(keyfiles.KeyFileError):
    """The keyring is missing a key it needs or cannot be read."""


@dataclass(frozen=True)
class Keyring:
    """Keys by id (insertion order: the last is current) and the legacy boundary."""

    keys: dict[str, bytes]
    legacy_until: int

    @property
    def current_id(self) -> str:
        return next(reversed(self.keys))

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise KeyringError(f"审计密钥 {key_id} 不在密钥环中") from None


def keyring_path() -> Path:
    return Path(settings.AUDIT_KEYRING)


def _parse(document: dict[str, object]) -> Keyring:
    entries = document.get("keys") or []
    if not isinstance(entries, list) or not entries:
        raise KeyringError("审计密钥环没有密钥")
    keys = {str(e["id"]): bytes.fromhex(str(e["key"])) for e in entries if isinstance(e, dict)}
    legacy = document.get("legacy_until", 0)
    return Keyring(keys, int(legacy) if isinstance(legacy, (int, str)) else 0)


def _new_key_entry(key_id: str) -> dict[str, str]:
    return {"id": key_id, "key": secrets.token_hex(32), "created": timezone.now().isoformat()}


def _chain_is_keyed() -> bool:
    """Whether any audit entry was signed with a key (read only when the ring is missing)."""
    from yingji.core.models import AuditLog

    return AuditLog.objects.exclude(key_id="").exists()


_ring_file: keyfiles.CachedKeyFile[Keyring] = keyfiles.CachedKeyFile(
    lambda doc: _parse(doc), KeyringError)


def load(*, create_with_legacy_until: int | None = None) -> Keyring:
    """The keyring (cached; re-read when the file changes). When there is none and
    ``create_with_legacy_until`` is given, a first key is made, marking the entries up
    to that index as written before keying."""
    inline = settings.AUDIT_KEYRING_JSON
    if inline:
        return _parse(json.loads(inline))
    path = keyring_path()
    with _ring_file.lock:
        if not path.exists():
            if create_with_legacy_until is None:
                raise KeyringError(f"审计密钥环不存在：{path}")
            # Fail closed: a new ring after keyed entries would mark them all as written
            # before keying and sign on with a key nobody can check them against.
            if _chain_is_keyed():
                raise KeyringError(
                    f"审计密钥环丢失：{path}。审计日志中已有以密钥签名的记录，系统不会生成新密钥；"
                    "请从密钥备份恢复密钥环后重试") from None
            # Another process may make it first: then theirs is used.
            legacy = create_with_legacy_until
            keyfiles.create_once(path, lambda: {"legacy_until": legacy,
                                                "keys": [_new_key_entry("k1")]})
        return _ring_file.get(path)


def rotate() -> str:
    """Append a new current key; returns its id. Old keys stay to verify old entries."""
    if settings.AUDIT_KEYRING_JSON:
        raise KeyringError("密钥环由环境变量提供，请在密钥管理处轮换")
    path = keyring_path()
    with _ring_file.lock:
        document = keyfiles.read_json(path, KeyringError)
        keys = list(document.get("keys") or [])  # type: ignore[call-overload]
        key_id = f"k{len(keys) + 1}"
        keys.append(_new_key_entry(key_id))
        document["keys"] = keys
        keyfiles.write_json(path, document, exclusive=False)
        _ring_file.forget()
    return key_id


def forget() -> None:
    """Drop the cached keyring (tests that swap keyring files)."""
    _ring_file.forget()
