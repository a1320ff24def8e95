from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin


class Deadline(ScopedModelMixin, models.Model):
    """A time limit on a business object (整改期限, 报送时限…): a reminder before it, the
    overdue mark when it passes, then escalation up a chain of people, one level per
    interval, until the obligation is met (``closed_at``).

    A ``waiting`` deadline is someone else's period that the responsible person waits
    out (the party's 陈述申辩 days in a penalty case): no reminder and no overdue or
    escalation; when it ends the responsible person is told the next step may be taken
    and it closes itself."""

    scope_region_field = "region_code"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    owner = GenericForeignKey("content_type", "object_id")
    kind = models.CharField("时限类型", max_length=60)
    title = models.CharField("事项", max_length=200)
    region_code = models.CharField("区划", max_length=12, blank=True, db_index=True)
    due_at = models.DateTimeField("截止时间", db_index=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="责任人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    escalation_chain = models.JSONField("逐级督办人", default=list, blank=True,
                                        help_text="用户ID列表，逾期后按顺序逐级通知")
    remind_before_minutes = models.PositiveIntegerField("提前提醒（分钟）", default=24 * 60)
    escalate_every_minutes = models.PositiveIntegerField("逐级督办间隔（分钟）", default=24 * 60)
    link = models.CharField("链接", max_length=300, blank=True)
    reminded_at = models.DateTimeField("已提醒", null=True, blank=True)
    overdue_at = models.DateTimeField("逾期时间", null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField("已督办级数", default=0)
    last_escalated_at = models.DateTimeField("最近督办", null=True, blank=True)
    closed_at = models.DateTimeField("完成时间", null=True, blank=True)
    met_on_time = models.BooleanField("按期完成", null=True, blank=True)
    waiting = models.BooleanField("等待期", default=False,
                                  help_text="他人的期限（如当事人陈述申辩期）：届满时告知责任人，不计逾期、不督办")

    objects = ScopedManager()

    class Meta:
        verbose_name = "办理时限"
        verbose_name_plural = "办理时限"
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "kind"]),
            models.Index(fields=["closed_at", "due_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.due_at:%Y-%m-%d %H:%M}）"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
