from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from yingji.core.scope import ScopedManager, ScopedModelMixin


class ApiToken(ScopedModelMixin, models.Model):
    """A token for system-to-system API calls, owned by a user.

    Only a hash of the secret is stored. The token can narrow the owner's scope to a
    sub-region and can be read-only; it expires and can be revoked.
    """

    scope_region_field = "user__scope_region"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="所属用户", on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField("用途", max_length=80)
    key_prefix = models.CharField("前缀", max_length=12, unique=True)
    key_hash = models.CharField("密钥摘要", max_length=64)
    region = models.ForeignKey(
        "core.Region", verbose_name="限定区划", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    read_only = models.BooleanField("只读", default=True)
    expires_at = models.DateTimeField("到期时间", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    audit_exclude = ("key_hash", "last_used_at")

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.key_prefix}…）"

    def is_usable(self) -> bool:
        now = timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now
