"""The serious-dishonesty list (安全生产严重失信主体名单, 应急管理部令第11号): the
listing grounds, the entries with their notice, decision, publication and removal, and
the applications for early removal (信用修复)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.personal.fields import PersonalField
from yingji.core.scope import CityWideReference, ScopedManager
from yingji.core.workflow import WorkflowModel
from yingji.credit.models.records import SubjectType
from yingji.enterprises.models.ownership import EnterpriseScopedMixin


class ListingGround(CityWideReference, models.Model):
    """A ground for listing (列入情形) with its article: the bureau's table, seeded with
    the situations of 令第11号; inactive grounds are no longer offered."""

    code = models.CharField("编号", max_length=20, unique=True)
    title = models.CharField("列入情形", max_length=300)
    article = models.CharField("依据条款", max_length=120)
    active = models.BooleanField("启用", default=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "列入情形"
        verbose_name_plural = "列入情形"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:40]}"


class RemovalKind(models.TextChoices):
    EXPIRY = "expiry", "管理期满移出"
    EARLY = "early", "信用修复提前移出"


class DishonestyEntry(EnterpriseScopedMixin, WorkflowModel):
    """One subject on (or proposed for) the list: the penalising department that decides
    (谁处罚谁决定), the penalty case, the ground, the notice and the party's statement
    period, the decision, publication, the management period and the removal. Follows
    ``workflow.ENTRY_FLOW``."""

    number = models.CharField("决定书编号", max_length=40, blank=True, db_index=True)
    subject_type = models.CharField("主体类型", max_length=12, choices=SubjectType.choices,
                                    default=SubjectType.ENTERPRISE)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    subject_name = models.CharField("失信主体名称", max_length=120)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    person_name = PersonalField("主要负责人（一并列入）", kind="name", max_length=40, blank=True)
    region = models.ForeignKey("core.Region", verbose_name="所属区划", on_delete=models.PROTECT,
                               related_name="+")
    department = models.ForeignKey("core.Department", verbose_name="作出处罚的部门",
                                   on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("enforcement.Case", verbose_name="行政处罚案件", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey("credit.CreditEvent", verbose_name="信用记录", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="entries")
    ground = models.ForeignKey(ListingGround, verbose_name="列入情形", on_delete=models.PROTECT,
                               related_name="+")
    facts = models.TextField("失信事实")
    noticed_at = models.DateTimeField("告知时间", null=True, blank=True, editable=False)
    statement_due = models.DateTimeField("陈述申辩期限", null=True, blank=True, editable=False)
    statement = models.TextField("当事人陈述申辩", blank=True, editable=False)
    statement_at = models.DateTimeField("陈述申辩时间", null=True, blank=True, editable=False)
    statement_reply = models.TextField("陈述申辩采纳情况", blank=True, editable=False)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True, editable=False)
    listed_on = models.DateField("列入日期", null=True, blank=True, editable=False, db_index=True)
    remove_on = models.DateField("管理期满日", null=True, blank=True, editable=False, db_index=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True, editable=False)
    removed_on = models.DateField("移出日期", null=True, blank=True, editable=False)
    removal_kind = models.CharField("移出方式", max_length=8, choices=RemovalKind.choices,
                                    blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+",
                                   editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "严重失信主体"
        verbose_name_plural = "严重失信主体名单"
        ordering = ["-created_at", "-id"]
        permissions = [("decide_dishonestyentry", "作出列入和移出决定"),
                       ("state_dishonestyentry", "提出陈述申辩")]
        indexes = [models.Index(fields=["state", "remove_on"], name="credit_entry_due_idx")]

    def __str__(self) -> str:
        return f"{self.subject_name}（{self.get_state_label()}）"

    def get_state_label(self) -> str:
        from yingji.credit.workflow import ENTRY_FLOW

        return ENTRY_FLOW.label(self.state)


class RemovalApplication(EnterpriseScopedMixin, WorkflowModel):
    """An application for early removal (提前移出 / 信用修复): the obligations the party
    declares fulfilled and the commitment it signed, reviewed by the listing department;
    revoked (the entry listed again) when obtained by fraud. Follows
    ``workflow.REPAIR_FLOW``."""

    enterprise_path: ClassVar[str] = "entry__enterprise"
    scope_region_field: ClassVar[str] = "entry__region"

    entry = models.ForeignKey(DishonestyEntry, verbose_name="名单", on_delete=models.PROTECT,
                              related_name="applications")
    penalty_paid = models.BooleanField("行政处罚已履行完毕", default=False)
    rectified = models.BooleanField("违法行为已整改到位", default=False)
    commitment = models.ForeignKey("credit.SafetyCommitment", verbose_name="信用承诺书", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    statement = models.TextField("申请说明")
    review_comment = models.TextField("审核意见", blank=True, editable=False)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+",
                                   editable=False)
    applied_at = models.DateTimeField("申请时间", auto_now_add=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "提前移出申请"
        verbose_name_plural = "提前移出申请"
        ordering = ["-applied_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entry.subject_name}的提前移出申请"

    def get_state_label(self) -> str:
        from yingji.credit.workflow import REPAIR_FLOW

        return REPAIR_FLOW.label(self.state)
