"""Emergency shelters (应急避难场所) and community population for evacuation."""

from __future__ import annotations

from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.resources.models.base import LocatedResource


class ShelterClass(models.TextChoices):
    """GB 21734-2008 by planned stay."""

    CLASS_I = "I", "Ⅰ类（30天以上）"
    CLASS_II = "II", "Ⅱ类（10～30天）"
    CLASS_III = "III", "Ⅲ类（10天以内）"


class ShelterType(models.TextChoices):
    """GB 51143-2015 types."""

    EMERGENCY = "emergency", "紧急避难场所"
    FIXED_SHORT = "fixed_short", "固定避难场所（短期）"
    FIXED_MEDIUM = "fixed_medium", "固定避难场所（中期）"
    FIXED_LONG = "fixed_long", "固定避难场所（长期）"
    CENTRAL = "central", "中心避难场所"


class ShelterStatus(models.TextChoices):
    AVAILABLE = "available", "可用"
    OPEN = "open", "已启用"
    MAINTENANCE = "maintenance", "维护中"
    CLOSED = "closed", "停用"


class Shelter(LocatedResource):
    """A shelter: class and type, areas, capacity, facilities and served communities."""

    shelter_class = models.CharField("场所类别（GB 21734）", max_length=4,
                                     choices=ShelterClass.choices)
    shelter_type = models.CharField("场所类型（GB 51143）", max_length=14,
                                    choices=ShelterType.choices)
    area_m2 = models.DecimalField("占地面积（平方米）", max_digits=12, decimal_places=1)
    effective_area_m2 = models.DecimalField("有效避难面积（平方米）", max_digits=12,
                                            decimal_places=1)
    capacity = models.PositiveIntegerField("容纳人数")
    facilities = models.TextField("设施", blank=True,
                                  help_text="应急供水、供电、厕所、医疗救护、物资储备等")
    equipment = models.TextField("配备设备", blank=True)
    status = models.CharField("状态", max_length=12, choices=ShelterStatus.choices,
                              default=ShelterStatus.AVAILABLE)
    manager = models.CharField("管理人", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    communities = models.ManyToManyField("core.Region", verbose_name="服务社区", blank=True,
                                         related_name="+",
                                         limit_choices_to={"level": 5})

    objects = ScopedManager()

    class Meta(LocatedResource.Meta):
        verbose_name = "避难场所"
        verbose_name_plural = "应急避难场所"

    @property
    def usable(self) -> bool:
        return self.status in (ShelterStatus.AVAILABLE, ShelterStatus.OPEN)


class CommunityProfile(ScopedModelMixin, models.Model):
    """Population of a community (or street) for coverage and evacuation, and its
    point when known: the region datasets carry no coordinates below county level."""

    region = models.OneToOneField("core.Region", verbose_name="社区（村）",
                                  on_delete=models.CASCADE, related_name="+")
    population = models.PositiveIntegerField("常住人口")
    households = models.PositiveIntegerField("户数", null=True, blank=True)
    longitude = models.FloatField("经度", null=True, blank=True)
    latitude = models.FloatField("纬度", null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "社区人口"
        verbose_name_plural = "社区人口"
        ordering = ["region_id"]

    def __str__(self) -> str:
        return f"{self.region}（{self.population}人）"
