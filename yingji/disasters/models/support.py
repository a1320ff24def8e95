"""Winter-spring relief plans (冬春救助: the survey of households needing help, the plan,
the funds and the issue) and donations received with their use (救灾捐赠)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core import money
from yingji.core.scope import ScopedManager, ScopedModelMixin


class WinterSpringPlan(ScopedModelMixin, models.Model):
    """A county's (or street's) winter-spring relief of one season: the survey window
    (from the settings), the need found by the survey (the 冬春救助 cases registered in
    it), the funds allocated and what has been issued."""

    scope_region_field: ClassVar[str] = "region"

    region = models.ForeignKey("core.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(
        "disasters.DisasterEvent",
        verbose_name="主要致灾过程",
        on_delete=models.PROTECT,
        related_name="winter_plans",
    )
    season = models.CharField("救助年度", max_length=20, help_text="如：2026—2027年度")
    survey_start = models.DateField("调查开始")
    survey_end = models.DateField("调查结束")
    relief_start = models.DateField("救助开始")
    relief_end = models.DateField("救助结束")
    standard = models.DecimalField(
        "户均救助标准（元）", max_digits=10, decimal_places=2, default=Decimal("0")
    )
    allocated_funds = models.DecimalField(
        "已下达资金（元）", max_digits=14, decimal_places=2, default=Decimal("0")
    )
    funds_note = models.CharField("资金文号", max_length=120, blank=True)
    note = models.TextField("工作安排", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "冬春救助工作"
        verbose_name_plural = "冬春救助工作"
        ordering = ["-survey_start", "region"]
        constraints = [models.UniqueConstraint(fields=["region", "season"], name="dwinter_unique")]

    def __str__(self) -> str:
        return f"{self.region.name}{self.season}冬春救助"


class DonationKind(models.TextChoices):
    MONEY = "money", "资金"
    GOODS = "goods", "物资"


class Donation(ScopedModelMixin, models.Model):
    """A donation received (救灾捐赠): donor, money or goods, for which disaster, with the
    receipt number; its uses follow. Every figure carries its unit: 元 for money (stored
    in ``unit`` too), the goods' own unit (箱, 件, 吨 …) otherwise; ``figure`` writes a
    figure of this donation with it."""

    MONEY_UNIT: ClassVar[str] = "元"
    scope_region_field: ClassVar[str] = "region"

    region = models.ForeignKey(
        "core.Region", verbose_name="接收单位区划", on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey(
        "disasters.DisasterEvent",
        verbose_name="定向灾害",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
    )
    donor = models.CharField("捐赠方", max_length=120)
    kind = models.CharField("捐赠类型", max_length=8, choices=DonationKind.choices)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    goods = models.CharField("物资名称", max_length=60, blank=True)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField("单位", max_length=10, blank=True)
    received_at = models.DateTimeField("接收时间")
    receipt_no = models.CharField("捐赠票据号", max_length=40, blank=True)
    note = models.CharField("捐赠意愿", max_length=200, blank=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "救灾捐赠"
        verbose_name_plural = "救灾捐赠"
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        what = self.figure(self.total)
        return f"{self.donor}：{what if self.kind == DonationKind.MONEY else self.goods + what}"

    def figure(self, value: Decimal | None) -> str:
        """An amount or quantity of this donation (its total, a use, what is left) with
        its unit: 500,000.00元, 3,000箱."""
        if self.kind == DonationKind.MONEY:
            return money.yuan(value or 0)
        return f"{money.quantity(value or 0)}{self.unit}"

    @property
    def total(self) -> Decimal:
        return (self.amount if self.kind == DonationKind.MONEY else self.quantity) or Decimal("0")


class DonationUse(ScopedModelMixin, models.Model):
    """One use of a donation: how much, for what, for which household where there is one."""

    scope_region_field: ClassVar[str] = "donation__region"

    donation = models.ForeignKey(Donation, verbose_name="捐赠", on_delete=models.PROTECT, related_name="uses")
    quantity = models.DecimalField(
        "使用金额/数量",
        max_digits=14,
        decimal_places=2,
        help_text="单位同所用捐赠：资金为元，物资为其计量单位",
    )
    purpose = models.CharField("用途", max_length=200)
    case = models.ForeignKey(
        "disasters.ReliefCase",
        verbose_name="救助对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    used_at = models.DateTimeField("使用时间")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "捐赠使用"
        verbose_name_plural = "捐赠使用"
        ordering = ["-used_at"]

    def __str__(self) -> str:
        return f"{self.donation.donor}：{self.purpose}"

    @property
    def figure(self) -> str:
        """The amount or quantity used with the donation's unit."""
        return self.donation.figure(self.quantity)
