"""The personal-data keyring: SM4 keys by id, kept outside the database.

Document (file ``YINGJI_DATA_KEYRING``, default ``<var>/keys/data-keyring.json``, mode
0600, or the same JSON in ``YINGJI_DATA_KEYRING_JSON``)::

    {"current": "k2", "index": "k1", "keys": {"k1": "<base64 32 bytes>", "k2": "…"}}

``current`` encrypts new values; every listed key still decrypts (the key id is stored
with each value), so rotation adds a key and makes it current. ``index`` names the key
the blind index is derived from: it stays when keys rotate, so lookups by value keep
working without re-indexing. Debug, demo and test installs make a keyring on first use;
production fails closed when there is none.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from yingji.core import keyfiles
from yingji.core.crypto import hmac_sm3_hex


class DataKeyringError(keyfiles.KeyFileError):
    """The personal-data keyring is missing, malformed or lacks a key."""


@dataclass(frozen=True)
class DataKeyring:
    """Master keys by id, the current one, and the one the blind index comes from."""

    keys: dict[str, bytes]
    current: str
    index: str

    def master(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise DataKeyringError(f"个人信息密钥 {key_id} 不在密钥环中") from None

    def cipher_key(self, key_id: str) -> bytes:
        """The 128-bit SM4 key derived from master key ``key_id``."""
        return bytes.fromhex(hmac_sm3_hex(self.master(key_id), b"yingji-personal-sm4"))[:16]

    def index_key(self) -> bytes:
        """The blind index key: derived from the ``index`` master key, apart from SM4's."""
        return bytes.fromhex(hmac_sm3_hex(self.master(self.index), b"yingji-personal-blind-index"))


def keyring_path() -> Path:
    return Path(settings.DATA_KEYRING)


def parse(document: dict[str, object]) -> DataKeyring:
    raw = document.get("keys")
    if not isinstance(raw, dict) or not raw:
        raise DataKeyringError("个人信息密钥环没有密钥")
    try:
        keys = {str(kid): base64.b64decode(str(value), validate=True) for kid, value in raw.items()}
    except ValueError as exc:
        raise DataKeyringError("个人信息密钥环中的密钥不是有效的base64") from exc
    if any(len(key) < 16 for key in keys.values()):
        raise DataKeyringError("个人信息密钥至少应为16字节")
    current = str(document.get("current") or next(reversed(keys)))
    index = str(document.get("index") or next(iter(keys)))
    for kid in (current, index):
        if kid not in keys:
            raise DataKeyringError(f"个人信息密钥 {kid} 不在密钥环中")
    return DataKeyring(keys, current, index)


def _new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def new_document() -> dict[str, object]:
    return {"current": "k1", "index": "k1", "keys": {"k1": _new_key()}}


_ring_file: keyfiles.CachedKeyFile[DataKeyring] = keyfiles.CachedKeyFile(parse, DataKeyringError)


def load() -> DataKeyring:
    """The keyring (cached until its file changes). Created on first use only where
    ``DATA_KEYRING_AUTOCREATE`` (debug, demo, tests); elsewhere a missing keyring is an
    error, so personal data is never written under a key that could be lost."""
    inline = settings.DATA_KEYRING_JSON
    if inline:
        try:
            return parse(json.loads(inline))
        except ValueError as exc:
            raise DataKeyringError("YINGJI_DATA_KEYRING_JSON 不是有效的JSON") from exc
    path = keyring_path()
    with _ring_file.lock:
        if not path.exists():
            if not settings.DATA_KEYRING_AUTOCREATE:
                raise DataKeyringError(
                    f"个人信息密钥环不存在：{path}。生产环境须先用 `yingji data-key create` 生成"
                    "（或设置 YINGJI_DATA_KEYRING_JSON），并与数据库分开保管")
            keyfiles.create_once(path, new_document)
        return _ring_file.get(path)


def init_keyring() -> bool:
    """Make the keyring file if there is none; True when it was made now."""
    path = keyring_path()
    with _ring_file.lock:
        if path.exists():
            return False
        keyfiles.create_once(path, new_document)
        return True


def rotate() -> str:
    """Add a key and make it current; returns its id. Old keys still decrypt."""
    if settings.DATA_KEYRING_JSON:
        raise DataKeyringError("个人信息密钥环由环境变量提供，请在密钥管理处轮换")
    path = keyring_path()
    with _ring_file.lock:
        document = keyfiles.read_json(path, DataKeyringError)
        ring = parse(document)
        number = len(ring.keys) + 1
        while f"k{number}" in ring.keys:
            number += 1
        key_id = f"k{number}"
        keys = dict(document["keys"])  # type: ignore[call-overload]
        keys[key_id] = _new_key()
        document.update({"keys": keys, "current": key_id, "index": ring.index})
        keyfiles.write_json(path, document, exclusive=False)
        _ring_file.forget()
    return key_id


def remove_key(key_id: str) -> None:
    """Take ``key_id`` out of the keyring file (``rekey.retire`` checks it is unused)."""
    if settings.DATA_KEYRING_JSON:
        raise DataKeyringError("个人信息密钥环由环境变量提供，请在密钥管理处停用密钥")
    path = keyring_path()
    with _ring_file.lock:
        document = keyfiles.read_json(path, DataKeyringError)
        ring = parse(document)
        if key_id in (ring.current, ring.index):
            raise DataKeyringError(f"密钥 {key_id} 仍在使用，不能停用")
        keys = {kid: value for kid, value in dict(document["keys"]).items()  # type: ignore[call-overload]
                if kid != key_id}
        document.update({"keys": keys, "current": ring.current, "index": ring.index})
        keyfiles.write_json(path, document, exclusive=False)
        _ring_file.forget()


def forget() -> None:
    """Drop the cached keyring (tests that swap keyring files)."""
    _ring_file.forget()
