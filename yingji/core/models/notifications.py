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
    channels = models.JSONField("发送渠道", default=list, blank=True)
    # Call-and-acknowledge (叫应): the recipient must answer by ack_due_at, else the
    # message is sent again once, then escalated along escalation_chain (user ids).
    requires_ack = models.BooleanField("需要叫应", default=False)
    ack_within_minutes = models.PositiveIntegerField("叫应时限（分钟）", default=30)
    ack_due_at = models.DateTimeField("叫应截止", null=True, blank=True, db_index=True)
    # When the acknowledgement check must next look at this call (re-send or escalate);
    # None once answered or when nothing is left to do, so the due query stays small.
    ack_check_at = models.DateTimeField("下次叫应检查", null=True, blank=True)
    acked_at = models.DateTimeField("叫应时间", null=True, blank=True)
    ack_via = models.CharField("叫应方式", max_length=10, blank=True)
    # Who recorded an answer given outside the system (by telephone); None when the
    # recipient answered themselves.
    ack_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="叫应登记人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    renotify_count = models.PositiveSmallIntegerField("重发次数", default=0)
    escalation_chain = models.JSONField("逐级上报", default=list, blank=True)
    escalation_level = models.PositiveSmallIntegerField("已上报级数", default=0)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["ack_check_at"], name="core_notification_ack_check",
                         condition=models.Q(ack_check_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def is_acked(self) -> bool:
        return self.acked_at is not None


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败（重试中）"
    GAVE_UP = "gave_up", "发送失败"
    SKIPPED = "skipped", "无接收地址"


class Delivery(models.Model):
    """One attempt to carry a notification over one external channel (SMS, WeCom,
    DingTalk, e-mail), with its status and the provider's answer."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE,
                                     related_name="deliveries")
    channel = models.CharField("渠道", max_length=20)
    address = models.CharField("接收地址", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("错误", max_length=300, blank=True)
    provider_id = models.CharField("回执编号", max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    # When the delivery may next be attempted (None once sent or given up). A job claims
    # a delivery by moving this forward (a lease), so a lost job's deliveries come due
    # again and are re-queued, and two jobs never send the same delivery at once.
    next_attempt_at = models.DateTimeField("下次发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息投递"
        verbose_name_plural = "消息投递"
        ordering = ["id"]
        indexes = [models.Index(fields=["next_attempt_at"], name="core_delivery_open_due",
                                condition=models.Q(status__in=["pending", "failed"]))]

    def __str__(self) -> str:
        return f"{self.channel}→{self.address}（{self.get_status_display()}）"
