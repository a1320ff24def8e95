"""Numbered enforcement documents (执法文书), the departments' number prefixes and the
per-prefix, per-year counters."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingji.core.scope import CityWideReference, Scope, ScopedManager, ScopedModelMixin
from yingji.enterprises.models.ownership import is_enterprise_user, member_enterprise_ids


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
    URGE = "urge", "催告书"
    ARRANGEMENT = "arrangement", "准予分期/延期缴纳罚款决定书"
    CLOSING = "closing", "结案审批表"


# The documents served on the party (an enterprise account reads them); 立案审批表, 询问笔录
# and 结案审批表 are the bureau's own records.
SERVED_KINDS = (DocumentKind.SITE_RECORD, DocumentKind.ORDER, DocumentKind.RECHECK,
                DocumentKind.NOTICE, DocumentKind.HEARING, DocumentKind.DECISION,
                DocumentKind.RECEIPT, DocumentKind.URGE, DocumentKind.ARRANGEMENT)


class DocumentPrefix(CityWideReference, models.Model):
    """A department's own number prefix (机关代字, 武江应急), set by the city bureau where
    it differs from the default derived from the department's region (``services.
    documents.default_prefix``). Two departments never share a configured prefix."""

    department = models.OneToOneField("core.Department", verbose_name="执法部门",
                                      on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField("文书编号前缀", max_length=12, unique=True,
                              help_text="如：武江应急；编号为 前缀+文书字+〔年度〕+序号+号")
    note = models.CharField("说明", max_length=200, blank=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "文书编号前缀"
        verbose_name_plural = "文书编号前缀"
        ordering = ["department"]

    def __str__(self) -> str:
        return self.prefix

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from yingji.enforcement.rules import prefix_problem

        problem = prefix_problem(self.prefix or "")
        if problem:
            raise ValidationError({"prefix": problem})


class DocumentCounter(models.Model):
    """The last number issued per prefix, year and number series (罚, 查, 改 …); locked
    while a number is taken, so the numbers of a prefix never repeat or skip, whichever
    department issues them."""

    prefix = models.CharField("文书编号前缀", max_length=12)
    year = models.PositiveIntegerField("年度")
    series = models.CharField("文号字", max_length=4)
    last = models.PositiveIntegerField("已用号", default=0)

    class Meta:
        verbose_name = "文书编号"
        verbose_name_plural = "文书编号"
        constraints = [models.UniqueConstraint(fields=["prefix", "year", "series"],
                                               name="enforcement_counter_prefix_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}{self.series}〔{self.year}〕: {self.last}"


class Document(ScopedModelMixin, models.Model):
    """An issued document: its number (武江应急罚〔2026〕12号), what it belongs to (an
    inspection or a case) and who issued it; the Word file is generated from the record."""

    kind = models.CharField("文书种类", max_length=12, choices=DocumentKind.choices)
    number = models.CharField("文书编号", max_length=40, unique=True)
    prefix = models.CharField("文书编号前缀", max_length=12, default="")
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
        constraints = [models.UniqueConstraint(fields=["prefix", "year", "series", "seq"],
                                               name="enforcement_document_prefix_seq_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        """Staff: by region. An enterprise account: the documents served on its own
        enterprises (never the bureau's internal approval forms)."""
        q = super().scope_q(scope)
        if is_enterprise_user(scope):
            ids = member_enterprise_ids(scope.user_id)
            q &= (Q(case__enterprise__in=ids) | Q(inspection__enterprise__in=ids)) \
                & Q(kind__in=SERVED_KINDS)
        return q

    def in_scope(self, scope: Scope) -> bool:
        if not super().in_scope(scope):
            return False
        if is_enterprise_user(scope):
            owner = self.case or self.inspection
            return self.kind in SERVED_KINDS and owner is not None and member_enterprise_ids(
                scope.user_id).filter(enterprise_id=owner.enterprise_id).exists()
        return True
