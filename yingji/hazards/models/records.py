"""What happens to a hazard after registration: rectification reports, verifications
and extension requests (延期申请)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import ScopedManager
from yingji.enterprises.models.ownership import EnterpriseScopedMixin


class _HazardChild(EnterpriseScopedMixin, models.Model):
    enterprise_path: ClassVar[str] = "hazard__enterprise"
    scope_region_field: ClassVar[str] = "hazard__region"
    scope_industry_field: ClassVar[str | None] = "hazard__industry"

    class Meta:
        abstract = True


class RectificationReport(_HazardChild):
    """整改报告: what was done, when, at what cost, with the evidence files (attachments
    of the hazard with purpose 整改证据, listed in ``evidence_ids``)."""

    hazard = models.ForeignKey("hazards.Hazard", verbose_name="隐患", on_delete=models.CASCADE,
                               related_name="reports")
    content = models.TextField("整改情况")
    cost = models.DecimalField("整改资金（万元）", max_digits=12, decimal_places=2, null=True,
                               blank=True)
    evidence_ids = models.JSONField("整改证据（附件ID）", default=list, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报告人", null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField("报告时间")

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "整改报告"
        verbose_name_plural = "整改报告"
        ordering = ["hazard_id", "submitted_at", "id"]

    def __str__(self) -> str:
        return f"整改报告 {self.submitted_at:%Y-%m-%d}"


class Verification(_HazardChild):
    """验收记录: one verification of a rectification, passed (销号) or failed (重新整改)."""

    hazard = models.ForeignKey("hazards.Hazard", verbose_name="隐患", on_delete=models.CASCADE,
                               related_name="verifications")
    passed = models.BooleanField("验收通过")
    comment = models.TextField("验收意见", blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="验收人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField("验收时间")

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "验收记录"
        verbose_name_plural = "验收记录"
        ordering = ["hazard_id", "verified_at", "id"]

    def __str__(self) -> str:
        return f"{'通过' if self.passed else '不通过'} {self.verified_at:%Y-%m-%d}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已驳回"


class ExtensionRequest(_HazardChild):
    """延期申请: the responsible side asks for a later rectification deadline; a
    supervisor approves (the hazard's deadline moves) or rejects it."""

    hazard = models.ForeignKey("hazards.Hazard", verbose_name="隐患", on_delete=models.CASCADE,
                               related_name="extensions")
    current_deadline = models.DateTimeField("原整改期限")
    requested_deadline = models.DateTimeField("申请延期至")
    reason = models.TextField("延期理由")
    status = models.CharField("审批状态", max_length=10, choices=ExtensionStatus.choices,
                              default=ExtensionStatus.PENDING, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_comment = models.TextField("审批意见", blank=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["-requested_at", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["hazard"], condition=models.Q(status="pending"),
            name="hazard_one_pending_extension")]

    def __str__(self) -> str:
        return f"延期申请（{self.get_status_display()}）"
