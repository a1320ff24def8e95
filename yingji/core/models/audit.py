from __future__ import annotations

from django.db import models
from django.db.models import Q

from yingji.core.scope import Scope, ScopedManager, ScopedModelMixin


class AuditAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED = "locked", "账户锁定"
    EXPORT = "export", "导出"
    ACCESS = "access", "敏感访问"
    SECURITY = "security", "安全设置"
    DENIED = "denied", "越权或拒绝访问"
    REVEAL = "reveal", "查看个人信息"


class AuditLog(ScopedModelMixin, models.Model):
    """One append-only entry of the change log (等保 2.0 安全审计).

    Each row carries the hash of the previous row and its own hash over its content,
    so a modified, inserted or deleted row breaks the chain (``yingji audit verify``).
    Database triggers refuse UPDATE and DELETE on this table.
    """

    scope_region_field = "region_code"

    chain_index = models.BigIntegerField("序号", unique=True)
    time = models.DateTimeField("时间", db_index=True)
    actor_id = models.BigIntegerField("操作人ID", null=True, blank=True, db_index=True)
    actor_label = models.CharField("操作人", max_length=120)
    action = models.CharField("操作", max_length=20, choices=AuditAction.choices, db_index=True)
    success = models.BooleanField("成功", default=True)
    object_type = models.CharField("对象类型", max_length=80, blank=True, db_index=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    region_code = models.CharField("区划", max_length=12, blank=True, db_index=True)
    ip = models.CharField("IP地址", max_length=45, blank=True)
    request_id = models.CharField("请求ID", max_length=32, blank=True)
    detail = models.TextField("说明", blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    prev_hash = models.CharField("前序摘要", max_length=64)
    hash = models.CharField("摘要", max_length=64)
    key_id = models.CharField("密钥编号", max_length=16, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-chain_index"]

    def __str__(self) -> str:
        return f"#{self.chain_index} {self.actor_label} {self.get_action_display()}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # Entries about no region (failed logins of unknown accounts, imports) concern the
        # whole installation; every auditor sees them.
        if scope.region_prefix is None:
            return super().scope_q(scope)
        return super().scope_q(scope) | Q(region_code="")


class AuditChainHead(models.Model):
    """The single row holding the chain's last index and hash; locked while appending
    so concurrent writers extend the chain one at a time."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_index = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "审计链头"

    def __str__(self) -> str:
        return f"审计链头 #{self.last_index}"
