from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from yingji.core.personal.fields import BlindIndexField, PersonalField
from yingji.core.scope import ScopedModelMixin, ScopedQuerySet

# Login-less accounts through which people outside the bureau (the 责任人 of the warnings
# directory) receive messages: no usable password, no roles. Hidden from the user list
# unless asked for.
CONTACT_PREFIX = "contact-"


class ScopedUserManager(UserManager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    """Django's user manager with ``restrict`` for scoped user lists."""


class User(ScopedModelMixin, AbstractUser):
    """A person with an account: roles are Django groups (see ``yingji.core.roles``),
    the data scope is a region subtree optionally narrowed to industries.

    Security state for 等保 2.0: when the password last changed, failed-login count
    and lock, and the TOTP second factor (secret stored SM4-encrypted).
    """

    scope_region_field: ClassVar[str] = "scope_region"

    real_name = models.CharField("姓名", max_length=40, blank=True)
    phone = PersonalField("手机号", kind="phone", max_length=20, blank=True)
    phone_index = BlindIndexField(source="phone")
    department = models.ForeignKey(
        "core.Department", verbose_name="所在单位", null=True, blank=True,
        on_delete=models.PROTECT, related_name="members",
    )
    position = models.CharField("职务", max_length=40, blank=True)
    scope_region = models.ForeignKey(
        "core.Region", verbose_name="数据范围", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text="可查看和处理的行政区划范围；为空表示全国",
    )
    scope_industries = models.JSONField("行业范围", default=list, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    failed_login_count = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    totp_secret = models.CharField("双因子密钥（加密）", max_length=200, blank=True)
    totp_enabled = models.BooleanField("已启用双因子认证", default=False)
    totp_last_step = models.BigIntegerField("最近使用的动态码时间片", default=0)
    # Part of every session's auth hash: a new stamp ends every session opened before
    # (a lock, a password change, a reset), see ``services.users.end_other_sessions``.
    security_stamp = models.CharField("会话安全戳", max_length=32, blank=True)

    objects: ClassVar[ScopedUserManager] = ScopedUserManager()

    audit_exclude = ("password", "totp_secret", "last_login", "totp_last_step")

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]
        # Personal data of any module (core.personal): shown in clear one value at a
        # time, each use audited.
        permissions = [("reveal_personal_data", "查看个人信息明文")]

    def __str__(self) -> str:
        return self.real_name or self.username

    @property
    def is_contact(self) -> bool:
        """A login-less contact account (see ``CONTACT_PREFIX``)."""
        return self.username.startswith(CONTACT_PREFIX)

    @property
    def display_name(self) -> str:
        return self.real_name or self.username

    @property
    def role_codes(self) -> list[str]:
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = sorted(self.groups.values_list("name", flat=True))
            self._role_codes = cached
        return cached

    def has_role(self, *codes: str) -> bool:
        return any(code in self.role_codes for code in codes)

    def get_session_auth_hash(self) -> str:
        from django.utils.crypto import salted_hmac

        return salted_hmac("yingji.core.User.session", self.password + "|" + self.security_stamp,
                           algorithm="sha256").hexdigest()

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()

    def password_expires_at(self) -> datetime | None:
        if self.password_changed_at is None:
            return None
        return self.password_changed_at + timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)

    def password_expired(self) -> bool:
        if self.must_change_password:
            return True
        expires = self.password_expires_at()
        return expires is not None and expires <= timezone.now()

    def totp_required(self) -> bool:
        return self.has_role(*settings.TOTP_REQUIRED_ROLES)


class PasswordHistory(models.Model):
    """A password an account had (its hash only): the last few may not be chosen again."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="password_history")
    password = models.CharField("密码摘要", max_length=128)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.created_at:%Y-%m-%d}"
