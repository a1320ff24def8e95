"""TOTP second factor (RFC 6238) with replay protection."""

from __future__ import annotations

import hmac
import time

import pyotp

ISSUER = "应急管理综合应用平台"
STEP_SECONDS = 30


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def matching_step(secret: str, code: str, last_step: int, at: float | None = None) -> int | None:
    """The time step ``code`` is valid for (±1 step of drift), or None.

    A step at or before ``last_step`` is refused, so a code cannot be used twice.
    """
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    now = time.time() if at is None else at
    totp = pyotp.TOTP(secret)
    current = int(now // STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if step <= last_step:
            continue
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None
