"""Numbered enforcement documents (执法文书) and their per-department, per-year counters."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin


class DocumentKind(models.TextChoices):
    SITE_RECORD = "site_record", "现场检查记录"
    ORDER = "order", "责令限期整改指令书"
    RECHECK = "recheck", "整改复查意见书"
    FILING = "filing", "立案审批表"
    INTERVIEW = "interview", "询问笔录"
    NOTICE = "notice", "行政处罚告知书"
    HEARING = "hearing", "听证告知书"
    DECISION = "decision", "行政处罚决定书"
    RECEIPT = "receipt", "送达回执"
    CLOSING = "closing", "结案审批表"


class DocumentCounter(models.Model):
    """The last number issued per department, year and number series (罚, 查, 改 …);
    locked while a number is taken, so numbers never repeat or skip."""

    department = models.ForeignKey("core.Department", verbose_name="部门",
                                   on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField("年度")
    series = models.CharField("文号字", max_length=4)
    last = models.PositiveIntegerField("已用号", default=0)

    class Meta:
        verbose_name = "文书编号"
        verbose_name_plural = "文书编号"
        constraints = [models.UniqueConstraint(fields=["department", "year", "series"],
                                               name="enforcement_counter_unique")]

    def __str__(self) -> str:
        return f"{self.department_id}/{self.year}/{self.series}: {self.last}"


class Document(ScopedModelMixin, models.Model):
    """An issued document: its number (武江应急罚〔2026〕12号), what it belongs to (an
    inspection or a case) and who issued it; the Word file is generated from the record."""

    kind = models.CharField("文书种类", max_length=12, choices=DocumentKind.choices)
    number = models.CharField("文书编号", max_length=40, unique=True)
    series = models.CharField("文号字", max_length=4)
    year = models.PositiveIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    department = models.ForeignKey("core.Department", verbose_name="制发部门",
                                   on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("core.Region", verbose_name="区域", on_delete=models.PROTECT,
                               related_name="+")
    case = models.ForeignKey("enforcement.Case", verbose_name="案件", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="documents")
    inspection = models.ForeignKey("enforcement.Inspection", verbose_name="检查", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="documents")
    issued_at = models.DateTimeField("制发时间", auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="制发人", null=True,
                                  on_delete=models.SET_NULL, related_name="+")

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "执法文书"
        verbose_name_plural = "执法文书"
        ordering = ["-issued_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["department", "year", "series", "seq"],
                                               name="enforcement_document_seq_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
