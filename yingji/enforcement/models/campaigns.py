"""Special campaigns (专项执法行动) of an annual plan and their planned inspections per
district and team."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yingji.core.models import Industry
from yingji.core.scope import ScopedManager, ScopedModelMixin


class Campaign(ScopedModelMixin, models.Model):
    """A special campaign of a plan (危险化学品安全专项整治, 3月—6月): its period, the
    industry it targets and the inspections planned for it per district and team
    (``CampaignQuota``); an inspection with source 专项行动 names it, and the plan page
    shows planned versus done."""

    plan = models.ForeignKey("enforcement.AnnualPlan", verbose_name="年度计划",
                             on_delete=models.CASCADE, related_name="campaign_set")
    name = models.CharField("专项行动名称", max_length=120)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    industry = models.CharField("重点行业", max_length=20, choices=Industry.choices, blank=True)
    description = models.TextField("工作要求", blank=True)
    region = models.ForeignKey("core.Region", verbose_name="区域", on_delete=models.PROTECT,
                               related_name="+", editable=False)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "专项执法行动"
        verbose_name_plural = "专项执法行动"
        ordering = ["plan", "starts_on", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"],
                                               name="enforcement_campaign_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.starts_on:%m月%d日}—{self.ends_on:%m月%d日}）"


class CampaignQuota(ScopedModelMixin, models.Model):
    """How many inspections of a campaign a district (and, where given, one of its
    teams) is to carry out."""

    campaign = models.ForeignKey(Campaign, verbose_name="专项行动", on_delete=models.CASCADE,
                                 related_name="quotas")
    region = models.ForeignKey("core.Region", verbose_name="区（县）", on_delete=models.PROTECT,
                               related_name="+")
    team = models.ForeignKey("enforcement.Team", verbose_name="执法小组", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    planned = models.PositiveIntegerField("计划检查（家次）")

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "专项行动任务"
        verbose_name_plural = "专项行动任务"
        ordering = ["campaign", "region", "team"]
        constraints = [models.UniqueConstraint(fields=["campaign", "region", "team"],
                                               name="enforcement_quota_unique")]

    def __str__(self) -> str:
        team = self.team.name if self.team is not None else ""
        return f"{self.region}{team}：{self.planned}家次"
