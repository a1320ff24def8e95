"""Commercial cryptography (商用密码): SM3 digests and SM4 field encryption.

SM3 comes from OpenSSL through hashlib when the build has it (fast), else from the
pure-Python gmssl package; both give the GB/T 32905 test vectors. SM4-CBC with a
random IV protects sensitive fields such as TOTP secrets, keyed from SECRET_KEY.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from django.conf import settings
from gmssl import func, sm3
from gmssl.sm4 import SM4_DECRYPT, SM4_ENCRYPT, CryptSM4

_HAS_OPENSSL_SM3 = "sm3" in hashlib.algorithms_available


def sm3_hex(data: bytes) -> str:
    """SM3 digest of ``data`` as 64 lowercase hex characters."""
    if _HAS_OPENSSL_SM3:
        return hashlib.new("sm3", data).hexdigest()
    return str(sm3.sm3_hash(func.bytes_to_list(data)))


def hmac_sm3_hex(key: bytes, data: bytes) -> str:
    """HMAC (GB/T 15852.2 / RFC 2104 construction) with SM3, as 64 hex characters."""
    if _HAS_OPENSSL_SM3:
        return hmac.new(key, data, "sm3").hexdigest()
    return _hmac_sm3_pure(key, data)


def _hmac_sm3_pure(key: bytes, data: bytes) -> str:
    block = 64  # SM3's block size in bytes
    if len(key) > block:
        key = bytes.fromhex(sm3_hex(key))
    key = key.ljust(block, b"\0")
    inner = bytes.fromhex(sm3_hex(bytes(k ^ 0x36 for k in key) + data))
    return sm3_hex(bytes(k ^ 0x5C for k in key) + inner)


def _field_key() -> bytes:
    return bytes.fromhex(sm3_hex(("yingji-field-key:" + settings.SECRET_KEY).encode()))[:16]


def encrypt_field(plaintext: str) -> str:
    """SM4-CBC encrypt ``plaintext``; returns ``sm4:`` + base64(iv + ciphertext)."""
    iv = os.urandom(16)
    cipher = CryptSM4()
    cipher.set_key(_field_key(), SM4_ENCRYPT)
    data = cipher.crypt_cbc(iv, plaintext.encode())
    return "sm4:" + base64.b64encode(iv + data).decode()


def decrypt_field(token: str) -> str:
    if not token.startswith("sm4:"):
        raise ValueError("not an SM4-encrypted field")
    raw = base64.b64decode(token[4:])
    cipher = CryptSM4()
    cipher.set_key(_field_key(), SM4_DECRYPT)
    return bytes(cipher.crypt_cbc(raw[:16], raw[16:])).decode()
