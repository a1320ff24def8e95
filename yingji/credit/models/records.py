"""Credit records (信用记录): the facts that weigh on an enterprise's, an institution's
or a person's safety credit, each linked to the record of the module it comes from."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.personal.fields import PersonalField
from yingji.core.scope import ScopedManager
from yingji.enterprises.models.ownership import EnterpriseScopedMixin


class SubjectType(models.TextChoices):
    ENTERPRISE = "enterprise", "生产经营单位"
    INSTITUTION = "institution", "安全生产技术服务机构"
    PERSON = "person", "个人"


class EventKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    ACCIDENT = "accident", "生产安全事故"
    FINDING = "finding", "事故责任认定"
    CONCEALMENT = "concealment", "瞒报谎报事故"
    REFUSED_RECTIFY = "refused_rectify", "拒不整改"
    FALSE_REPORT = "false_report", "出具虚假报告"


class CreditEvent(EnterpriseScopedMixin, models.Model):
    """One credit fact about a subject: its kind, the day, a summary and the source
    (``source`` names the module's record, e.g. ``enforcement.case``, with its id and
    number) — collected by ``services.records`` from the other modules' services, never
    copied by hand; a false report of an institution is entered by staff."""

    subject_type = models.CharField("主体类型", max_length=12, choices=SubjectType.choices)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    subject_name = models.CharField("主体名称", max_length=120)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    person_name = PersonalField("相关责任人", kind="name", max_length=40, blank=True)
    region = models.ForeignKey("core.Region", verbose_name="所属区划", on_delete=models.PROTECT,
                               related_name="+")
    kind = models.CharField("记录类型", max_length=16, choices=EventKind.choices)
    occurred_on = models.DateField("发生日期")
    summary = models.CharField("内容", max_length=300)
    department = models.ForeignKey("core.Department", verbose_name="作出部门", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField("来源", max_length=40, blank=True, editable=False)
    source_id = models.PositiveBigIntegerField("来源记录", null=True, blank=True, editable=False)
    source_ref = models.CharField("来源编号", max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+",
                                    editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "信用记录"
        verbose_name_plural = "信用记录"
        ordering = ["-occurred_on", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["source", "source_id", "kind"], condition=~models.Q(source=""),
            name="credit_event_source_unique")]
        indexes = [models.Index(fields=["enterprise", "occurred_on"], name="credit_event_ent_idx")]

    def __str__(self) -> str:
        return f"{self.subject_name}·{self.get_kind_display()}（{self.occurred_on:%Y-%m-%d}）"
