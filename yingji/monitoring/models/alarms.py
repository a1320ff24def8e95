"""Alarms: one open alarm per point and rule (per object for combinations), following
the alarm workflow (产生 → 推送 → 签收 → 处置反馈 → 消警 / 关闭)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingji.core.scope import ScopedManager
from yingji.core.workflow import WorkflowModel
from yingji.enterprises.models.ownership import EnterpriseScopedMixin


class AlarmKind(models.TextChoices):
    THRESHOLD = "threshold", "阈值越限"
    RATE = "rate", "变化率异常"
    STUCK = "stuck", "数值不变（疑似故障）"
    OFFLINE = "offline", "测点离线"
    COMBINATION = "combination", "组合报警"


class AlarmLevel(models.TextChoices):
    HIGH_HIGH = "hh", "高高报"
    HIGH = "h", "高报"
    LOW = "l", "低报"
    LOW_LOW = "ll", "低低报"
    NONE = "", "—"


class AlarmSeverity(models.IntegerChoices):
    CRITICAL = 1, "一级（紧急）"
    MAJOR = 2, "二级（重要）"
    MINOR = 3, "三级（一般）"


class Alarm(EnterpriseScopedMixin, WorkflowModel):
    """An alarm of a point (or, for combinations, of an object). Repeats while it is
    open update ``count``, ``last_value`` and ``last_at``; ``recovered_at`` is set when
    the signal returns to normal (the precondition of 消警)."""

    scope_region_field: ClassVar[str] = "enterprise__region"
    scope_industry_field: ClassVar[str | None] = "enterprise__industry"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.CASCADE, related_name="+")
    monitored_object = models.ForeignKey("monitoring.MonitoredObject", verbose_name="监测对象",
                                         on_delete=models.CASCADE, related_name="alarms")
    point = models.ForeignKey("monitoring.MeasurementPoint", verbose_name="测点", null=True,
                              blank=True, on_delete=models.CASCADE, related_name="alarms")
    kind = models.CharField("报警类型", max_length=12, choices=AlarmKind.choices)
    level = models.CharField("越限级别", max_length=2, choices=AlarmLevel.choices, blank=True)
    severity = models.PositiveSmallIntegerField("严重程度", choices=AlarmSeverity.choices)
    is_open = models.BooleanField("未结束", default=True, db_index=True)
    message = models.CharField("报警内容", max_length=300)
    first_at = models.DateTimeField("首次报警时间")
    last_at = models.DateTimeField("最近报警时间")
    count = models.PositiveIntegerField("报警次数", default=1)
    first_value = models.FloatField("首次数值", null=True, blank=True)
    last_value = models.FloatField("最近数值", null=True, blank=True)
    threshold = models.FloatField("阈值", null=True, blank=True)
    recovered_at = models.DateTimeField("恢复正常时间", null=True, blank=True)
    pushed_at = models.DateTimeField("推送时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签收人", null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    feedback = models.TextField("处置反馈", blank=True)
    feedback_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="反馈人", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    feedback_at = models.DateTimeField("反馈时间", null=True, blank=True)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    hazard_id = models.PositiveIntegerField("转隐患编号", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "报警"
        verbose_name_plural = "报警"
        ordering = ["-last_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["point", "kind"], condition=Q(is_open=True),
                                    name="alarm_one_open_per_point_rule"),
            models.UniqueConstraint(fields=["monitored_object", "kind"],
                                    condition=Q(is_open=True, point__isnull=True),
                                    name="alarm_one_open_per_object_rule"),
        ]
        indexes = [
            models.Index(fields=["is_open", "enterprise"], name="alarm_open_ent_idx"),
            models.Index(fields=["monitored_object", "is_open"], name="alarm_object_open_idx"),
        ]

    def __str__(self) -> str:
        return self.message
