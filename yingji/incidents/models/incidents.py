"""Incidents (突发事件): intake by the duty officer, grade, response level, closing."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.personal.fields import PersonalField
from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.core.workflow import WorkflowModel
from yingji.incidents import rules
from yingji.incidents.models.config import CATEGORY_CHOICES, GRADE_CHOICES, SUBTYPE_CHOICES


class Source(models.TextChoices):
    PHONE = "phone", "电话报告"
    HOTLINE = "hotline", "12350/110/119/120联动"
    ENTERPRISE = "enterprise", "企业报告"
    DEPARTMENT = "department", "部门通报"
    SUPERIOR = "superior", "上级交办"
    MONITORING = "monitoring", "监测预警"
    MEDIA = "media", "网络舆情"
    OTHER = "other", "其他"


class ResponseLevel(models.TextChoices):
    I = "I", "Ⅰ级响应"  # noqa: E741
    II = "II", "Ⅱ级响应"
    III = "III", "Ⅲ级响应"
    IV = "IV", "Ⅳ级响应"


class Incident(ScopedModelMixin, WorkflowModel):
    """A reported emergency: when and how it was received, where, what (national
    classification), casualties and loss, the chosen grade and the rule's suggestion,
    the matched enterprise, the response level. States: 已接报 → 处置中 → 已结束 → 已复盘."""

    scope_region_field: ClassVar[str] = "region"

    title = models.CharField("事件名称", max_length=120)
    received_at = models.DateTimeField("接报时间", db_index=True)
    occurred_at = models.DateTimeField("发生时间", null=True, blank=True)
    source = models.CharField("信息来源", max_length=12, choices=Source.choices,
                              default=Source.PHONE)
    caller = models.CharField("报告人", max_length=60, blank=True)
    caller_phone = PersonalField("报告人电话", kind="phone", max_length=30, blank=True)
    caller_unit = models.CharField("报告单位", max_length=100, blank=True)
    region = models.ForeignKey("core.Region", verbose_name="发生区划", on_delete=models.PROTECT,
                               related_name="+")
    address = models.CharField("地点", max_length=200)
    longitude = models.FloatField("经度", null=True, blank=True)
    latitude = models.FloatField("纬度", null=True, blank=True)
    category = models.CharField("事件类别", max_length=12, choices=CATEGORY_CHOICES)
    subtype = models.CharField("事件子类", max_length=24, choices=SUBTYPE_CHOICES)
    deaths = models.PositiveIntegerField("死亡人数", default=0)
    missing = models.PositiveIntegerField("失踪人数", default=0)
    serious_injuries = models.PositiveIntegerField("重伤人数（含急性中毒）", default=0)
    injuries = models.PositiveIntegerField("轻伤人数", default=0)
    trapped = models.PositiveIntegerField("被困人数", default=0)
    loss_wan = models.DecimalField("直接经济损失（万元）", max_digits=14, decimal_places=2,
                                   default=0)
    affected = models.PositiveIntegerField("受灾/影响人数", default=0)
    relocated = models.PositiveIntegerField("紧急转移安置人数", default=0)
    description = models.TextField("事件简况")
    grade = models.CharField("事件等级", max_length=4, choices=GRADE_CHOICES, blank=True)
    suggested_grade = models.CharField("规则建议等级", max_length=4, choices=GRADE_CHOICES,
                                       blank=True, editable=False)
    grade_warning = models.CharField("等级提示", max_length=200, blank=True, editable=False)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="涉事企业", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    response_level = models.CharField("响应级别", max_length=4, choices=ResponseLevel.choices,
                                      blank=True)
    response_started_at = models.DateTimeField("启动响应时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接报人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "突发事件"
        verbose_name_plural = "突发事件"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["region", "received_at"], name="incident_region_time_idx"),
                   models.Index(fields=["state", "received_at"], name="incident_state_time_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def grade_display(self) -> str:
        return rules.grade_label(self.grade or None)

    @property
    def is_open(self) -> bool:
        return self.state in ("received", "responding")

    @property
    def point(self) -> tuple[float, float] | None:
        if self.longitude is None or self.latitude is None:
            return None
        return (self.longitude, self.latitude)

    @property
    def accident_493(self) -> bool:
        found = rules.subtype(self.subtype)
        return bool(found and found.accident_493)
