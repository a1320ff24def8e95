"""The enterprise file (一企一档): the enterprise, its licences and its members."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.models import Industry
from yingji.core.personal.fields import PersonalField
from yingji.core.scope import ScopedManager
from yingji.enterprises.models.ownership import EnterpriseScopedMixin
from yingji.enterprises.models.reference import RiskColour


class SubIndustry(models.TextChoices):
    """Sub-sectors of the emergency supervision categories (危化 by activity, 工贸 by
    trade)."""

    HAZCHEM_PRODUCTION = "hazchem_production", "危险化学品生产"
    HAZCHEM_TRADE = "hazchem_trade", "危险化学品经营"
    HAZCHEM_USE = "hazchem_use", "危险化学品使用"
    HAZCHEM_STORAGE = "hazchem_storage", "危险化学品储存"
    METALLURGY = "metallurgy", "冶金"
    NONFERROUS = "nonferrous", "有色"
    BUILDING_MATERIALS = "building_materials", "建材"
    MACHINERY = "machinery", "机械"
    LIGHT = "light", "轻工"
    TEXTILE = "textile", "纺织"
    TOBACCO = "tobacco", "烟草"
    COMMERCE = "commerce", "商贸"


SUB_INDUSTRY_PARENT = {
    **{s: Industry.HAZCHEM for s in ("hazchem_production", "hazchem_trade", "hazchem_use",
                                      "hazchem_storage")},
    **{s: Industry.INDUSTRY_TRADE for s in ("metallurgy", "nonferrous", "building_materials",
                                             "machinery", "light", "textile", "tobacco",
                                             "commerce")},
}


class EnterpriseStatus(models.TextChoices):
    OPERATING = "operating", "在营"
    SUSPENDED = "suspended", "停产"
    CLOSED = "closed", "关闭"


class StandardisationLevel(models.TextChoices):
    """安全生产标准化 grade."""

    LEVEL1 = "1", "一级"
    LEVEL2 = "2", "二级"
    LEVEL3 = "3", "三级"
    SMALL = "small", "小微企业达标"
    NONE = "none", "未达标"


class InsuranceStatus(models.TextChoices):
    """安全生产责任保险 (安责险)."""

    INSURED = "insured", "已投保"
    NOT_INSURED = "not_insured", "未投保"
    EXPIRED = "expired", "已过期"


class Enterprise(EnterpriseScopedMixin, models.Model):
    """A regulated enterprise (生产经营单位): the anchor of hazards, alarms, inspections
    and accidents. ``risk_colour`` and ``major_hazard_grade`` are derived by the
    services from the risk points and major hazard sources."""

    enterprise_path: ClassVar[str] = ""
    scope_region_field: ClassVar[str] = "region"
    scope_industry_field: ClassVar[str | None] = "industry"

    name = models.CharField("企业名称", max_length=120)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    industry = models.CharField("行业类别", max_length=20, choices=Industry.choices)
    sub_industry = models.CharField("行业细类", max_length=24, choices=SubIndustry.choices,
                                    blank=True)
    dust_explosion = models.BooleanField("粉尘涉爆", default=False)
    ammonia_refrigeration = models.BooleanField("涉氨制冷", default=False)
    confined_space = models.BooleanField("有限空间作业", default=False)
    molten_metal = models.BooleanField("高温熔融金属", default=False)
    region = models.ForeignKey("core.Region", verbose_name="所属街道（乡镇）",
                               on_delete=models.PROTECT, related_name="+")
    address = models.CharField("详细地址", max_length=200)
    longitude = models.FloatField("经度", null=True, blank=True)
    latitude = models.FloatField("纬度", null=True, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=40, blank=True)
    legal_representative_phone = PersonalField("法定代表人电话", kind="phone", max_length=20, blank=True)
    principal = models.CharField("主要负责人", max_length=40, blank=True)
    principal_phone = PersonalField("主要负责人电话", kind="phone", max_length=20, blank=True)
    safety_manager = models.CharField("安全管理负责人", max_length=40, blank=True)
    safety_manager_phone = PersonalField("安全管理负责人电话", kind="phone", max_length=20, blank=True)
    employee_count = models.PositiveIntegerField("从业人员数", default=0)
    standardisation_level = models.CharField(
        "安全生产标准化等级", max_length=8, choices=StandardisationLevel.choices,
        default=StandardisationLevel.NONE)
    supervision_class = models.ForeignKey(
        "enterprises.SupervisionClass", verbose_name="监管类别（分级分类）", null=True,
        blank=True, on_delete=models.PROTECT, related_name="+")
    supervising_department = models.ForeignKey(
        "core.Department", verbose_name="监管部门", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    supervising_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="监管责任人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    insurance_status = models.CharField("安责险", max_length=12, choices=InsuranceStatus.choices,
                                        default=InsuranceStatus.NOT_INSURED)
    insurance_expires_on = models.DateField("安责险到期日", null=True, blank=True)
    status = models.CharField("经营状态", max_length=10, choices=EnterpriseStatus.choices,
                              default=EnterpriseStatus.OPERATING)
    risk_colour = models.CharField("风险等级（四色）", max_length=8, choices=RiskColour.choices,
                                   blank=True, editable=False)
    major_hazard_grade = models.PositiveSmallIntegerField(
        "重大危险源最高等级", null=True, blank=True, editable=False,
        choices=[(1, "一级"), (2, "二级"), (3, "三级"), (4, "四级")])
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name", "id"], name="enterprise_name_idx"),
            # Covers the scope range with the list filters and the chart groupings.
            models.Index(fields=["region", "industry", "risk_colour"],
                         name="enterprise_region_ind_idx"),
            models.Index(fields=["risk_colour", "region"], name="enterprise_colour_idx"),
            models.Index(fields=["major_hazard_grade", "region"], name="enterprise_grade_idx"),
            # The inspection pool (双随机, annual plan) is read from this index alone: every
            # column the selection filters on or returns is a key (SQLite has no INCLUDE).
            models.Index(fields=["status", "region", "supervising_officer", "supervision_class",
                                 "industry", "id"], name="enterprise_pool_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class EnterpriseMember(models.Model):
    """An account of the enterprise (企业用户): it reaches this enterprise's file."""

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户",
                             on_delete=models.CASCADE, related_name="enterprise_memberships")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "企业账号"
        verbose_name_plural = "企业账号"
        constraints = [models.UniqueConstraint(fields=["enterprise", "user"],
                                               name="enterprisemember_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise_id}:{self.user_id}"


class LicenceKind(models.TextChoices):
    SAFETY_PRODUCTION = "safety_production", "安全生产许可证"
    HAZCHEM_TRADE = "hazchem_trade", "危险化学品经营许可证"
    HAZCHEM_USE = "hazchem_use", "危险化学品安全使用许可证"
    HAZCHEM_REGISTRATION = "hazchem_registration", "危险化学品登记证"
    FIREWORKS_TRADE = "fireworks_trade", "烟花爆竹经营许可证"
    PORT_HAZCHEM = "port_hazchem", "港口危险货物作业附证"
    OTHER = "other", "其他许可证"


class Licence(EnterpriseScopedMixin, models.Model):
    """A safety licence of the enterprise with its validity (expiring soon shows on the
    workbench)."""

    scope_region_field: ClassVar[str] = "enterprise__region"
    scope_industry_field: ClassVar[str | None] = "enterprise__industry"

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="licences")
    kind = models.CharField("许可证类别", max_length=24, choices=LicenceKind.choices)
    number = models.CharField("证书编号", max_length=60)
    scope_text = models.CharField("许可范围", max_length=300, blank=True)
    issuer = models.CharField("发证机关", max_length=80, blank=True)
    issued_on = models.DateField("发证日期", null=True, blank=True)
    expires_on = models.DateField("有效期至", db_index=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "许可证"
        verbose_name_plural = "许可证"
        ordering = ["expires_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.number}）"
