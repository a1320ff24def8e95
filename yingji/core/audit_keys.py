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

import contextlib
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

_lock = threading.Lock()
_cache: tuple[float, Keyring] | None = None


class KeyringError(RuntimeError):
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


def _read_file(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise KeyringError("审计密钥环格式错误")
    return data


def _write_file(path: Path, document: dict[str, object], *, exclusive: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    tmp = path if exclusive else path.with_suffix(".tmp")
    fd = os.open(tmp, flags, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
    if not exclusive:
        os.replace(tmp, path)


def _new_key_entry(key_id: str) -> dict[str, str]:
    return {"id": key_id, "key": secrets.token_hex(32), "created": timezone.now().isoformat()}


def _chain_is_keyed() -> bool:
    """Whether any audit entry was signed with a key (read only when the ring is missing)."""
    from yingji.core.models import AuditLog

    return AuditLog.objects.exclude(key_id="").exists()


def load(*, create_with_legacy_until: int | None = None) -> Keyring:
    """The keyring (cached; re-read when the file changes). When there is none and
    ``create_with_legacy_until`` is given, a first key is made, marking the entries up
    to that index as written before keying."""
    global _cache
    inline = settings.AUDIT_KEYRING_JSON
    if inline:
        return _parse(json.loads(inline))
    path = keyring_path()
    with _lock:
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            if create_with_legacy_until is None:
                raise KeyringError(f"审计密钥环不存在：{path}") from None
            # Fail closed: a new ring after keyed entries would mark them all as written
            # before keying and sign on with a key nobody can check them against.
            if _chain_is_keyed():
                raise KeyringError(
                    f"审计密钥环丢失：{path}。审计日志中已有以密钥签名的记录，系统不会生成新密钥；"
                    "请从密钥备份恢复密钥环后重试") from None
            # Another process may make it first: then theirs is used.
            with contextlib.suppress(FileExistsError):
                _write_file(path, {"legacy_until": create_with_legacy_until, "keys": [_new_key_entry("k1")]},
                            exclusive=True)
            mtime = path.stat().st_mtime
        if _cache is not None and _cache[0] == mtime:
            return _cache[1]
        ring = _parse(_read_file(path))
        _cache = (mtime, ring)
        return ring


def rotate() -> str:
    """Append a new current key; returns its id. Old keys stay to verify old entries."""
    global _cache
    if settings.AUDIT_KEYRING_JSON:
        raise KeyringError("密钥环由环境变量提供，请在密钥管理处轮换")
    path = keyring_path()
    with _lock:
        document = _read_file(path)
        keys = list(document.get("keys") or [])  # type: ignore[call-overload]
        key_id = f"k{len(keys) + 1}"
        keys.append(_new_key_entry(key_id))
        document["keys"] = keys
        _write_file(path, document, exclusive=False)
        _cache = None
    return key_id


def forget() -> None:
    """Drop the cached keyring (tests that swap keyring files)."""
    global _cache
    with _lock:
        _cache = None
