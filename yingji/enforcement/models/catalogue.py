"""The enforcement catalogue (执法事项清单) and the discretion standard (裁量基准)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models

from yingji.core.scope import CityWideReference, ScopedManager
from yingji.enforcement import rules


class EnforcementItem(CityWideReference, models.Model):
    """One item of the 执法事项清单: what is checked, on which legal basis, by which
    department, in which industries (empty: all)."""

    code = models.CharField("事项编码", max_length=20, unique=True)
    name = models.CharField("检查事项", max_length=200)
    legal_basis = models.TextField("法律依据")
    department = models.CharField("实施主体", max_length=60, default="应急管理部门")
    industries = models.JSONField("适用行业", default=list, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "执法事项"
        verbose_name_plural = "执法事项清单"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class StandardKind(models.TextChoices):
    """How a standard's range is expressed."""

    AMOUNT = "amount", "按情节定罚款金额"
    ACCIDENT = "accident", "按事故等级定罚款（第一百一十四条）"
    INCOME = "income", "按上一年年收入比例（第九十五条）"


class DiscretionStandard(CityWideReference, models.Model):
    """The discretion standard of one violation: its legal bases and, in its bands, the
    circumstances and fine range of 轻微, 一般, 较重 and 严重 (or by accident grade)."""

    code = models.CharField("编号", max_length=20, unique=True)
    violation = models.CharField("违法行为", max_length=200)
    violated_basis = models.CharField("违法依据", max_length=200)
    penalty_basis = models.CharField("处罚依据", max_length=200)
    kind = models.CharField("裁量方式", max_length=10, choices=StandardKind.choices,
                            default=StandardKind.AMOUNT)
    person_liable = models.BooleanField("同时处罚主要负责人（一案双罚）", default=False)
    item = models.ForeignKey(EnforcementItem, verbose_name="执法事项", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="standards")

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.violation}"

    def band_rows(self) -> list[rules.Band]:
        return [rules.Band(b.band, b.fine_min, b.fine_max) for b in self.bands.all()]


BAND_CHOICES = [*rules.BANDS.items(), *((f"acc_{k}", v) for k, v in rules.ACCIDENT_GRADES.items())]


class DiscretionBand(CityWideReference, models.Model):
    """One band of a standard: the circumstances and the fine range (yuan); for the
    第九十五条 standard the range is a share of last year's income (``share_*``, percent)."""

    standard = models.ForeignKey(DiscretionStandard, verbose_name="裁量基准",
                                 on_delete=models.CASCADE, related_name="bands")
    band = models.CharField("裁量阶次", max_length=12, choices=BAND_CHOICES)
    circumstances = models.CharField("适用情形", max_length=300)
    fine_min = models.DecimalField("罚款下限（元）", max_digits=14, decimal_places=2,
                                   default=Decimal("0"))
    fine_max = models.DecimalField("罚款上限（元）", max_digits=14, decimal_places=2,
                                   default=Decimal("0"))
    share_min = models.DecimalField("收入比例下限（%）", max_digits=5, decimal_places=2,
                                    null=True, blank=True)
    share_max = models.DecimalField("收入比例上限（%）", max_digits=5, decimal_places=2,
                                    null=True, blank=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "裁量阶次"
        verbose_name_plural = "裁量阶次"
        ordering = ["standard", "fine_min", "band"]
        constraints = [models.UniqueConstraint(fields=["standard", "band"],
                                               name="enforcement_band_unique")]

    def __str__(self) -> str:
        return f"{self.standard.code} {self.get_band_display()}"
