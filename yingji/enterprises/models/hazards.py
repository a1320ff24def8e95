"""Major hazard sources (重大危险源, GB 18218-2018): the source, its units and the
substances in each unit. The assessment (S, R, α, grade and the working) is stored on
the unit and the source and recomputed by the services whenever an input changes."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yingji.core.personal.fields import PersonalField
from yingji.core.scope import ScopedManager
from yingji.enterprises.models.ownership import EnterpriseScopedMixin

GRADE_CHOICES = [(1, "一级"), (2, "二级"), (3, "三级"), (4, "四级")]


class Assessment(models.Model):
    """Stored result of GB 18218-2018 identification and grading, with its working."""

    s_value = models.FloatField("S（Σq/Q）", default=0, editable=False)
    r_value = models.FloatField("R（α·Σβq/Q）", default=0, editable=False)
    alpha = models.FloatField("α", default=0, editable=False)
    is_major = models.BooleanField("构成重大危险源", default=False, editable=False)
    grade = models.PositiveSmallIntegerField("重大危险源等级", choices=GRADE_CHOICES, null=True,
                                             blank=True, editable=False)
    working = models.JSONField("计算过程", default=dict, blank=True, editable=False)

    class Meta:
        abstract = True


class MajorHazard(EnterpriseScopedMixin, Assessment):
    """A major hazard source of an enterprise, with its three responsible persons
    (包保责任制: 主要负责人、技术负责人、操作负责人). Its grade is its worst unit's."""

    scope_region_field: ClassVar[str] = "enterprise__region"
    scope_industry_field: ClassVar[str | None] = "enterprise__industry"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.CASCADE, related_name="major_hazards")
    name = models.CharField("重大危险源名称", max_length=100)
    record_number = models.CharField("备案编号", max_length=60, blank=True)
    population_500m = models.PositiveIntegerField(
        "500米范围内人数", default=0, help_text="单元未单独填写时使用此人数估算α")
    main_person = models.CharField("主要负责人", max_length=40, blank=True)
    main_person_phone = PersonalField("主要负责人电话", kind="phone", max_length=20, blank=True)
    technical_person = models.CharField("技术负责人", max_length=40, blank=True)
    technical_person_phone = PersonalField("技术负责人电话", kind="phone", max_length=20, blank=True)
    operation_person = models.CharField("操作负责人", max_length=40, blank=True)
    operation_person_phone = PersonalField("操作负责人电话", kind="phone", max_length=20, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "重大危险源"
        verbose_name_plural = "重大危险源"
        ordering = ["enterprise_id", "id"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    PRODUCTION = "production", "生产单元"
    STORAGE = "storage", "储存单元"


class MajorHazardUnit(EnterpriseScopedMixin, Assessment):
    """A 生产单元 or 储存单元 of a source: the unit GB 18218-2018 assesses."""

    enterprise_path: ClassVar[str] = "source__enterprise"
    scope_region_field: ClassVar[str] = "source__enterprise__region"
    scope_industry_field: ClassVar[str | None] = "source__enterprise__industry"

    source = models.ForeignKey(MajorHazard, verbose_name="重大危险源", on_delete=models.CASCADE,
                               related_name="units")
    name = models.CharField("单元名称", max_length=100)
    kind = models.CharField("单元类型", max_length=12, choices=UnitKind.choices)
    population_500m = models.PositiveIntegerField(
        "500米范围内人数", null=True, blank=True, help_text="为空时取重大危险源的人数")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "重大危险源单元"
        verbose_name_plural = "重大危险源单元"
        ordering = ["source_id", "id"]
        indexes = [models.Index(fields=["grade"], name="hazardunit_grade_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def population(self) -> int:
        if self.population_500m is not None:
            return self.population_500m
        return self.source.population_500m


class MajorHazardSubstance(EnterpriseScopedMixin, models.Model):
    """A dangerous chemical in a unit with its maximum quantity q (t). Either a 表1
    substance, or a named substance classified by its hazard categories (表2)."""

    enterprise_path: ClassVar[str] = "unit__source__enterprise"
    scope_region_field: ClassVar[str] = "unit__source__enterprise__region"
    scope_industry_field: ClassVar[str | None] = "unit__source__enterprise__industry"

    unit = models.ForeignKey(MajorHazardUnit, verbose_name="单元", on_delete=models.CASCADE,
                             related_name="substances")
    substance = models.ForeignKey("enterprises.HazardSubstance", verbose_name="危险化学品（表1）",
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    name = models.CharField("品名", max_length=80, blank=True,
                            help_text="不在表1中的物质填写品名并选择危险性类别")
    cas = models.CharField("CAS号", max_length=40, blank=True)
    categories = models.ManyToManyField("enterprises.HazardCategory", verbose_name="危险性类别",
                                        blank=True, related_name="+")
    quantity = models.FloatField("最大存在量q（吨）")

    objects = ScopedManager()

    class Meta:
        verbose_name = "单元危险化学品"
        verbose_name_plural = "单元危险化学品"
        ordering = ["unit_id", "id"]

    def __str__(self) -> str:
        # Entered by an alias or a CAS number: show what it resolved to.
        if self.substance_id and self.substance and self.name and self.name != self.substance.name:
            return f"{self.name}（表1：{self.substance.name}）"
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.substance.name if self.substance_id and self.substance else self.name
