"""The annual inspection plan (年度监督检查计划) and the 双随机一公开 draws."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.enterprises.models.ownership import EnterpriseScopedMixin


class AnnualPlan(ScopedModelMixin, models.Model):
    """A department's plan for a year: its key enterprises with a visit frequency by
    supervision class (the enterprise registry's A–D), a share of the other enterprises
    for random checks, and special campaigns (``Campaign``, each with its planned
    inspections per district and team)."""

    year = models.PositiveIntegerField("年度")
    title = models.CharField("计划名称", max_length=120)
    department = models.ForeignKey("core.Department", verbose_name="执法部门",
                                   on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("core.Region", verbose_name="区域", on_delete=models.PROTECT,
                               related_name="+")
    random_share = models.PositiveIntegerField("一般企业随机抽查比例（%）", default=10)
    approved = models.BooleanField("已审定", default=False)
    # The first of the month whose laggards' reminder the job claimed (once a month).
    behind_reminded_on = models.DateField("进度滞后提醒日", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "年度执法计划"
        verbose_name_plural = "年度执法计划"
        ordering = ["-year", "region"]
        constraints = [models.UniqueConstraint(fields=["year", "department"],
                                               name="enforcement_plan_unique")]

    def __str__(self) -> str:
        return self.title


class PlanTarget(EnterpriseScopedMixin, models.Model):
    """A key enterprise of a plan with its yearly visits (from its supervision class)
    and the team in charge."""

    scope_region_field: ClassVar[str] = "enterprise__region"

    plan = models.ForeignKey(AnnualPlan, verbose_name="计划", on_delete=models.CASCADE,
                             related_name="targets")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.PROTECT, related_name="+")
    visits_per_year = models.PositiveSmallIntegerField("年检查频次")
    team = models.ForeignKey("enforcement.Team", verbose_name="责任小组", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="targets")

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "重点检查企业"
        verbose_name_plural = "重点检查企业"
        ordering = ["plan", "enterprise"]
        constraints = [models.UniqueConstraint(fields=["plan", "enterprise"],
                                               name="enforcement_target_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise}（{self.visits_per_year}次/年）"


class Draw(ScopedModelMixin, models.Model):
    """One 双随机 draw: the filter, the stored seed, snapshots of both pools, the rules
    applied and the result; re-running from the seed and snapshots gives the same result.
    Published (公开) on the public page within the configured working days."""

    title = models.CharField("抽查名称", max_length=120)
    department = models.ForeignKey("core.Department", verbose_name="执法部门",
                                   on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("core.Region", verbose_name="抽查区域", on_delete=models.PROTECT,
                               related_name="+")
    plan = models.ForeignKey(AnnualPlan, verbose_name="年度计划", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="draws")
    industry = models.CharField("行业", max_length=20, blank=True)
    supervision_class = models.CharField("监管类别", max_length=8, blank=True)
    count = models.PositiveIntegerField("抽取企业数")
    team_size = models.PositiveSmallIntegerField("每组人数", default=2)
    seed = models.BigIntegerField("随机种子")
    enterprise_pool = models.JSONField("企业名录库快照", default=list)
    inspector_pool = models.JSONField("执法人员库快照", default=list)
    exclusions = models.JSONField("回避规则与排除", default=dict)
    result = models.JSONField("抽取结果", default=dict)
    drawn_at = models.DateTimeField("抽取时间")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="抽取人", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    publish_due = models.DateTimeField("公开期限", null=True, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "双随机抽查"
        verbose_name_plural = "双随机抽查"
        ordering = ["-drawn_at", "-id"]

    def __str__(self) -> str:
        return self.title


class DrawPick(EnterpriseScopedMixin, models.Model):
    """One drawn enterprise with its team; the inspection done for it links back."""

    scope_region_field: ClassVar[str] = "enterprise__region"

    draw = models.ForeignKey(Draw, verbose_name="抽查", on_delete=models.CASCADE,
                             related_name="picks")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.PROTECT, related_name="+")
    inspectors = models.ManyToManyField("enforcement.Inspector", verbose_name="执法人员",
                                        related_name="+")
    order = models.PositiveIntegerField("序号")

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "抽中企业"
        verbose_name_plural = "抽中企业"
        ordering = ["draw", "order"]

    def __str__(self) -> str:
        return str(self.enterprise)
