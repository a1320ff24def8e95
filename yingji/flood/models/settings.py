"""The module's parameters (one core settings row)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from yingji.core.models.settings import SingletonSettings


class FloodSettings(SingletonSettings):
    """防汛防台设置 (id 1): whether warnings and gauges open transfers by themselves, how old a
    gauge reading may be and how long a responsible person has to answer the call.
    Reading never writes (``current()`` gives the defaults until a row is saved)."""

    open_from_warnings = models.BooleanField(
        "预警自动启动转移", default=True,
        help_text="风险点所在区域生效的预警达到该点的转移级别时，自动启动转移任务")
    open_from_gauges = models.BooleanField(
        "监测超阈值自动启动转移", default=True,
        help_text="关联雨量站、水位站的最新读数达到转移阈值时，自动启动转移任务")
    gauge_stale_minutes = models.PositiveIntegerField(
        "监测数据有效期（分钟）", default=60,
        validators=[MinValueValidator(5), MaxValueValidator(1440)],
        help_text="超过此时长未更新的读数不再启动转移（站点可能已离线）")
    ack_minutes = models.PositiveIntegerField(
        "责任人叫应时限（分钟）", default=15, validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text="转移任务通知责任人后，须在此时限内应答，否则逐级升级")
    suggest_levels = models.BooleanField(
        "自动提出响应建议", default=True,
        help_text="预警、监测达到响应等级条件时，向带班领导提出启动或提升防汛应急响应的建议")
    declined_quiet_hours = models.PositiveIntegerField(
        "不启动后暂停建议（小时）", default=6, validators=[MinValueValidator(1), MaxValueValidator(72)],
        help_text="领导决定不启动某等级响应后，此时长内不再提出该等级及以下的建议")
    duty_check_hours = models.PositiveIntegerField(
        "值班核查时长（小时）", default=72, validators=[MinValueValidator(12), MaxValueValidator(240)],
        help_text="启动响应后按本级值班要求核查排班的时段")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "防汛防台设置"
        verbose_name_plural = "防汛防台设置"

    def __str__(self) -> str:
        return "防汛防台设置"
