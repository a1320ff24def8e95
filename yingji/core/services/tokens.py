"""API tokens for system-to-system calls: issue (the key is shown once) and revoke.

A key is ``yj_<prefix>_<secret>``; only its SM3 digest is stored
(``yingji.core.api.auth``). A token never reaches further than its owner: its region
must lie inside the owner's scope, it is read-only unless asked otherwise, and it
always expires.
"""

from __future__ import annotations

import secrets
import string
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.crypto import sm3_hex
from yingji.core.models import ApiToken, Region, User
from yingji.core.scope import may, scope_of

KEY_PREFIX_BYTES = 5  # 10 hex characters, unique per token
SECRET_LENGTH = 40  # letters and digits: about 238 bits
DEFAULT_EXPIRES_IN_DAYS = 90
MAX_EXPIRES_IN_DAYS = 365
_ALPHABET = string.ascii_letters + string.digits


def hash_key(key: str) -> str:
    """The stored form of a key: its SM3 digest in hex."""
    return sm3_hex(key.encode())


def split_key(key: str) -> str | None:
    """The prefix of a well-formed ``yj_<prefix>_<secret>`` key, else None."""
    parts = key.split("_")
    if len(parts) != 3 or parts[0] != "yj" or not parts[1] or not parts[2]:
        return None
    if len(parts[1]) > 12 or not parts[1].isalnum():
        return None
    return parts[1]


def _new_key() -> tuple[str, str]:
    prefix = secrets.token_hex(KEY_PREFIX_BYTES)
    secret = "".join(secrets.choice(_ALPHABET) for _ in range(SECRET_LENGTH))
    return prefix, f"yj_{prefix}_{secret}"


def _check_actor_over(actor: Actor, owner: User, action: str) -> None:
    """The owner manages their own tokens; an administrator with the token permission
    may manage those of accounts inside their scope (service accounts)."""
    if actor.is_system:
        return
    if actor.user is None:
        raise PermissionDenied("请先登录")
    if actor.user.pk == owner.pk:
        return
    if not may(actor.user, ApiToken, action) or not owner.in_scope(scope_of(actor.user)):
        raise PermissionDenied("只能管理自己的接口令牌")


def _owner_region_label(owner: User) -> str:
    return owner.scope_region.name if owner.scope_region_id and owner.scope_region else "全国"


@transaction.atomic
def issue_token(
    user: User,
    name: str,
    region: Region | None = None,
    read_only: bool = True,
    expires_in_days: int = DEFAULT_EXPIRES_IN_DAYS,
    *,
    actor: Actor,
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns it with the plaintext key (shown only once)."""
    _check_actor_over(actor, user, "add")
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = "请填写令牌用途"
    elif len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        errors["name"] = "令牌用途不能超过80个字符"
    if not isinstance(expires_in_days, int) or not 1 <= expires_in_days <= MAX_EXPIRES_IN_DAYS:
        errors["expires_in_days"] = f"有效期应为1至{MAX_EXPIRES_IN_DAYS}天"
    if not user.is_active:
        errors["user"] = "账号已停用，不能签发令牌"
    owner_prefix = user.scope_region.prefix if user.scope_region_id and user.scope_region else None
    if region is not None and owner_prefix is not None and not region.code.startswith(owner_prefix):
        errors["region"] = (f"令牌限定区划（{region.name}）须在账号的数据范围"
                            f"（{_owner_region_label(user)}）之内")
    if errors:
        raise ValidationError(errors)
    for _ in range(5):
        prefix, key = _new_key()
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=user, name=name, key_prefix=prefix, key_hash=hash_key(key),
                    region=region, read_only=read_only,
                    expires_at=timezone.now() + timedelta(days=expires_in_days),
                )
            break
        except IntegrityError:  # prefix collision: draw again
            continue
    else:  # pragma: no cover - 5 collisions of 40 random bits
        raise RuntimeError("could not draw a unique token prefix")
    scope_text = region.name if region is not None else _owner_region_label(user)
    audit.record(
        audit.AuditAction.CREATE, actor=actor, obj=token, after=audit.snapshot(token),
        detail=(f"签发接口令牌“{name}”（{'只读' if read_only else '读写'}，范围{scope_text}，"
                f"{expires_in_days}天有效）"),
    )
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: Actor) -> ApiToken:
    """Revoke ``token`` at once; revoking twice changes nothing."""
    locked = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    _check_actor_over(actor, locked.user, "change")
    if locked.revoked_at is not None:
        return locked
    before = audit.snapshot(locked)
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail=f"吊销接口令牌“{locked.name}”")
    token.revoked_at = locked.revoked_at
    return locked
