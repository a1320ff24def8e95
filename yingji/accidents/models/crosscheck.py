"""瞒报 cross-checks: imported outside lists (工伤认定、医院收治、119火警、投诉举报),
each row matched to the recorded accidents or turned into a verification task for its
district."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.accidents import rules
from yingji.core.scope import ScopedManager, ScopedModelMixin


class CrossCheckBatch(ScopedModelMixin, models.Model):
    """One imported list: its kind, who imported it and what came of its rows."""

    scope_region_field: ClassVar[str] = "region"

    kind = models.CharField("名单类型", max_length=10, choices=list(rules.LIST_KINDS))
    region = models.ForeignKey("core.Region", verbose_name="核查范围", on_delete=models.PROTECT,
                               related_name="+")
    source_name = models.CharField("名单来源单位", max_length=100)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    rows_total = models.PositiveIntegerField("行数", default=0)
    rows_matched = models.PositiveIntegerField("已匹配", default=0)
    rows_unmatched = models.PositiveIntegerField("未匹配（转核查）", default=0)

    objects = ScopedManager()

    class Meta:
        verbose_name = "瞒报核查名单"
        verbose_name_plural = "瞒报核查名单"
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.source_name}）"


class RowStatus(models.TextChoices):
    MATCHED = "matched", "已匹配事故"
    PENDING = "pending", "待核查"
    VERIFIED = "verified", "已核查"


class Verdict(models.TextChoices):
    NOT_ACCIDENT = "not_accident", "非生产安全事故"
    RECORDED = "recorded", "已在册事故（补充匹配）"
    LATE = "late", "漏报，已补录"
    CONCEALED = "concealed", "瞒报，已补录"


class CrossCheckRow(ScopedModelMixin, models.Model):
    """One row of a list: the date, unit, person and place; the accident it matched and
    why, or the district's verification task (deadline, verdict, who concealed it)."""

    scope_region_field: ClassVar[str] = "region"

    batch = models.ForeignKey(CrossCheckBatch, verbose_name="名单", on_delete=models.CASCADE,
                              related_name="rows")
    line = models.PositiveIntegerField("行号")
    day = models.DateField("日期")
    unit_name = models.CharField("单位名称", max_length=120, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    person = models.CharField("人员姓名", max_length=40, blank=True)
    region = models.ForeignKey("core.Region", verbose_name="所在区划", on_delete=models.PROTECT,
                               related_name="+")
    address = models.CharField("地点", max_length=200, blank=True)
    summary = models.CharField("情况摘要", max_length=300, blank=True)
    status = models.CharField("状态", max_length=10, choices=RowStatus.choices, db_index=True)
    accident = models.ForeignKey("accidents.Accident", verbose_name="对应事故", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    match_reasons = models.CharField("匹配依据", max_length=200, blank=True)
    due = models.DateField("核查期限", null=True, blank=True)
    verdict = models.CharField("核查结论", max_length=14, choices=Verdict.choices, blank=True)
    verdict_note = models.CharField("核查说明", max_length=300, blank=True)
    concealed_by = models.CharField("瞒报责任单位和人员", max_length=300, blank=True)
    verified_at = models.DateTimeField("核查时间", null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="核查人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager()

    class Meta:
        verbose_name = "瞒报核查记录"
        verbose_name_plural = "瞒报核查记录"
        ordering = ["status", "due", "id"]

    def __str__(self) -> str:
        who = self.unit_name or self.person or "未具名"
        return f"{self.batch.get_kind_display()}·{who}（{self.day:%Y-%m-%d}）"
