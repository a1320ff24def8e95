"""The indicator library (考核指标): each indicator is computed from the platform's
data by a provider its owning module registered (``core.kpis``), or entered by a
district with evidence; targets per district and year. A computed indicator has no
entered values: its figure is never typed."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core import kpis
from yingji.core.models import Region
from yingji.core.scope import CityWideReference, ScopedManager, ScopedModelMixin


class IndicatorKind(models.TextChoices):
    COMPUTED = "computed", "平台自动计算"
    ENTERED = "entered", "填报（附佐证）"


class Indicator(CityWideReference, models.Model):
    """An indicator of the library; a computed one names the provider it is read from
    (its ``code``), an entered one its unit and direction."""

    code = models.SlugField("指标代码", max_length=40, unique=True)
    name = models.CharField("指标名称", max_length=80)
    kind = models.CharField("取值方式", max_length=10, choices=IndicatorKind.choices)
    unit = models.CharField("单位", max_length=10, default="%")
    higher_is_better = models.BooleanField("越高越好", default=True)
    definition = models.TextField("计算口径", blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def provider(self) -> kpis.Provider | None:
        return kpis.get(self.code) if self.kind == IndicatorKind.COMPUTED else None

    @property
    def module(self) -> str:
        provider = self.provider
        return provider.module if provider else "填报"


class IndicatorTarget(ScopedModelMixin, models.Model):
    """The target of an indicator for a district (or the city itself) and a year: at
    least (higher is better) or at most (lower is better) ``value``."""

    scope_region_field: ClassVar[str] = "region"

    indicator = models.ForeignKey(Indicator, verbose_name="考核指标", on_delete=models.CASCADE,
                                  related_name="targets")
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(Region, verbose_name="区县", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField("目标值", max_digits=10, decimal_places=1)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "指标目标"
        verbose_name_plural = "指标目标"
        ordering = ["-year", "indicator", "region"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year", "region"],
                                               name="governance_target_unique")]

    def __str__(self) -> str:
        return f"{self.region}{self.year}年{self.indicator}目标"


class IndicatorEntry(ScopedModelMixin, models.Model):
    """The value of an entered indicator for a district and a month, with its evidence
    (core attachments, purpose ``kpi-evidence``, append-only): a correction is a new
    entry for the same month, the latest counts."""

    scope_region_field: ClassVar[str] = "region"
    append_only_purposes: ClassVar[frozenset[str]] = frozenset({"kpi-evidence"})

    indicator = models.ForeignKey(Indicator, verbose_name="考核指标", on_delete=models.CASCADE,
                                  related_name="entries")
    region = models.ForeignKey(Region, verbose_name="区县", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份", help_text="该月第一天")
    value = models.DecimalField("填报值", max_digits=10, decimal_places=1)
    note = models.TextField("情况说明")
    evidence_count = models.PositiveSmallIntegerField("佐证材料数", default=0, editable=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人",
                                   on_delete=models.PROTECT, related_name="+", editable=False)
    entered_at = models.DateTimeField("填报时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "指标填报"
        verbose_name_plural = "指标填报"
        ordering = ["-month", "-entered_at", "-id"]
        indexes = [models.Index(fields=["indicator", "region", "month"])]

    def __str__(self) -> str:
        return f"{self.region}{self.month:%Y年%m月}{self.indicator}"
