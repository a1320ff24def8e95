"""Risk points (风险点): where people are threatened in the flood season, who answers
for each point (the published 三防责任人 of the warnings module's directory, referenced,
never copied), the gauges that open its transfer and the households to move."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from yingji.core.personal.fields import PersonalField
from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.flood import rules
from yingji.warnings.models import Level


class PointKind(models.TextChoices):
    WATERLOGGING = "waterlogging", "内涝点"
    GEOHAZARD = "geohazard", "山洪地质灾害隐患点"
    DILAPIDATED = "dilapidated", "危旧房"
    LOWLAND = "lowland", "低洼地"
    CONSTRUCTION = "construction", "在建工地"
    UNDERPASS = "underpass", "下穿隧道"
    FISHING_BOAT = "fishing_boat", "海上渔船"
    AQUACULTURE = "aquaculture", "沿海养殖"


class FloodPoint(ScopedModelMixin, models.Model):
    """A flood-season risk point: its kind, place (a point on the map and the street or
    community that holds it, which is its data scope), what it threatens, the warning
    level at which its people are moved, its responsible persons and shelter, and the
    disposal card of its 一图一案一册."""

    scope_region_field: ClassVar[str] = "region"

    code = models.CharField("编号", max_length=30, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=PointKind.choices)
    region = models.ForeignKey("core.Region", verbose_name="所在街道（社区）",
                               on_delete=models.PROTECT, related_name="+")
    address = models.CharField("位置", max_length=200)
    longitude = models.FloatField("经度")
    latitude = models.FloatField("纬度")
    people_threatened = models.PositiveIntegerField("威胁人数", default=0)
    houses_threatened = models.PositiveIntegerField("威胁房屋（间）", default=0)
    threat = models.CharField("威胁对象", max_length=200, blank=True,
                              help_text="如：沿线居民、地下车库、过往车辆行人")
    trigger_level = models.CharField("转移预警级别", max_length=10, choices=Level.choices,
                                     default=Level.ORANGE,
                                     help_text="所在区域生效的预警达到此级别（或更高）时启动转移")
    responsible = models.ManyToManyField("warnings.ResponsiblePerson", verbose_name="责任人",
                                         blank=True, related_name="+",
                                         help_text="从责任人名录中选择（三防责任人、群测群防员）")
    shelter = models.ForeignKey("resources.Shelter", verbose_name="避险安置场所", null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")
    route = models.CharField("转移路线", max_length=300, blank=True)
    signal = models.CharField("预警信号", max_length=100, blank=True,
                              help_text="如：鸣锣、口哨、广播、电话逐户通知")
    disposal = models.TextField("处置措施", help_text="处置卡的内容：封闭、值守、抽排、转移的做法")
    active = models.BooleanField("在用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "风险点"
        verbose_name_plural = "风险点"
        ordering = ["region_id", "code"]
        indexes = [models.Index(fields=["region", "kind"])]

    def __str__(self) -> str:
        return self.name


class GaugeLink(ScopedModelMixin, models.Model):
    """A rain or water-level gauge of the monitoring module watched for a point, with the
    reading at which the point's transfer opens."""

    scope_region_field: ClassVar[str] = "point__region"

    point = models.ForeignKey(FloodPoint, verbose_name="风险点", on_delete=models.CASCADE,
                              related_name="gauges")
    gauge = models.ForeignKey("monitoring.MeasurementPoint", verbose_name="监测站（测点）",
                              on_delete=models.PROTECT, related_name="+")
    threshold = models.FloatField("转移阈值", help_text="读数达到此值时启动转移（单位同测点）")
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "关联监测站"
        verbose_name_plural = "关联监测站"
        ordering = ["point_id", "id"]
        constraints = [models.UniqueConstraint(fields=["point", "gauge"], name="flood_gauge_once")]

    def __str__(self) -> str:
        return f"{self.gauge}≥{self.threshold:g}"


class Household(ScopedModelMixin, models.Model):
    """A household to move when the point's level is reached (the roster, 一册): its
    head, members, the 八个必转 categories it falls in and whether it has people who
    need help to move (老弱病残孕)."""

    scope_region_field: ClassVar[str] = "point__region"

    point = models.ForeignKey(FloodPoint, verbose_name="风险点", on_delete=models.CASCADE,
                              related_name="households")
    head_name = models.CharField("户主", max_length=40)
    phone = PersonalField("联系电话", kind="phone", max_length=20, blank=True)
    address = models.CharField("住址", max_length=200, blank=True)
    members = models.PositiveSmallIntegerField("人数", default=1, validators=[MinValueValidator(1)])
    categories = models.JSONField("必转类别", default=list, blank=True)
    vulnerable = models.BooleanField("有老弱病残孕", default=False)
    vulnerable_note = models.CharField("帮扶说明", max_length=200, blank=True,
                                       help_text="如：独居老人，需背送；孕妇")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "转移户"
        verbose_name_plural = "转移户"
        ordering = ["point_id", "id"]

    def __str__(self) -> str:
        return f"{self.head_name}户（{self.members}人）"

    def clean(self) -> None:
        super().clean()
        problem = rules.categories_refusal(self.categories or [])
        if problem:
            raise ValidationError({"categories": problem})

    @property
    def category_labels(self) -> str:
        return "、".join(rules.EIGHT_MUST_LABELS.get(c, c) for c in self.categories or [])
