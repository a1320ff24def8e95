"""Accounts: create and edit users, roles, passwords, login outcomes, second factor."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.crypto import decrypt_field, encrypt_field
from yingji.core.models import AuditLog, User
from yingji.core.roles import ROLE_BY_CODE, conflicting_roles, role_name
from yingji.core.security import totp
from yingji.core.services.objects import check_permission, check_scope


def end_other_sessions(user: User, *, actor: Actor, reason: str) -> int:
    """End every session of ``user`` opened so far (a new security stamp changes their
    auth hash) and revoke its API tokens; audited. Returns how many tokens were revoked.
    The caller keeps its own session with ``update_session_auth_hash`` where it should."""
    from yingji.core.models import ApiToken

    User.objects.filter(pk=user.pk).update(security_stamp=secrets.token_hex(16))
    user.refresh_from_db(fields=["security_stamp"])
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record(audit.AuditAction.SECURITY, actor=actor, obj=user,
                 detail=f"{reason}：结束该账号已登录的会话，吊销接口令牌{revoked}个")
    return revoked


def remember_password(user: User) -> None:
    """Keep the hash of the password being replaced (``HistoryValidator`` reads them)."""
    from yingji.core.models import PasswordHistory

    if user.pk is None or not user.password:
        return
    PasswordHistory.objects.create(user=user, password=user.password)
    stale = list(user.password_history.values_list("pk", flat=True)[settings.PASSWORD_HISTORY:])
    if stale:
        PasswordHistory.objects.filter(pk__in=stale).delete()


USER_FIELDS = ("username", "real_name", "phone", "email", "department", "position",
               "scope_region", "scope_industries", "is_active")


def _validate_roles(roles: list[str]) -> None:
    unknown = [r for r in roles if r not in ROLE_BY_CODE]
    if unknown:
        raise ValidationError({"roles": f"未知角色：{'、'.join(unknown)}"})
    pair = conflicting_roles(roles)
    if pair:
        raise ValidationError(
            {"roles": f"{role_name(pair[0])}与{role_name(pair[1])}不能由同一账号兼任（三权分立）"}
        )


def _check_scope_assignment(actor: Actor, user: User) -> None:
    """An administrator cannot give anyone a scope wider than their own."""
    check_scope(actor, user)
    if actor.user is not None and actor.user.scope_region_id and user.scope_region_id is None:
        raise ValidationError({"scope_region": "不能授予超出您数据范围的权限（全国）"})


def _set_roles(user: User, roles: list[str]) -> None:
    user.groups.set(Group.objects.filter(name__in=roles))
    user._role_codes = sorted(roles)


@transaction.atomic
def create_user(
    data: dict[str, Any], *, roles: list[str], password: str, actor: Actor,
    must_change_password: bool = True, password_hash: str = "",
) -> User:
    """Create an account with roles and an initial password (changed at first login).

    ``password_hash`` (from ``make_password`` of an already validated password) lets a
    bulk creation hash a shared initial password once instead of once per account.
    """
    check_permission(actor, User, "add")
    _validate_roles(roles)
    user = User(**{k: v for k, v in data.items() if k in USER_FIELDS})
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password)
    user.password_changed_at = timezone.now()
    user.must_change_password = must_change_password
    user.full_clean(exclude=["password"])
    _check_scope_assignment(actor, user)
    user.save()
    _set_roles(user, roles)
    after = audit.snapshot(user) | {"roles": sorted(roles)}
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=user, after=after)
    events.emit("user.created", actor=actor, obj=user, summary=f"新增用户：{user.display_name}")
    return user


@transaction.atomic
def update_user(user: User, data: dict[str, Any], *, roles: list[str] | None, actor: Actor) -> User:
    check_permission(actor, User, "change")
    locked = User.objects.select_for_update().get(pk=user.pk)
    check_scope(actor, locked)
    before = audit.snapshot(locked) | {"roles": locked.role_codes}
    for name, value in data.items():
        if name in USER_FIELDS and name != "username":
            setattr(locked, name, value)
    if roles is not None:
        _validate_roles(roles)
    if actor.user is not None and locked.pk == actor.user.pk and data.get("is_active") is False:
        raise ValidationError({"is_active": "不能停用自己的账号"})
    locked.full_clean(exclude=["password"])
    _check_scope_assignment(actor, locked)
    locked.save()
    if roles is not None:
        _set_roles(locked, roles)
    if before.get("is_active") and not locked.is_active:
        end_other_sessions(locked, actor=actor, reason="停用账号")
    after = audit.snapshot(locked) | {"roles": locked.role_codes}
    if audit.changed_fields(before, after):
        audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before, after=after)
        events.emit("user.updated", actor=actor, obj=locked, summary=f"修改用户：{locked.display_name}")
    return locked


@transaction.atomic
def change_password(user: User, *, old_password: str, new_password: str, actor: Actor) -> None:
    """The user changes their own password (also when it has expired)."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "原密码不正确"})
    if old_password == new_password:
        raise ValidationError({"new_password": "新密码不能与原密码相同"})
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from exc
    remember_password(user)
    user.set_password(new_password)
    user.password_changed_at = timezone.now()
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    audit.record(audit.AuditAction.SECURITY, actor=actor, obj=user, detail="修改密码")
    end_other_sessions(user, actor=actor, reason="修改密码")


@transaction.atomic
def reset_password(user: User, *, new_password: str, actor: Actor) -> None:
    """An administrator sets a temporary password; the user must change it at login."""
    check_permission(actor, User, "change")
    check_scope(actor, user)
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    remember_password(user)
    user.set_password(new_password)
    user.password_changed_at = timezone.now()
    user.must_change_password = True
    user.failed_login_count = 0
    user.locked_until = None
    user.save()
    audit.record(audit.AuditAction.SECURITY, actor=actor, obj=user, detail="管理员重置密码并解锁")
    end_other_sessions(user, actor=actor, reason="管理员重置密码")


# --- login outcomes -------------------------------------------------------------------

@transaction.atomic
def record_login_failure(username: str, user: User | None, *, actor: Actor, reason: str) -> None:
    """Count a failure against an existing account and lock it at the limit."""
    label = f"{username}(未登录)"
    if user is not None:
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_locked():
            # Attempts during a lock are recorded but do not extend it.
            audit.record(audit.AuditAction.LOGIN_FAILED, actor=actor, obj=locked, success=False,
                         actor_label=label, detail=f"{reason}（账户锁定中）")
            return
        locked.failed_login_count += 1
        detail = f"{reason}（连续第{locked.failed_login_count}次）"
        if locked.failed_login_count >= settings.LOGIN_MAX_FAILURES:
            locked.locked_until = timezone.now() + timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
            locked.failed_login_count = 0
            audit.record(audit.AuditAction.LOCKED, actor=actor, obj=locked, actor_label=label,
                         detail=f"连续登录失败{settings.LOGIN_MAX_FAILURES}次，锁定"
                                f"{settings.LOGIN_LOCK_MINUTES}分钟")
        locked.save(update_fields=["failed_login_count", "locked_until"])
        if locked.locked_until is not None and locked.is_locked():
            end_other_sessions(locked, actor=actor, reason="账号锁定")
        audit.record(audit.AuditAction.LOGIN_FAILED, actor=actor, obj=locked, success=False,
                     actor_label=label, detail=detail)
    else:
        audit.record(audit.AuditAction.LOGIN_FAILED, actor=actor, success=False,
                     actor_label=label, detail=f"{reason}（账号不存在）")


def address_throttled(ip: str) -> bool:
    """Too many failed sign-ins from this client address, across accounts, in the window
    (password spraying): counted from the audit log, so every process agrees."""
    if not ip:
        return False
    since = timezone.now() - timedelta(minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES)
    failures = AuditLog.objects.filter(action=audit.AuditAction.LOGIN_FAILED, ip=ip, time__gte=since)
    return failures.count() >= settings.LOGIN_ADDRESS_MAX_FAILURES


@transaction.atomic
def record_address_throttled(username: str, *, actor: Actor) -> None:
    """Audit a sign-in refused because its address is throttled (a security event)."""
    audit.record(audit.AuditAction.LOGIN_FAILED, actor=actor, success=False,
                 actor_label=f"{username}(未登录)",
                 detail=f"同一地址{settings.LOGIN_ADDRESS_WINDOW_MINUTES}分钟内登录失败"
                        f"{settings.LOGIN_ADDRESS_MAX_FAILURES}次以上，拒绝登录（疑似密码喷洒）")


@transaction.atomic
def record_login_success(user: User, *, actor: Actor, method: str) -> None:
    User.objects.filter(pk=user.pk).update(
        failed_login_count=0, locked_until=None, last_login=timezone.now()
    )
    audit.record(audit.AuditAction.LOGIN, actor=actor, obj=user, detail=method)


@transaction.atomic
def record_logout(user: User, *, actor: Actor, reason: str = "主动退出") -> None:
    audit.record(audit.AuditAction.LOGOUT, actor=actor, obj=user, detail=reason)


# --- second factor --------------------------------------------------------------------

@transaction.atomic
def start_totp_enrollment(user: User, *, actor: Actor) -> str:
    """Generate and store a new (not yet enabled) secret; returns it for the QR code."""
    secret = totp.new_secret()
    user.totp_secret = encrypt_field(secret)
    user.totp_enabled = False
    user.save(update_fields=["totp_secret", "totp_enabled"])
    return secret


def totp_secret_of(user: User) -> str:
    return decrypt_field(user.totp_secret) if user.totp_secret else ""


@transaction.atomic
def verify_totp(user: User, code: str, *, actor: Actor, enabling: bool = False) -> bool:
    """Check a code against the user's secret; on success remember its time step."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    secret = totp_secret_of(locked)
    if not secret:
        return False
    step = totp.matching_step(secret, code, locked.totp_last_step)
    if step is None:
        return False
    locked.totp_last_step = step
    fields = ["totp_last_step"]
    if enabling and not locked.totp_enabled:
        locked.totp_enabled = True
        fields.append("totp_enabled")
        audit.record(audit.AuditAction.SECURITY, actor=actor, obj=locked, detail="启用双因子认证")
    locked.save(update_fields=fields)
    user.totp_last_step, user.totp_enabled = locked.totp_last_step, locked.totp_enabled
    return True


@transaction.atomic
def disable_totp(user: User, *, actor: Actor) -> None:
    """Administrators reset a lost second factor; required roles must enrol again."""
    check_permission(actor, User, "change")
    check_scope(actor, user)
    user.totp_secret = ""
    user.totp_enabled = False
    user.totp_last_step = 0
    user.save(update_fields=["totp_secret", "totp_enabled", "totp_last_step"])
    audit.record(audit.AuditAction.SECURITY, actor=actor, obj=user, detail="重置双因子认证")
