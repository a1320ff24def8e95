"""Readings and what the pipeline keeps about them.

``Reading`` is one value of one point at one time; its key is (point, ts), so a
repeated reading is ignored. On PostgreSQL the table is partitioned by day on ``ts``
(created by migration 0002, written with COPY); on SQLite it is a plain table.
There is no database foreign key from readings to points: a constraint check per row
would cost more than the whole insert, and points are only deleted with their data.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q

from yingji.core.scope import NOTHING, CityWideReference, Scope, ScopedManager
from yingji.enterprises.models.ownership import EnterpriseScopedMixin, is_enterprise_user


class ReadingFlag(models.IntegerChoices):
    NORMAL = 0, "正常"
    OUT_OF_RANGE = 1, "超出量程"


class Reading(models.Model):
    """One measured value (UTC timestamp); ``flag`` marks values outside the point's
    physical range, stored but never treated as normal."""

    pk = models.CompositePrimaryKey("point_id", "ts")
    point = models.ForeignKey("monitoring.MeasurementPoint", verbose_name="测点",
                              on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    ts = models.DateTimeField("采集时间")
    value = models.FloatField("数值")
    flag = models.PositiveSmallIntegerField("标记", choices=ReadingFlag.choices, default=0)

    class Meta:
        verbose_name = "监测数据"
        verbose_name_plural = "监测数据"

    def __str__(self) -> str:
        return f"{self.point_id}@{self.ts:%Y-%m-%d %H:%M:%S}={self.value:g}"


class MinuteAggregate(models.Model):
    """Per point and minute: count, min, max, sum and the last value (trend charts over
    long spans and the access rate read these, never the raw readings)."""

    pk = models.CompositePrimaryKey("point_id", "minute")
    point = models.ForeignKey("monitoring.MeasurementPoint", verbose_name="测点",
                              on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    minute = models.DateTimeField("分钟")
    count = models.PositiveIntegerField("条数")
    min_value = models.FloatField("最小值")
    max_value = models.FloatField("最大值")
    sum_value = models.FloatField("合计")
    last_value = models.FloatField("最新值")
    last_ts = models.DateTimeField("最新时间")

    class Meta:
        verbose_name = "分钟统计"
        verbose_name_plural = "分钟统计"
        indexes = [models.Index(fields=["minute"], name="minuteagg_minute_idx")]

    def __str__(self) -> str:
        return f"{self.point_id}@{self.minute:%Y-%m-%d %H:%M}"


class PointState(models.Model):
    """The live state of a point: latest value and time, the rule engine's memory
    (debounce counters, active levels, stuck tracking) and whether it is offline."""

    point = models.OneToOneField("monitoring.MeasurementPoint", verbose_name="测点",
                                 on_delete=models.CASCADE, primary_key=True, related_name="state")
    last_ts = models.DateTimeField("最新数据时间", null=True, blank=True)
    last_value = models.FloatField("最新值", null=True, blank=True)
    rules = models.JSONField("规则状态", default=dict, blank=True)
    offline = models.BooleanField("离线", default=False, db_index=True)

    class Meta:
        verbose_name = "测点状态"
        verbose_name_plural = "测点状态"

    def __str__(self) -> str:
        return f"{self.point_id}: {self.last_value}"


class Door(models.TextChoices):
    MQTT = "mqtt", "MQTT"
    HTTP = "http", "HTTP"


class DeadLetter(EnterpriseScopedMixin, models.Model):
    """A rejected message or reading with the reason; the pipeline goes on.

    ``region_code`` is the sending enterprise's (blank when the source is unknown,
    which only city-wide and national staff see)."""

    scope_region_field: ClassVar[str] = "region_code"

    received_at = models.DateTimeField("接收时间", db_index=True)
    door = models.CharField("接入方式", max_length=8, choices=Door.choices)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    region_code = models.CharField("区划代码", max_length=12, blank=True, db_index=True)
    source_code = models.CharField("数据源编码", max_length=100, blank=True)
    topic = models.CharField("主题", max_length=200, blank=True)
    reason_code = models.CharField("原因代码", max_length=30, db_index=True)
    reason = models.CharField("原因", max_length=300)
    payload = models.TextField("内容（截断）", blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "死信"
        verbose_name_plural = "死信"
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_door_display()} {self.reason}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        q = super().scope_q(scope)
        if _sees_unattributed(scope):
            q |= Q(region_code="")
        return q

    def in_scope(self, scope: Scope) -> bool:
        if not self.region_code:
            return _sees_unattributed(scope)
        return super().in_scope(scope)


def _sees_unattributed(scope: Scope) -> bool:
    """Dead letters of no known source (not JSON, bad credentials) belong to the whole
    installation: city-wide and wider staff see them, district and enterprise users not."""
    return (scope is not NOTHING and CityWideReference.writable_within(scope)
            and not is_enterprise_user(scope))
