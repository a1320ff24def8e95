from __future__ import annotations

from django.db import models

from yingji.core.rules import LEVEL_PREFIX_LENGTH, prefix_upper_bound


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, "省级"
    CITY = 2, "地市级"
    COUNTY = 3, "区县级"
    TOWN = 4, "乡镇街道"
    VILLAGE = 5, "村社区"


class RegionQuerySet(models.QuerySet["Region"]):
    def subtree(self, prefix: str) -> RegionQuerySet:
        """Regions whose code starts with ``prefix`` (a range on the primary key)."""
        return self.filter(code__gte=prefix, code__lt=prefix_upper_bound(prefix))


class Region(models.Model):
    """An administrative division (行政区划) from the GB/T 2260 / statistical code tree.

    The 12-digit code is the primary key, so every scoped row's ``region_id`` holds a
    code, and a subtree is a range on an indexed column. ``prefix`` is the significant
    part of the code at this level (``4201`` for 武汉市).
    """

    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=64, db_index=True)
    level = models.PositiveSmallIntegerField("层级", choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name="上级区划", null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    prefix = models.CharField("代码前缀", max_length=12, db_index=True)
    full_name = models.CharField("全称", max_length=200, blank=True)
    longitude = models.FloatField("经度", null=True, blank=True)
    latitude = models.FloatField("纬度", null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.prefix = self.code[: LEVEL_PREFIX_LENGTH[self.level]]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def coordinates(self) -> tuple[float, float] | None:
        if self.longitude is None or self.latitude is None:
            return None
        return (self.longitude, self.latitude)

    def contains(self, code: str | None) -> bool:
        return bool(code) and str(code).startswith(self.prefix)
