"""What is monitored: objects (a major hazard unit, a tank, a rain gauge...), their
devices and measurement points, and the data sources (gateways) that send readings."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from yingji.core.scope import ScopedManager
from yingji.enterprises.models.ownership import EnterpriseScopedMixin


class ObjectKind(models.TextChoices):
    MAJOR_HAZARD_UNIT = "major_hazard_unit", "重大危险源单元"
    TANK = "tank", "储罐"
    PIPELINE = "pipeline", "管道"
    PROCESS = "process", "生产装置（工艺）"
    STORAGE_AREA = "storage_area", "库区（仓库）"
    RAIN_GAUGE = "rain_gauge", "雨量站"
    WATER_LEVEL = "water_level", "水位站"


class PointType(models.TextChoices):
    """What a point measures; rule defaults are configured per type."""

    LEVEL = "level", "液位"
    TEMPERATURE = "temperature", "温度"
    PRESSURE = "pressure", "压力"
    GAS_COMBUSTIBLE = "gas_combustible", "可燃气体浓度"
    GAS_TOXIC = "gas_toxic", "有毒气体浓度"
    FLOW = "flow", "流量"
    RAINFALL = "rainfall", "雨量"
    WATER_LEVEL = "water_level", "水位"


class MonitoredObject(EnterpriseScopedMixin, models.Model):
    """A monitored object of an enterprise: a major hazard unit (linked to the
    enterprise registry), a tank, pipeline, process, storage area or a natural-hazard
    station. ``combo_min_points`` raises an object alarm when that many of its points
    are in alarm at once (0 turns the combination rule off)."""

    scope_region_field: ClassVar[str] = "enterprise__region"
    scope_industry_field: ClassVar[str | None] = "enterprise__industry"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.CASCADE, related_name="monitored_objects")
    kind = models.CharField("对象类型", max_length=20, choices=ObjectKind.choices)
    name = models.CharField("对象名称", max_length=100)
    code = models.CharField("对象编码", max_length=60)
    major_hazard_unit = models.ForeignKey(
        "enterprises.MajorHazardUnit", verbose_name="重大危险源单元", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    longitude = models.FloatField("经度", null=True, blank=True)
    latitude = models.FloatField("纬度", null=True, blank=True)
    combo_min_points = models.PositiveSmallIntegerField(
        "组合报警测点数", default=2, help_text="同一对象同时报警的测点数达到此值时产生组合报警；0为不启用")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "监测对象"
        verbose_name_plural = "监测对象"
        ordering = ["enterprise_id", "code"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "code"],
                                               name="monitoredobject_code_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.major_hazard_unit_id and self.enterprise_id:
            unit = self.major_hazard_unit
            if unit is not None and unit.source.enterprise_id != self.enterprise_id:
                raise ValidationError({"major_hazard_unit": "所选重大危险源单元不属于该企业"})


class Device(EnterpriseScopedMixin, models.Model):
    """A field device (transmitter, detector, gauge) on a monitored object."""

    enterprise_path: ClassVar[str] = "monitored_object__enterprise"
    scope_region_field: ClassVar[str] = "monitored_object__enterprise__region"
    scope_industry_field: ClassVar[str | None] = "monitored_object__enterprise__industry"

    monitored_object = models.ForeignKey(MonitoredObject, verbose_name="监测对象",
                                         on_delete=models.CASCADE, related_name="devices")
    name = models.CharField("设备名称", max_length=100)
    model_number = models.CharField("型号", max_length=60, blank=True)
    manufacturer = models.CharField("生产厂家", max_length=100, blank=True)
    installed_on = models.DateField("安装日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "监测设备"
        verbose_name_plural = "监测设备"
        ordering = ["monitored_object_id", "name"]

    def __str__(self) -> str:
        return self.name


class MeasurementPoint(EnterpriseScopedMixin, models.Model):
    """A measurement point (测点): what it measures, its unit, physical range, the four
    alarm thresholds (低低/低/高/高高, any may be blank), the expected sampling interval
    and per-point overrides of its type's rule settings. ``code`` is what gateways send
    and is unique within the enterprise."""

    scope_region_field: ClassVar[str] = "enterprise__region"
    scope_industry_field: ClassVar[str | None] = "enterprise__industry"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.CASCADE, related_name="+")
    monitored_object = models.ForeignKey(MonitoredObject, verbose_name="监测对象",
                                         on_delete=models.CASCADE, related_name="points")
    device = models.ForeignKey(Device, verbose_name="设备", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="points")
    code = models.CharField("测点编码", max_length=60)
    name = models.CharField("测点名称", max_length=100)
    point_type = models.CharField("测点类型", max_length=20, choices=PointType.choices)
    unit = models.CharField("单位", max_length=16)
    range_low = models.FloatField("量程下限")
    range_high = models.FloatField("量程上限")
    low_low = models.FloatField("低低报阈值", null=True, blank=True)
    low = models.FloatField("低报阈值", null=True, blank=True)
    high = models.FloatField("高报阈值", null=True, blank=True)
    high_high = models.FloatField("高高报阈值", null=True, blank=True)
    sampling_seconds = models.PositiveIntegerField("采样周期（秒）", default=10)
    rule_overrides = models.JSONField("规则参数（本测点覆盖）", default=dict, blank=True)
    enabled = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "监测测点"
        verbose_name_plural = "监测测点"
        ordering = ["enterprise_id", "code"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "code"],
                                               name="measurementpoint_code_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def clean(self) -> None:
        from yingji.monitoring.rules import check_overrides, threshold_problems

        errors: dict[str, str] = {}
        if self.range_low is not None and self.range_high is not None:
            errors.update(threshold_problems(self.range_low, self.range_high, self.low_low,
                                             self.low, self.high, self.high_high))
        if (self.monitored_object_id and self.enterprise_id
                and self.monitored_object.enterprise_id != self.enterprise_id):
            errors["monitored_object"] = "监测对象不属于该企业"
        device = self.device if self.device_id else None
        if device is not None and device.monitored_object_id != self.monitored_object_id:
            errors["device"] = "设备不属于该监测对象"
        problem = check_overrides(self.rule_overrides)
        if problem:
            errors["rule_overrides"] = problem
        if errors:
            raise ValidationError(errors)


class DataSource(EnterpriseScopedMixin, models.Model):
    """A gateway or system that sends an enterprise's readings, with its credential.

    Only the SHA-256 of the token is kept (tokens are 32 random bytes, so a fast hash
    is enough); the token itself is shown once when it is issued."""

    scope_region_field: ClassVar[str] = "enterprise__region"
    scope_industry_field: ClassVar[str | None] = "enterprise__industry"
    audit_exclude: ClassVar[tuple[str, ...]] = ("token_hash",)

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.CASCADE, related_name="+")
    code = models.CharField("数据源编码", max_length=40, unique=True,
                            help_text="MQTT主题与HTTP接口中使用，仅限字母、数字、-和_")
    name = models.CharField("名称", max_length=100)
    token_hash = models.CharField("令牌摘要", max_length=64, editable=False)
    token_prefix = models.CharField("令牌前缀", max_length=8, editable=False, blank=True)
    active = models.BooleanField("启用", default=True)
    last_seen_at = models.DateTimeField("最近接入时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "数据源"
        verbose_name_plural = "数据源"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def clean(self) -> None:
        from yingji.monitoring.ingest.validation import SOURCE_CODE_RE

        if self.code and not SOURCE_CODE_RE.fullmatch(self.code):
            raise ValidationError({"code": "编码仅限字母、数字、-和_，1至40位"})
