"""The responsible-person directory (责任人名录)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core import masking
from yingji.core.personal.fields import BlindIndexField, PersonalField
from yingji.core.scope import ScopedManager, ScopedModelMixin


class DutyRole(models.TextChoices):
    SANFANG_COUNTY = "sanfang_county", "县级三防责任人"
    SANFANG_TOWN = "sanfang_town", "乡镇（街道）三防责任人"
    SANFANG_VILLAGE = "sanfang_village", "村（社区）三防责任人"
    GEO_MONITOR = "geo_monitor", "地质灾害群测群防员"
    FOREST = "forest", "森林防火责任人"
    INFORMANT = "informant", "灾害信息员"
    ENTERPRISE = "enterprise", "企业负责人"


class Tier(models.TextChoices):
    """Place in the escalation chain village → town → county."""

    VILLAGE = "village", "村（社区）级"
    TOWN = "town", "乡镇（街道）级"
    COUNTY = "county", "县（区）级"


ROLE_TIERS = {DutyRole.SANFANG_COUNTY: Tier.COUNTY, DutyRole.SANFANG_TOWN: Tier.TOWN,
              DutyRole.SANFANG_VILLAGE: Tier.VILLAGE}
# Roles published to the public (三防责任人 are published by rule).
PUBLISHED_BY_DEFAULT = {DutyRole.SANFANG_COUNTY, DutyRole.SANFANG_TOWN, DutyRole.SANFANG_VILLAGE}


class ResponsiblePerson(ScopedModelMixin, models.Model):
    """A person who must receive and answer warnings for a region and hazard types
    (三防责任人, 群测群防员, 灾害信息员, 企业负责人 ...). Most have no login: ``contact`` is a
    login-less account the service creates so messages and 叫应 can reach them."""

    name = models.CharField("姓名", max_length=40)
    phone = PersonalField("手机号", kind="phone", max_length=20)
    phone_index = BlindIndexField(source="phone")
    email = models.EmailField("电子邮箱", blank=True)
    region = models.ForeignKey("core.Region", verbose_name="责任区域", on_delete=models.PROTECT,
                               related_name="+")
    role = models.CharField("责任类别", max_length=20, choices=DutyRole.choices)
    tier = models.CharField("层级", max_length=10, choices=Tier.choices, blank=True,
                            help_text="逐级上报链中的层级；为空时按区划层级确定")
    hazard_types = models.ManyToManyField("warnings.WarningType", verbose_name="负责灾种",
                                          blank=True, related_name="+",
                                          help_text="为空表示负责全部灾种")
    position = models.CharField("职务", max_length=60, blank=True)
    organisation = models.CharField("单位", max_length=100, blank=True)
    published = models.BooleanField("向社会公布", default=False)
    active = models.BooleanField("在岗", default=True)
    contact = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="联络账号", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="duty_person")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "责任人"
        verbose_name_plural = "责任人"
        ordering = ["region_id", "tier", "name"]
        indexes = [models.Index(fields=["region", "tier"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"

    @property
    def masked_phone(self) -> str:
        keep = getattr(settings, "WARNINGS_PHONE_MASK", (3, 4))
        return masking.mask_phone(self.phone, keep[0], keep[1])
