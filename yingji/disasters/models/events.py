"""The disaster event (一次灾害过程) and the module's settings."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from yingji.core.models.settings import SingletonSettings
from yingji.core.scope import Scope, ScopedManager, ScopedModelMixin, region_range_q


class DisasterKind(models.TextChoices):
    """Disaster types of 自然灾害情况统计调查制度 (灾种)."""

    FLOOD = "flood", "洪涝"
    TYPHOON = "typhoon", "台风"
    DROUGHT = "drought", "干旱"
    HAIL = "hail", "风雹"
    FREEZE = "freeze", "低温冷冻"
    SNOW = "snow", "雪灾"
    EARTHQUAKE = "earthquake", "地震"
    GEOLOGICAL = "geological", "地质灾害"
    FOREST_FIRE = "forest_fire", "森林火灾"
    MARINE = "marine", "海洋灾害"
    BIOLOGICAL = "biological", "生物灾害"
    OTHER = "other", "其他"


class DisasterGrade(models.TextChoices):
    """Grade of the disaster (突发事件应对法: 特别重大 / 重大 / 较大 / 一般)."""

    GENERAL = "general", "一般"
    LARGER = "larger", "较大"
    MAJOR = "major", "重大"
    ESPECIALLY_MAJOR = "especially_major", "特别重大"


class EventState(models.TextChoices):
    ACTIVE = "active", "灾情发展中"
    STABLE = "stable", "灾情稳定（待核报）"
    VERIFIED = "verified", "已核报"
    CLOSED = "closed", "已结束"


class DisasterEvent(ScopedModelMixin, models.Model):
    """One disaster process: its type, grade, start and end, the region that leads it
    (the scope: a county or the city) and the streets it affects, and the warnings and
    incidents it came with. Its reports are filed by the villages and communities of
    the affected streets."""

    scope_region_field: ClassVar[str] = "region"

    title = models.CharField("灾害名称", max_length=120)
    kind = models.CharField("灾种", max_length=16, choices=DisasterKind.choices)
    # The registrar's first judgement. The grade every screen shows comes from the figures,
    # with the relief response level (services.response.Assessment.grade); this one stands
    # only until the first village has reported.
    grade = models.CharField(
        "初判等级",
        max_length=20,
        choices=DisasterGrade.choices,
        default=DisasterGrade.GENERAL,
        help_text="接报时的初步判断；村（社区）报灾后，灾害等级按响应启动条件由灾情数据测算确定",
    )
    region = models.ForeignKey(
        "core.Region", verbose_name="牵头区划", on_delete=models.PROTECT, related_name="+"
    )
    affected_regions = models.ManyToManyField(
        "core.Region", verbose_name="受灾街道（乡镇）", blank=True, related_name="+"
    )
    started_at = models.DateTimeField("灾害发生时间")
    ended_at = models.DateTimeField("灾害结束时间", null=True, blank=True)
    stabilised_at = models.DateTimeField("灾情稳定时间", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=12, choices=EventState.choices, default=EventState.ACTIVE, db_index=True
    )
    description = models.TextField("灾害概况", blank=True)
    bulletins = models.ManyToManyField(
        "warnings.Bulletin", verbose_name="关联预警", blank=True, related_name="+"
    )
    incidents = models.ManyToManyField(
        "incidents.Incident", verbose_name="关联突发事件", blank=True, related_name="+"
    )
    frozen_at = models.DateTimeField("核报锁定时间", null=True, blank=True)
    response_level = models.CharField("救助应急响应", max_length=4, blank=True)
    response_started_at = models.DateTimeField("响应启动时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "灾害事件"
        verbose_name_plural = "灾害事件"
        ordering = ["-started_at", "-id"]
        permissions = [
            ("decide_response", "启动救灾救助应急响应"),
            ("verify_disasterevent", "完成核报并锁定灾情数据"),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        """Seen by the scope of its leading region and by every scope holding one of its
        affected streets (a street's informant sees the city's flood); changed only
        inside the leading region's scope (``in_scope``)."""
        if scope.region_prefix is None:
            return Q()
        streets = cls.affected_regions.through.objects.filter(
            region_range_q("region_id", scope.region_prefix), disasterevent_id=OuterRef("pk")
        )
        return region_range_q("region", scope.region_prefix) | Q(Exists(streets))

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class DisasterSettings(SingletonSettings):
    """Time limits of 灾情报送 and relief, with the national defaults of 自然灾害情况统计
    调查制度 (初报 2 hours; 续报 daily, the county before 09:00, while 重大 and above;
    核报 the county within 5 days of stabilising) and of the relief practice (12 hours
    to the five guarantees)."""

    initial_hours = models.PositiveIntegerField(
        "初报时限（小时）", default=2, help_text="统计调查制度：灾害发生后2小时内初报"
    )
    followup_hour = models.PositiveIntegerField(
        "续报截止时刻（时）", default=9, help_text="统计调查制度：重大及以上灾害每日9时前续报（县级）"
    )
    final_days = models.PositiveIntegerField(
        "核报时限（天）", default=5, help_text="统计调查制度：灾情稳定后县级5日内核报"
    )
    remind_before_minutes = models.PositiveIntegerField("到期前提醒（分钟）", default=30)
    ack_within_minutes = models.PositiveIntegerField("叫应应答时限（分钟）", default=30)
    twelve_hours = models.PositiveIntegerField(
        "基本生活保障时限（小时）", default=12, help_text="灾害发生12小时内受灾群众得到初步救助"
    )
    response_plan = models.CharField(
        "适用的响应标准",
        max_length=12,
        default="national",
        choices=[("national", "国家"), ("province", "省级"), ("city", "市级")],
    )
    winter_survey_start = models.CharField("冬春救助调查开始（月-日）", max_length=5, default="09-01")
    winter_survey_end = models.CharField("冬春救助调查结束（月-日）", max_length=5, default="10-31")
    statistics_approval_no = models.CharField(
        "统计报表批准文号",
        max_length=60,
        blank=True,
        help_text="印在自然灾害情况统计表右上角；按现行统计调查制度的批准文号填写",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "灾情报送设置"
        verbose_name_plural = "灾情报送设置"

    def __str__(self) -> str:
        return "灾情报送设置"
