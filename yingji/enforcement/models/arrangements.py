"""分期、延期缴纳罚款 (行政处罚法 第六十六条): the party's application, its review and
approval, and the approved schedule."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.money import yuan
from yingji.core.scope import ScopedManager
from yingji.enterprises.models.ownership import EnterpriseScopedMixin


class ArrangementKind(models.TextChoices):
    INSTALMENTS = "instalments", "分期缴纳"
    DEFERRAL = "deferral", "延期缴纳"


class ArrangementState(models.TextChoices):
    APPLIED = "applied", "待法制审核"
    REVIEWED = "reviewed", "待负责人批准"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"
    RETURNED = "returned", "法制审核退回"
    # A 催告 ended the schedule and a later application was approved: the new schedule
    # replaces this one (its paid instalments stay paid).
    SUPERSEDED = "superseded", "催告后重新批准，原计划终止"


class PaymentArrangement(EnterpriseScopedMixin, models.Model):
    """The party's application to pay its fine in instalments or later, for real
    economic difficulty (第六十六条), with its reason and evidence (an attachment of
    purpose ``EVIDENCE``); the legal reviewer's opinion and the leader's decision; once
    approved, its ``instalments`` (a deferral is one instalment of the whole fine)."""

    EVIDENCE: ClassVar[str] = "经济困难证明材料"
    append_only_purposes: ClassVar[frozenset[str]] = frozenset({EVIDENCE})
    enterprise_path: ClassVar[str] = "case__enterprise"
    scope_region_field: ClassVar[str] = "case__region"

    case = models.ForeignKey("enforcement.Case", verbose_name="案件", on_delete=models.CASCADE,
                             related_name="arrangements")
    kind = models.CharField("申请事项", max_length=12, choices=ArrangementKind.choices)
    reason = models.TextField("经济困难情况")
    proposal = models.CharField("当事人申请的方案", max_length=500, blank=True)
    applied_on = models.DateField("申请日期")
    state = models.CharField("办理状态", max_length=10, choices=ArrangementState.choices,
                             default=ArrangementState.APPLIED)
    legal_opinion = models.TextField("法制审核意见", blank=True)
    opinion = models.TextField("审批意见", blank=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "分期（延期）缴纳罚款申请"
        verbose_name_plural = "分期（延期）缴纳罚款申请"
        ordering = ["case", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}申请（{self.get_state_display()}）"


class Instalment(EnterpriseScopedMixin, models.Model):
    """One instalment of an approved schedule (a deferral's single one): its amount and
    due date, a core ``Deadline`` with reminders (``case.instalment.<seq>``), and its
    payment with any 加处罚款."""

    enterprise_path: ClassVar[str] = "case__enterprise"
    scope_region_field: ClassVar[str] = "case__region"

    arrangement = models.ForeignKey(PaymentArrangement, verbose_name="分期（延期）决定",
                                    on_delete=models.CASCADE, related_name="instalments")
    case = models.ForeignKey("enforcement.Case", verbose_name="案件", on_delete=models.CASCADE,
                             related_name="instalments")
    seq = models.PositiveSmallIntegerField("期次")
    amount = models.DecimalField("应缴金额（元）", max_digits=14, decimal_places=2)
    due_on = models.DateField("缴纳期限")
    paid_at = models.DateTimeField("缴款时间", null=True, blank=True)
    paid_amount = models.DecimalField("实缴金额（元）", max_digits=14, decimal_places=2,
                                      default=Decimal("0"))
    surcharge = models.DecimalField("加处罚款（元）", max_digits=14, decimal_places=2,
                                    default=Decimal("0"))

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "分期缴纳罚款"
        verbose_name_plural = "分期缴纳罚款"
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["arrangement", "seq"],
                                               name="enforcement_instalment_seq_unique")]

    def __str__(self) -> str:
        return f"第{self.seq}期 {yuan(self.amount)}（{self.due_on:%Y-%m-%d}前）"

    @property
    def deadline_kind(self) -> str:
        return f"case.instalment.{self.seq}"
