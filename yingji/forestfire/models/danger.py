"""Forest fire danger (森林火险气象等级) by region and day: the weather inputs, the index
and level computed from them (or the level entered from the weather bureau's forecast),
and the warning bulletin it led to."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.forestfire import rules


class DangerSource(models.TextChoices):
    COMPUTED = "computed", "按气象要素计算"
    ENTERED = "entered", "录入气象部门等级"


class FireDanger(ScopedModelMixin, models.Model):
    """The forest fire danger of one region (a county or a township) on one day."""

    scope_region_field: ClassVar[str] = "region"

    region = models.ForeignKey("core.Region", verbose_name="区域", on_delete=models.PROTECT,
                               related_name="+")
    day = models.DateField("日期")
    source = models.CharField("来源", max_length=10, choices=DangerSource.choices,
                              default=DangerSource.COMPUTED)
    max_temp = models.FloatField("最高气温（℃）", null=True, blank=True)
    min_humidity = models.FloatField("最小相对湿度（%）", null=True, blank=True)
    dry_days = models.PositiveIntegerField("连续无降水日数", null=True, blank=True)
    max_wind = models.PositiveIntegerField("最大风力（级）", null=True, blank=True)
    rain_mm = models.FloatField("日降水量（毫米）", default=0)
    correction = models.PositiveIntegerField("物候订正", default=0,
                                             help_text="植被返青等物候订正值，0表示不订正")
    index = models.PositiveIntegerField("火险气象指数", null=True, blank=True)
    level = models.PositiveSmallIntegerField("火险等级", choices=rules.LEVELS)
    note = models.CharField("说明", max_length=200, blank=True)
    bulletin = models.ForeignKey("warnings.Bulletin", verbose_name="预警信息", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "森林火险等级"
        verbose_name_plural = "森林火险等级"
        ordering = ["-day", "region_id"]
        constraints = [models.UniqueConstraint(fields=["region", "day"],
                                               name="forestfire_danger_once_a_day")]

    def __str__(self) -> str:
        return f"{self.region}{self.day:%m月%d日}森林火险{rules.LEVEL_NAMES.get(self.level, '')}"
