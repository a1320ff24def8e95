"""Risk points (风险点) with their LEC or LS assessment and four-colour grade."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yingji.core.personal.fields import PersonalField
from yingji.core.scope import ScopedManager
from yingji.enterprises.models.ownership import EnterpriseScopedMixin
from yingji.enterprises.models.reference import AssessmentMethod, RiskColour


class RiskPoint(EnterpriseScopedMixin, models.Model):
    """A risk point of an enterprise: place or activity, hazard factors, the latest
    assessment (LEC: D = L×E×C, or LS: R = L×S), its level and colour, controls and
    the responsible person. Score, level and colour are computed by the services."""

    scope_region_field: ClassVar[str] = "enterprise__region"
    scope_industry_field: ClassVar[str | None] = "enterprise__industry"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.CASCADE, related_name="risk_points")
    name = models.CharField("风险点名称", max_length=100)
    location = models.CharField("所在位置", max_length=100, blank=True)
    hazard_factors = models.TextField("危险有害因素", blank=True)
    method = models.CharField("评价方法", max_length=4, choices=AssessmentMethod.choices,
                              default=AssessmentMethod.LEC)
    lec_l = models.FloatField("L（可能性）", null=True, blank=True)
    lec_e = models.FloatField("E（暴露频繁程度）", null=True, blank=True)
    lec_c = models.FloatField("C（后果）", null=True, blank=True)
    ls_l = models.PositiveSmallIntegerField("L（可能性，1-5）", null=True, blank=True)
    ls_s = models.PositiveSmallIntegerField("S（严重性，1-5）", null=True, blank=True)
    score = models.FloatField("风险值", null=True, blank=True, editable=False)
    level = models.CharField("风险等级", max_length=20, blank=True, editable=False)
    colour = models.CharField("风险颜色", max_length=8, choices=RiskColour.choices, blank=True,
                              editable=False)
    control_measures = models.TextField("管控措施", blank=True)
    responsible_person = models.CharField("责任人", max_length=40, blank=True)
    responsible_phone = PersonalField("责任人电话", kind="phone", max_length=20, blank=True)
    assessed_on = models.DateField("评价日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "风险点"
        verbose_name_plural = "风险点"
        ordering = ["enterprise_id", "id"]

    def __str__(self) -> str:
        return self.name
