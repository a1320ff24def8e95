"""The investigation's rows: the team, the responsibility findings and the rectification
measures (事故暴露问题整改) with their owners and deadlines."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin


class TeamRole(models.TextChoices):
    LEAD = "lead", "牵头单位"
    MEMBER = "member", "成员单位"
    EXPERT = "expert", "技术专家"


class TeamMember(ScopedModelMixin, models.Model):
    """A member of the investigation team (事故调查组, 493 第二十二条): the lead unit,
    member units (监察机关、公安机关、工会 …) and experts chosen from the expert pool of
    the resources module."""

    scope_region_field: ClassVar[str] = "accident__region"
    scope_industry_field: ClassVar[str | None] = "accident__industry"

    accident = models.ForeignKey("accidents.Accident", verbose_name="事故", on_delete=models.CASCADE,
                                 related_name="team")
    role = models.CharField("组内角色", max_length=8, choices=TeamRole.choices)
    name = models.CharField("单位或专家姓名", max_length=100)
    expert = models.ForeignKey("resources.Expert", verbose_name="专家库专家", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    duty = models.CharField("职责分工", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "调查组成员"
        verbose_name_plural = "调查组成员"
        ordering = ["accident", "role", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}：{self.name}"


class SubjectKind(models.TextChoices):
    PERSON = "person", "责任人员"
    UNIT = "unit", "责任单位"


class Disposal(models.TextChoices):
    DISCIPLINE = "discipline", "党纪政务处分"
    JUDICIAL = "judicial", "移送司法机关"
    PENALTY = "penalty", "行政处罚"
    ORGANISATION = "organisation", "组织处理（诫勉、约谈等）"
    EXEMPT = "exempt", "免于追责（尽职免责）"


class Finding(ScopedModelMixin, models.Model):
    """A responsibility finding of the investigation report (责任认定及处理建议) on one
    person or unit: the responsibility, the disposal suggested and how it was carried
    out. An administrative penalty opens an enforcement case when that module offers
    the service (``enforcement_ref`` keeps its number); until then it is recorded here."""

    scope_region_field: ClassVar[str] = "accident__region"
    scope_industry_field: ClassVar[str | None] = "accident__industry"

    accident = models.ForeignKey("accidents.Accident", verbose_name="事故", on_delete=models.CASCADE,
                                 related_name="findings")
    subject_kind = models.CharField("对象", max_length=8, choices=SubjectKind.choices)
    name = models.CharField("姓名或单位名称", max_length=120)
    position = models.CharField("单位及职务", max_length=160, blank=True)
    responsibility = models.TextField("责任认定")
    disposal = models.CharField("处理建议", max_length=14, choices=Disposal.choices)
    fine_wan = models.DecimalField("建议罚款（万元）", max_digits=12, decimal_places=2, null=True,
                                   blank=True)
    carried_out = models.BooleanField("已落实", default=False)
    carried_out_note = models.CharField("落实情况", max_length=300, blank=True)
    enforcement_ref = models.CharField("执法案件", max_length=60, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+",
                                   editable=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = "责任认定"
        verbose_name_plural = "责任认定"
        ordering = ["accident", "subject_kind", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_disposal_display()}）"


class Measure(ScopedModelMixin, models.Model):
    """A rectification measure (防范和整改措施, 493 第三十三条) with its owner unit, the
    person responsible, the deadline and its completion."""

    scope_region_field: ClassVar[str] = "accident__region"
    scope_industry_field: ClassVar[str | None] = "accident__industry"

    accident = models.ForeignKey("accidents.Accident", verbose_name="事故", on_delete=models.CASCADE,
                                 related_name="measures")
    content = models.CharField("整改措施", max_length=300)
    owner_unit = models.CharField("责任单位", max_length=120)
    owner_name = models.CharField("责任人", max_length=40, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="督办账号", null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    due = models.DateField("整改期限")
    done_on = models.DateField("完成日期", null=True, blank=True, editable=False)
    result = models.CharField("完成情况", max_length=300, blank=True, editable=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = "整改措施"
        verbose_name_plural = "整改措施"
        ordering = ["accident", "due", "id"]

    def __str__(self) -> str:
        return self.content
