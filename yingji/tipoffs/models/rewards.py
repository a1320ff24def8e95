"""The reward of a verified report: proposed by the rules, voted and decided by the
reward committee, paid against a voucher."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.core.workflow import WorkflowModel
from yingji.tipoffs.models.tipoffs import Tipoff
from yingji.tipoffs.workflow import REWARD_STATES


class TipoffReward(ScopedModelMixin, WorkflowModel):
    """举报奖励: the amount the rules proposed and its basis, the committee's decision
    and the payment (voucher number, date)."""

    scope_region_field: ClassVar[str] = "tipoff__region"
    scope_industry_field: ClassVar[str | None] = "tipoff__industry"

    tipoff = models.OneToOneField(Tipoff, verbose_name="举报", on_delete=models.PROTECT,
                                  related_name="reward")
    proposed_amount = models.DecimalField("建议金额（元）", max_digits=12, decimal_places=2)
    basis = models.CharField("计算依据", max_length=300)
    amount = models.DecimalField("决定金额（元）", max_digits=12, decimal_places=2, null=True,
                                 blank=True)
    decision_note = models.CharField("决定说明", max_length=300, blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    voucher = models.CharField("发放凭证号", max_length=40, blank=True)
    paid_on = models.DateField("发放日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "举报奖励"
        verbose_name_plural = "举报奖励"
        ordering = ["-created_at", "-id"]
        permissions = [("decide_tipoffreward", "评议、决定和发放举报奖励")]

    def __str__(self) -> str:
        return f"{self.tipoff.number}的奖励"

    def state_label(self) -> str:
        return REWARD_STATES.get(self.state, self.state)


class Vote(models.TextChoices):
    FOR = "for", "同意"
    AGAINST = "against", "不同意"
    ABSTAIN = "abstain", "弃权"


class TipoffVote(ScopedModelMixin, models.Model):
    """One committee member's recorded vote on a reward (one per member, may be changed
    until the decision)."""

    scope_region_field: ClassVar[str] = "reward__tipoff__region"
    scope_industry_field: ClassVar[str | None] = "reward__tipoff__industry"

    reward = models.ForeignKey(TipoffReward, verbose_name="举报奖励", on_delete=models.CASCADE,
                               related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="委员",
                               on_delete=models.PROTECT, related_name="+")
    vote = models.CharField("表决", max_length=10, choices=Vote.choices)
    amount = models.DecimalField("建议金额（元）", max_digits=12, decimal_places=2, null=True,
                                 blank=True)
    comment = models.CharField("意见", max_length=300, blank=True)
    at = models.DateTimeField("表决时间")

    objects = ScopedManager()

    class Meta:
        verbose_name = "奖励表决"
        verbose_name_plural = "奖励表决"
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["reward", "member"],
                                               name="tipoffs_vote_once")]

    def __str__(self) -> str:
        return f"{self.get_vote_display()}"
