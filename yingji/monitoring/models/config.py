"""Rule settings per point type and the module's settings (one row)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from yingji.core.models.settings import SingletonSettings
from yingji.monitoring.models.objects import PointType


class RuleConfig(models.Model):
    """Rule settings of one point type; a point's ``rule_overrides`` replace single
    keys. Rate and stuck rules are off when blank."""

    point_type = models.CharField("测点类型", max_length=20, choices=PointType.choices, unique=True)
    debounce_count = models.PositiveSmallIntegerField(
        "连续次数", default=3, help_text="连续多少次越限才报警（与持续时间满足其一即可）")
    debounce_seconds = models.PositiveIntegerField(
        "持续时间（秒）", default=60, help_text="越限持续多久才报警；0为不按时间")
    hysteresis_pct = models.FloatField(
        "回差（量程%）", default=2.0, help_text="回到阈值以内超过此回差才消除越限")
    rate_pct_per_min = models.FloatField("变化率上限（量程%/分钟）", null=True, blank=True)
    stuck_minutes = models.PositiveIntegerField("数值不变判定（分钟）", null=True, blank=True)
    offline_minutes = models.PositiveIntegerField("离线判定（分钟）", default=10)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "报警规则"
        verbose_name_plural = "报警规则（按测点类型）"
        ordering = ["point_type"]

    def __str__(self) -> str:
        return self.get_point_type_display()

    def clean(self) -> None:
        if self.hysteresis_pct is not None and not 0 <= self.hysteresis_pct <= 50:
            raise ValidationError({"hysteresis_pct": "回差应在0至50之间"})
        if self.debounce_count < 1:
            raise ValidationError({"debounce_count": "连续次数至少为1"})

    def as_params(self) -> dict[str, float | int | None]:
        from yingji.monitoring.rules import RULE_KEYS

        return {key: getattr(self, key) for key in RULE_KEYS}


class MonitoringSettings(SingletonSettings):
    """Settings of the monitoring module (one row, id 1): retention, validation
    windows, the acknowledgement / escalation times and the 在线率 target. Reading never writes
    (``current()`` gives the defaults until a row is saved)."""

    retention_days = models.PositiveIntegerField("原始数据保留（天）", default=90)
    max_future_seconds = models.PositiveIntegerField("时间戳超前容许（秒）", default=300)
    max_past_hours = models.PositiveIntegerField("时间戳滞后容许（小时）", default=72)
    max_payload_bytes = models.PositiveIntegerField("单条消息最大字节数", default=1_048_576)
    ack_minutes = models.PositiveIntegerField("企业签收时限（分钟）", default=10)
    escalate_every_minutes = models.PositiveIntegerField("逐级升级间隔（分钟）", default=10)
    online_target_pct = models.PositiveSmallIntegerField(
        "在线率目标（%）", default=92, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="在线率达到此值为达标（规划目标：实时接入率不低于92%）")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "监测预警设置"
        verbose_name_plural = "监测预警设置"

    def __str__(self) -> str:
        return "监测预警设置"
