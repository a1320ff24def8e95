from __future__ import annotations

from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin


class Industry(models.TextChoices):
    """Supervision sectors used to narrow a user's scope (regulated-entity industries)."""

    HAZCHEM = "hazchem", "危险化学品"
    CHEM_PARK = "chem_park", "化工园区"
    NON_COAL_MINE = "non_coal_mine", "非煤矿山"
    TAILINGS = "tailings", "尾矿库"
    FIREWORKS = "fireworks", "烟花爆竹"
    INDUSTRY_TRADE = "industry_trade", "工贸"
    CONSTRUCTION = "construction", "建筑施工"
    TRANSPORT = "transport", "交通运输"
    GAS = "gas", "城镇燃气"
    FIRE = "fire", "消防"
    WATER = "water", "水利水务"
    OTHER = "other", "其他行业"


class DepartmentKind(models.TextChoices):
    BUREAU = "bureau", "应急管理局"
    OFFICE = "office", "内设科室"
    DISTRICT_BUREAU = "district_bureau", "区县应急管理局"
    STREET = "street", "街道（乡镇）"
    INDUSTRY = "industry", "行业主管部门"
    RESCUE = "rescue", "救援力量"
    OTHER = "other", "其他单位"


class Department(ScopedModelMixin, models.Model):
    """An organisation unit: the bureau, its 科室, district bureaus, street offices,
    industry departments (住建, 交通, 水务, 消防…). Its region places it in the scope tree."""

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类型", max_length=20, choices=DepartmentKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    region = models.ForeignKey(
        "core.Region", verbose_name="所属区划", on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(
        "主管行业", max_length=20, choices=Industry.choices, blank=True,
        help_text="行业主管部门所管的行业",
    )
    phone = models.CharField("值班电话", max_length=40, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "组织机构"
        verbose_name_plural = "组织机构"
        ordering = ["region_id", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
