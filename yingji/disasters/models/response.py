"""The relief response criteria (国家自然灾害救助应急预案 and the province's and city's
own plans, as editable tables) and the decisions to start a response."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import CityWideReference, ScopedManager, ScopedModelMixin
from yingji.disasters import rules


class PlanTier(models.TextChoices):
    NATIONAL = "national", "国家自然灾害救助应急预案"
    PROVINCE = "province", "省级自然灾害救助应急预案"
    CITY = "city", "市级自然灾害救助应急预案"


class ResponseLevel(models.TextChoices):
    I = "I", "Ⅰ级"  # noqa: E741  (the plan's own name)
    II = "II", "Ⅱ级"
    III = "III", "Ⅲ级"
    IV = "IV", "Ⅳ级"


class ResponseThreshold(CityWideReference, models.Model):
    """One criterion of a plan: ``indicator`` at or above ``minimum`` reaches ``level``.
    The national rows are the 2024 plan's (II–IV carry the 2016 figures); the province's
    and the city's tables are edited here."""

    tier = models.CharField("预案", max_length=10, choices=PlanTier.choices)
    level = models.CharField("响应级别", max_length=4, choices=ResponseLevel.choices)
    indicator = models.CharField("指标", max_length=20, choices=list(rules.RESPONSE_INDICATORS.items()))
    minimum = models.DecimalField(
        "启动条件（达到或超过）", max_digits=14, decimal_places=2, default=Decimal("0")
    )
    text = models.CharField("条款原文", max_length=300)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "救助应急响应启动条件"
        verbose_name_plural = "救助应急响应启动条件"
        ordering = ["tier", "level", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "level", "indicator"], name="dthreshold_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_tier_display()}{self.get_level_display()}：{self.get_indicator_display()}"

    def as_rule(self) -> rules.Threshold:
        return rules.Threshold(self.level, self.indicator, self.minimum, self.text)


class ResponseDecision(ScopedModelMixin, models.Model):
    """The decision to start (or adjust) a relief response: who decided, when, which
    level, the level the figures suggested and the basis shown to the leader."""

    scope_region_field: ClassVar[str] = "event__region"

    event = models.ForeignKey(
        "disasters.DisasterEvent", verbose_name="灾害事件", on_delete=models.PROTECT, related_name="decisions"
    )
    level = models.CharField("启动级别", max_length=4, choices=ResponseLevel.choices)
    suggested_level = models.CharField("测算级别", max_length=4, blank=True)
    tier = models.CharField("依据预案", max_length=10, choices=PlanTier.choices)
    basis = models.TextField("启动依据")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("决定时间")

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "救助应急响应决定"
        verbose_name_plural = "救助应急响应决定"
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.event}：启动{self.get_level_display()}救助应急响应"
