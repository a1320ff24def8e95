"""Editable reference data of the analysis: road speeds and analysis parameters."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from yingji.core.models.settings import SingletonSettings
from yingji.core.scope import ScopedManager
from yingji.resources.models.base import Unscoped


class RoadSpeed(Unscoped, models.Model):
    """Travel speed of an OpenStreetMap ``highway`` class (km/h); classes absent here
    (footways, cycleways) are not driven."""

    highway = models.CharField("道路等级（OSM highway）", max_length=32, unique=True)
    label = models.CharField("名称", max_length=40)
    speed_kmh = models.DecimalField("通行速度（km/h）", max_digits=5, decimal_places=1,
                                    validators=[MinValueValidator(Decimal("1"))])

    objects = ScopedManager()

    class Meta:
        verbose_name = "道路通行速度"
        verbose_name_plural = "道路通行速度"
        ordering = ["-speed_kmh", "highway"]

    def __str__(self) -> str:
        return f"{self.label} {self.speed_kmh}km/h"


class AnalysisSettings(SingletonSettings):
    """The one row of analysis parameters (id 1), editable by city-wide administrators.

    Read with ``AnalysisSettings.current()`` (never writes: the field defaults until the
    row is saved); saved through ``yingji.core.services.settings.save_settings``."""

    detour_factor = models.DecimalField(
        "直线估算绕行系数", max_digits=4, decimal_places=2, default=Decimal("1.40"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text="无路网时，道路距离按直线距离乘以该系数估算")
    estimate_speed_kmh = models.DecimalField(
        "直线估算车速（km/h）", max_digits=5, decimal_places=1, default=Decimal("30"),
        validators=[MinValueValidator(Decimal("1"))])
    rescue_minutes = models.PositiveIntegerField("救援圈时间（分钟）", default=15)
    max_snap_m = models.PositiveIntegerField(
        "路网吸附最大距离（米）", default=3000,
        help_text="点到最近道路超过该距离视为超出路网范围")
    expiry_warning_days = models.PositiveIntegerField("临期预警天数", default=30)
    shelter_radius_m = models.PositiveIntegerField("避难场所服务半径（米）", default=5000)
    expert_review_months = models.PositiveIntegerField("专家复核周期（月）", default=12)

    class Meta:
        verbose_name = "分析参数"
        verbose_name_plural = "分析参数"

    def __str__(self) -> str:
        return "应急资源分析参数"


class RoadNetwork(Unscoped, models.Model):
    """An imported road network; its graph arrays live in a file under var/roads/."""

    name = models.CharField("名称", max_length=120)
    source_name = models.CharField("源文件", max_length=255)
    file_name = models.CharField("图文件", max_length=255, editable=False)
    node_count = models.PositiveIntegerField("节点数")
    edge_count = models.PositiveIntegerField("路段数")
    min_lon = models.FloatField("最小经度")
    min_lat = models.FloatField("最小纬度")
    max_lon = models.FloatField("最大经度")
    max_lat = models.FloatField("最大纬度")
    is_active = models.BooleanField("当前使用", default=True)
    imported_at = models.DateTimeField("导入时间")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager()

    class Meta:
        verbose_name = "路网"
        verbose_name_plural = "路网"
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.name
