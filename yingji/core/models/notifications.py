from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationLevel(models.TextChoices):
    INFO = "info", "通知"
    WARNING = "warning", "提醒"
    URGENT = "urgent", "紧急"


class Notification(models.Model):
    """An in-app message to one user (站内消息). Channels and acknowledgement (叫应)
    build on this with the warnings module."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    level = models.CharField(
        "级别", max_length=10, choices=NotificationLevel.choices, default=NotificationLevel.INFO
    )
    object_type = models.CharField("对象类型", max_length=80, blank=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
