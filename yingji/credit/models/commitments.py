"""Safety commitments (安全承诺): the bureau's plan of who commits how often, and the
commitments the enterprises sign (periodic ones and the credit commitment of a
repair)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.models.settings import SingletonSettings
from yingji.core.scope import ScopedManager
from yingji.enterprises.models.ownership import EnterpriseScopedMixin


class Frequency(models.TextChoices):
    DAILY = "daily", "每日承诺"
    SHIFT = "shift", "每班承诺"
    WEEKLY = "weekly", "每周承诺"


class CommitmentKind(models.TextChoices):
    PERIODIC = "periodic", "安全承诺"
    CREDIT = "credit", "信用修复承诺"


class CommitmentPlan(EnterpriseScopedMixin, models.Model):
    """The bureau's setting for one enterprise: how often it commits (daily, per shift
    for hazardous-chemical and other high-risk enterprises, weekly), how many shifts and
    the text it commits to."""

    scope_region_field: ClassVar[str] = "enterprise__region"
    scope_industry_field: ClassVar[str | None] = "enterprise__industry"

    enterprise = models.OneToOneField("enterprises.Enterprise", verbose_name="企业",
                                      on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField("承诺频次", max_length=8, choices=Frequency.choices,
                                 default=Frequency.DAILY)
    shifts = models.PositiveSmallIntegerField("每日班次", default=1)
    text = models.TextField("承诺内容", blank=True, help_text="留空则使用默认承诺内容")
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "安全承诺要求"
        verbose_name_plural = "安全承诺要求"
        ordering = ["enterprise_id"]

    def __str__(self) -> str:
        return f"{self.enterprise}·{self.get_frequency_display()}"


class SafetyCommitment(EnterpriseScopedMixin, models.Model):
    """A commitment signed by the enterprise: the day (and shift) it covers, the state
    of its risks it declares, the text and the person who signed it in the enterprise
    interface."""

    scope_region_field: ClassVar[str] = "enterprise__region"
    scope_industry_field: ClassVar[str | None] = "enterprise__industry"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("承诺类型", max_length=8, choices=CommitmentKind.choices,
                            default=CommitmentKind.PERIODIC)
    day = models.DateField("承诺日期")
    shift = models.PositiveSmallIntegerField("班次", default=0, help_text="0为全天")
    risks_controlled = models.BooleanField("重大危险源和风险点处于受控状态", default=True)
    special_work = models.CharField("当日特殊作业（动火、受限空间等）", max_length=200, blank=True)
    text = models.TextField("承诺内容")
    signer = models.CharField("承诺人", max_length=40)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签署账号", null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+",
                                  editable=False)
    signed_at = models.DateTimeField("签署时间", auto_now_add=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "安全承诺"
        verbose_name_plural = "安全承诺"
        ordering = ["-day", "-shift", "-id"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "kind", "day", "shift"],
                                               name="credit_commitment_unique")]

    def __str__(self) -> str:
        shift = f"第{self.shift}班" if self.shift else ""
        return f"{self.enterprise}{self.day:%Y-%m-%d}{shift}{self.get_kind_display()}"


DEFAULT_TEXT = ("本企业承诺：今日各生产装置、重大危险源、特殊作业均处于安全受控状态，"
                "安全设施完好，人员持证上岗，发现隐患立即整改。")


class CreditSettings(SingletonSettings):
    """Parameters of safety credit (defaults: 令第11号 — 3 years' management period,
    early removal after 12 months; the statement period and the effects are the
    bureau's)."""

    management_years = models.PositiveSmallIntegerField("名单管理期限（年）", default=3)
    early_removal_months = models.PositiveSmallIntegerField("提前移出最短列入期限（月）", default=12)
    statement_workdays = models.PositiveSmallIntegerField("陈述申辩期限（工作日）", default=5)
    publish_on_decision = models.BooleanField("作出决定后自动公示", default=True)
    commitment_text = models.TextField("默认承诺内容", default=DEFAULT_TEXT)
    commitment_due_hour = models.PositiveSmallIntegerField("每日承诺截止时刻（时）", default=9)
    inspection_multiplier = models.PositiveSmallIntegerField("失信企业检查频次倍数", default=2)
    inspection_minimum = models.PositiveSmallIntegerField("失信企业每年最少检查次数", default=4)

    class Meta:
        verbose_name = "安全生产信用参数"
        verbose_name_plural = "安全生产信用参数"

    def __str__(self) -> str:
        return "安全生产信用参数"
