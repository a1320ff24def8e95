"""Relief to households (自然灾害救助条例): the case, its issues of money and goods with
the signed receipt (签领), and donations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from yingji.core.personal.fields import BlindIndexField, PersonalField
from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.core.workflow import WorkflowModel


class ReliefCategory(models.TextChoices):
    EMERGENCY = "emergency", "应急救助"
    TRANSITION = "transition", "过渡期生活救助"
    WINTER_SPRING = "winter_spring", "冬春救助"
    REBUILD = "rebuild", "倒损住房恢复重建"


class HouseholdIndexField(BlindIndexField):
    """The blind index of the head of household's ID number (the no-duplicate rule).
    Cases registered before the number was kept encrypted (migration 0008) hold only its
    mask, which identifies no one: their index stays the digest they were registered
    with (see ``services.relief.legacy_digest``) instead of an index of the mask."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        if "*" in str(getattr(model_instance, self.source_field().attname) or ""):
            return getattr(model_instance, self.attname)
        return super().pre_save(model_instance, add)


class ReliefCase(ScopedModelMixin, WorkflowModel):
    """One household's relief of one category for one event. The head of household's ID
    number, phone and address are personal data (SM4-encrypted, masked everywhere, shown
    only by the audited reveal); the ID number's blind index keys the no-duplicate rule.
    ``RELIEF_FLOW``: 申请/排查 → 村评议 → 乡镇审核 → 县审批 → 发放 → 公示."""

    scope_region_field: ClassVar[str] = "region"
    audit_exclude: ClassVar[tuple[str, ...]] = ("id_number_index",)

    event = models.ForeignKey(
        "disasters.DisasterEvent",
        verbose_name="灾害事件",
        on_delete=models.PROTECT,
        related_name="relief_cases",
    )
    region = models.ForeignKey(
        "core.Region", verbose_name="村（社区）", on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField("救助类别", max_length=16, choices=ReliefCategory.choices)
    head_name = models.CharField("户主姓名", max_length=40)
    id_number = PersonalField("身份证号", kind="id_number", max_length=18)
    id_number_index = HouseholdIndexField("身份证号索引", source="id_number")
    phone = PersonalField("联系电话", kind="phone", max_length=20, blank=True)
    members = models.PositiveSmallIntegerField("家庭人口", default=1)
    member_names = models.CharField("家庭成员", max_length=300, blank=True)
    address = PersonalField("住址", kind="address", max_length=200, blank=True)
    situation = models.TextField("受灾情况")
    amount = models.DecimalField("拟救助金额（元）", max_digits=12, decimal_places=2, default=Decimal("0"))
    goods = models.CharField("拟发放物资", max_length=200, blank=True)
    village_opinion = models.CharField("村评议意见", max_length=300, blank=True)
    town_opinion = models.CharField("乡镇审核意见", max_length=300, blank=True)
    county_opinion = models.CharField("县审批意见", max_length=300, blank=True)
    approved_amount = models.DecimalField(
        "核定金额（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    issue_note = models.CharField(
        "未足额发放说明",
        max_length=300,
        blank=True,
        help_text="核定的资金或拟发放的物资未发放完即办结发放时的原因（必填，留痕）",
    )
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "救助对象"
        verbose_name_plural = "受灾群众救助"
        ordering = ["-created_at", "-id"]
        permissions = [("approve_reliefcase", "审批救助")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "category", "id_number_index"], name="drelief_no_duplicate_index"
            )
        ]

    def __str__(self) -> str:
        return f"{self.head_name}·{self.get_category_display()}"

    def get_state_label(self) -> str:
        from yingji.disasters.workflow import RELIEF_FLOW

        return RELIEF_FLOW.label(self.state)


class IssueKind(models.TextChoices):
    MONEY = "money", "救助资金"
    GOODS = "goods", "救灾物资"


class ReliefIssue(ScopedModelMixin, models.Model):
    """One issue to a household: money (元) or goods from a reserve (the stock ledger's
    outbound entry is linked), with who signed for it (签领)."""

    scope_region_field: ClassVar[str] = "case__region"

    case = models.ForeignKey(
        ReliefCase, verbose_name="救助对象", on_delete=models.PROTECT, related_name="issues"
    )
    kind = models.CharField("发放类型", max_length=8, choices=IssueKind.choices)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    item_name = models.CharField("物资名称", max_length=60, blank=True)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField("单位", max_length=10, blank=True)
    movement = models.OneToOneField(
        "resources.StockMovement",
        verbose_name="出库记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_by_name = models.CharField("签领人", max_length=40)
    signed_at = models.DateTimeField("签领时间")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发放人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "救助发放"
        verbose_name_plural = "救助发放"
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        if self.kind == IssueKind.MONEY:
            return f"{self.case.head_name}：资金{self.amount}元"
        return f"{self.case.head_name}：{self.item_name}{self.quantity}{self.unit}"
