"""Information reports (信息报送): 首报 / 续报 / 补报 / 终报 with due times; each edit is a
new version, every version kept."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin


class ReportKind(models.TextChoices):
    FIRST = "first", "首报"
    FOLLOWUP = "followup", "续报"
    SUPPLEMENT = "supplement", "补报"
    FINAL = "final", "终报"


class ReportStatus(models.TextChoices):
    PENDING = "pending", "待报送"
    REVIEW = "review", "待领导签发"
    SUBMITTED = "submitted", "已报送"
    CANCELLED = "cancelled", "已取消"


# Reports still owed: not yet drafted, or handed in and waiting for the leader's sign-off.
OUTSTANDING = (ReportStatus.PENDING, ReportStatus.REVIEW)


class InfoReport(ScopedModelMixin, models.Model):
    """One report an incident owes or has made: kind, sequence, due time, when it was
    submitted and whether late (迟报). Pending rows are the obligations the system
    opens; a late report is accepted, marked and counted, never hidden. A 首报 is drafted
    by the officer, then reviewed and signed off (签发) by the leader on duty before it
    is submitted (报送), within its own sign-off deadline inside the reporting limit.
    Where the grade asks for it, the 首报 is preceded by a telephone report (电话报告):
    its own limit, record (who phoned whom, when) and late flag."""

    scope_region_field: ClassVar[str] = "incident__region"

    incident = models.ForeignKey("incidents.Incident", verbose_name="事件",
                                 on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField("报告类型", max_length=12, choices=ReportKind.choices)
    sequence = models.PositiveIntegerField("序号", default=1)
    status = models.CharField("状态", max_length=12, choices=ReportStatus.choices,
                              default=ReportStatus.PENDING, db_index=True)
    due_at = models.DateTimeField("报送时限", null=True, blank=True, db_index=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    late = models.BooleanField("迟报", default=False)
    late_minutes = models.PositiveIntegerField("迟报分钟数", default=0)
    report_to = models.CharField("报送对象", max_length=100, blank=True)
    content = models.TextField("报告正文", blank=True)
    reason = models.CharField("触发原因", max_length=200, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    drafted_at = models.DateTimeField("提交签发时间", null=True, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="拟稿人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    signoff_due_at = models.DateTimeField("签发时限", null=True, blank=True)
    signed_at = models.DateTimeField("签发时间", null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签发领导", null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    # The telephone step of a 首报 (电话报告), with its own limit, record and late flag;
    # empty for reports (and grades) without one.
    phone_due_at = models.DateTimeField("电话报告时限", null=True, blank=True)
    phoned_at = models.DateTimeField("电话报告时间", null=True, blank=True)
    phoned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="电话报告人", null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    phoned_to = models.CharField("电话报告对象（单位及姓名）", max_length=100, blank=True)
    phone_late = models.BooleanField("电话迟报", default=False)
    phone_late_minutes = models.PositiveIntegerField("电话迟报分钟数", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "信息报告"
        verbose_name_plural = "信息报告"
        ordering = ["incident", "due_at", "id"]

    def __str__(self) -> str:
        suffix = f"第{self.sequence}次" if self.kind in ("followup", "supplement") else ""
        return f"{self.incident}·{self.get_kind_display()}{suffix}"


class ReportVersion(ScopedModelMixin, models.Model):
    """An immutable version of a report's text and figures (every version kept)."""

    scope_region_field: ClassVar[str] = "report__incident__region"

    report = models.ForeignKey(InfoReport, verbose_name="报告", on_delete=models.CASCADE,
                               related_name="versions")
    number = models.PositiveIntegerField("版本号")
    content = models.TextField("报告正文")
    figures = models.JSONField("伤亡与损失", default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="编写人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "报告版本"
        verbose_name_plural = "报告版本"
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"],
                                               name="incidents_reportversion_unique")]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"
