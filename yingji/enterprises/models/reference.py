"""Editable reference tables: GB 18218-2018 tables 1–5, risk colour bands and the
supervision classes. Loaded with the standard's figures by a data migration; an
administrator may correct them (every change is audited)."""

from __future__ import annotations

from django.db import models

from yingji.core.scope import CityWideReference, ScopedManager


class HazardCategory(CityWideReference, models.Model):
    """GB 18218-2018 表2 (critical quantity Q by hazard category) with its 表4 β."""

    code = models.CharField("类别代码", max_length=8, unique=True)
    name = models.CharField("危险性类别", max_length=120)
    critical_quantity = models.FloatField("临界量Q（吨）")
    beta = models.FloatField("校正系数β")
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = ScopedManager()

    class Meta:
        verbose_name = "危险性类别"
        verbose_name_plural = "危险性类别（GB 18218表2/表4）"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class HazardSubstance(CityWideReference, models.Model):
    """GB 18218-2018 表1: a named dangerous chemical with its critical quantity.

    ``toxic_beta`` is 表3's β for the named toxic gases; other named substances take β
    from 表4 through ``category``.
    """

    name = models.CharField("品名", max_length=80, unique=True)
    aliases = models.CharField("别名", max_length=200, blank=True)
    cas = models.CharField("CAS号", max_length=40, blank=True, db_index=True)
    critical_quantity = models.FloatField("临界量Q（吨）")
    toxic_beta = models.FloatField("毒性气体校正系数β（表3）", null=True, blank=True)
    category = models.ForeignKey(
        HazardCategory, verbose_name="危险性类别（取β）", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = ScopedManager()

    class Meta:
        verbose_name = "危险化学品临界量"
        verbose_name_plural = "危险化学品临界量（GB 18218表1/表3）"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class AlphaBand(CityWideReference, models.Model):
    """GB 18218-2018 表5: α by the population within 500 m (from ``min_population``)."""

    min_population = models.PositiveIntegerField("人数下限（含）", unique=True)
    alpha = models.FloatField("校正系数α")
    label = models.CharField("说明", max_length=40, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "暴露人员校正系数α"
        verbose_name_plural = "暴露人员校正系数α（GB 18218表5）"
        ordering = ["-min_population"]

    def __str__(self) -> str:
        return f"≥{self.min_population}人 α={self.alpha:g}"


class AssessmentMethod(models.TextChoices):
    LEC = "lec", "LEC法"
    LS = "ls", "LS风险矩阵法"


class RiskColour(models.TextChoices):
    """四色: 红 重大风险, 橙 较大风险, 黄 一般风险, 蓝 低风险."""

    RED = "red", "红（重大风险）"
    ORANGE = "orange", "橙（较大风险）"
    YELLOW = "yellow", "黄（一般风险）"
    BLUE = "blue", "蓝（低风险）"


class RiskBand(CityWideReference, models.Model):
    """A score band of a risk assessment method: scores above ``minimum`` (or equal
    when ``inclusive``) get ``level`` and ``colour``. Provinces set their own cut-offs."""

    method = models.CharField("评价方法", max_length=4, choices=AssessmentMethod.choices)
    minimum = models.FloatField("分值下限")
    inclusive = models.BooleanField("含下限", default=True)
    level = models.CharField("风险等级", max_length=20)
    colour = models.CharField("颜色", max_length=8, choices=RiskColour.choices)

    objects = ScopedManager()

    class Meta:
        verbose_name = "风险分级标准"
        verbose_name_plural = "风险分级标准"
        ordering = ["method", "-minimum"]
        constraints = [models.UniqueConstraint(fields=["method", "minimum"],
                                               name="riskband_unique_minimum")]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.level}"


class SupervisionClass(CityWideReference, models.Model):
    """分级分类监管 class (A/B/C/D by default) and its yearly inspection frequency."""

    code = models.CharField("类别代码", max_length=8, unique=True)
    name = models.CharField("名称", max_length=40)
    description = models.CharField("说明", max_length=200, blank=True)
    inspections_per_year = models.PositiveSmallIntegerField("每年检查频次", default=1)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = ScopedManager()

    class Meta:
        verbose_name = "监管类别"
        verbose_name_plural = "监管类别"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name
