"""会商研判: a consultation session of the bureau (daily, monthly, quarterly, seasonal,
or special before a holiday, a flood season or a typhoon) with its participants and
conclusions, the report generated from the platform's data for its period and region
(edited by the analyst as a draft, then issued), and its follow-up tasks, which are
nodes of the work-plan mechanism (deadlines, progress with evidence, 督办)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingji.core.models import Region
from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.governance.models.plans import WorkItem


class ConsultationKind(models.TextChoices):
    DAILY = "daily", "日常会商"
    MONTHLY = "monthly", "月度会商"
    QUARTERLY = "quarterly", "季度会商"
    SEASONAL = "seasonal", "季节性会商"
    HOLIDAY = "holiday", "节假日前专题会商"
    FLOOD = "flood", "汛期专题会商"
    TYPHOON = "typhoon", "台风专题会商"


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已印发"


class Consultation(ScopedModelMixin, models.Model):
    """A consultation session and its risk-analysis report. ``sections`` holds the
    report as generated (each part's figures, trend and districts, and its text, which
    the analyst edits while the report is a draft); an issued report is frozen.
    ``item`` is the work item that carries the session's follow-up tasks as nodes."""

    scope_region_field: ClassVar[str] = "region"

    kind = models.CharField("会商类型", max_length=12, choices=ConsultationKind.choices)
    title = models.CharField("会商主题", max_length=200)
    region = models.ForeignKey(Region, verbose_name="研判区域", on_delete=models.PROTECT,
                               related_name="+")
    period_start = models.DateField("研判期起")
    period_end = models.DateField("研判期止")
    held_on = models.DateField("会商日期", null=True, blank=True)
    host = models.CharField("主持人", max_length=60, blank=True)
    participants = models.TextField("参会单位及人员", blank=True)
    conclusions = models.TextField("会商结论", blank=True)
    summary = models.TextField("综合研判", blank=True)
    sections = models.JSONField("报告内容", default=list, blank=True, editable=False)
    generated_at = models.DateTimeField("数据生成时间", null=True, blank=True, editable=False)
    auto = models.BooleanField("定期自动生成", default=False, editable=False)
    status = models.CharField("状态", max_length=8, choices=ConsultationStatus.choices,
                              default=ConsultationStatus.DRAFT, editable=False)
    number = models.CharField("报告编号", max_length=40, blank=True, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="印发人", null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+",
                                  editable=False)
    issued_at = models.DateTimeField("印发时间", null=True, blank=True, editable=False)
    item = models.OneToOneField(WorkItem, verbose_name="议定事项", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="consultation",
                                editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "会商研判"
        verbose_name_plural = "会商研判"
        ordering = ["-period_end", "-id"]
        permissions = [("issue_consultation", "印发会商研判报告")]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="governance_consultation_period",
                                   violation_error_message="研判期止不能早于研判期起"),
            # The scheduled job makes one draft per region, kind and period.
            models.UniqueConstraint(fields=["region", "kind", "period_start"], condition=Q(auto=True),
                                    name="governance_consultation_auto_once"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == ConsultationStatus.DRAFT
