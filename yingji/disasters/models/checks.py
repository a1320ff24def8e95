"""The 12-hour check of every affected street: the five guarantees confirmed one by
one with evidence."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.disasters import rules


class TwelveHourCheck(ScopedModelMixin, models.Model):
    """One affected street's check: due ``twelve_hours`` after the disaster's start;
    complete when the five guarantees are confirmed."""

    scope_region_field: ClassVar[str] = "region"

    event = models.ForeignKey(
        "disasters.DisasterEvent", verbose_name="灾害事件", on_delete=models.CASCADE, related_name="checks"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name="街道（乡镇）", on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField("时限")
    completed_at = models.DateTimeField("全部落实时间", null=True, blank=True)
    escalated_at = models.DateTimeField("逾期督办时间", null=True, blank=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "12小时基本生活保障"
        verbose_name_plural = "12小时基本生活保障"
        ordering = ["due_at", "region"]
        constraints = [models.UniqueConstraint(fields=["event", "region"], name="dcheck_unique")]

    def __str__(self) -> str:
        return f"{self.region.name}·12小时保障"


class GuaranteeConfirmation(ScopedModelMixin, models.Model):
    """One guarantee (有饭吃, 有衣穿 …) confirmed with its evidence."""

    scope_region_field: ClassVar[str] = "twelve_check__region"

    twelve_check = models.ForeignKey(
        TwelveHourCheck, verbose_name="核查", on_delete=models.CASCADE, related_name="confirmations"
    )
    item = models.CharField("保障事项", max_length=10, choices=list(rules.GUARANTEES))
    evidence = models.CharField("落实情况（证据）", max_length=300)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间")

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "保障事项确认"
        verbose_name_plural = "保障事项确认"
        constraints = [models.UniqueConstraint(fields=["twelve_check", "item"], name="dguarantee_unique")]

    def __str__(self) -> str:
        return f"{self.twelve_check}：{self.get_item_display()}"
