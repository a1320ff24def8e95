"""SM4-GCM encryption of personal data and its blind index (HMAC-SM3).

Stored form: ``sm4g:<key id>:<base64(nonce 12 | ciphertext | tag 16)>``. The column's
identity (``app_label.model.field``) is the associated data, so a value copied into
another column (a phone moved into an ID column, or another table's) does not decrypt.
The empty string stays empty (an unset optional field), so blank checks still work.

The blind index is HMAC-SM3 under a key of its own over the normalised value and the
column, so equal values in one column have equal indexes and nothing else does: a
lookup by value without decrypting, and no link between tables.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from yingji.core.personal import keys

PREFIX = "sm4g"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(ValueError):
    """A stored value that does not decrypt under its key and column."""


def is_ciphertext(value: str) -> bool:
    return value.startswith(PREFIX + ":")


def encrypt(plaintext: str, column: str, ring: keys.DataKeyring | None = None) -> str:
    """``plaintext`` encrypted for ``column`` under the current key."""
    if plaintext == "":
        return ""
    ring = ring or keys.load()
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(ring.cipher_key(ring.current)), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(column.encode())
    body = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
    token = base64.b64encode(nonce + body + encryptor.tag).decode()
    return f"{PREFIX}:{ring.current}:{token}"


def decrypt(stored: str, column: str, ring: keys.DataKeyring | None = None) -> str:
    """The plaintext of a value stored by ``encrypt`` for ``column``."""
    if stored == "":
        return ""
    try:
        prefix, key_id, token = stored.split(":", 2)
        raw = base64.b64decode(token, validate=True)
    except ValueError as exc:
        raise DecryptionError(f"{column} 的值不是加密格式") from exc
    if prefix != PREFIX or len(raw) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError(f"{column} 的值不是加密格式")
    ring = ring or keys.load()
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(ring.cipher_key(key_id)), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(column.encode())
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")
    except InvalidTag as exc:
        raise DecryptionError(f"{column} 的值无法解密（密钥或字段不符，或已被篡改）") from exc


def key_id_of(stored: str) -> str:
    """The key id a stored value was encrypted under ("" for an empty value)."""
    return stored.split(":", 2)[1] if is_ciphertext(stored) else ""


def normalise(value: str, kind: str) -> str:
    """The form a value is indexed in: phones by digits (a leading 86 dropped), ID
    numbers in upper case, everything else without surrounding or doubled spaces."""
    text = value.strip()
    if kind == "phone":
        digits = "".join(ch for ch in text if ch.isdigit())
        return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits
    if kind == "id_number":
        return text.replace(" ", "").upper()
    return " ".join(text.split())


def blind_index(value: str, column: str, kind: str = "", ring: keys.DataKeyring | None = None) -> str:
    """HMAC-SM3 of the normalised ``value`` for ``column`` (64 hex); "" for no value."""
    normal = normalise(value or "", kind)
    if not normal:
        return ""
    ring = ring or keys.load()
    mac = crypto_hmac.HMAC(ring.index_key(), hashes.SM3())
    mac.update(column.encode() + b"\x00" + normal.encode("utf-8"))
    return mac.finalize().hex()
