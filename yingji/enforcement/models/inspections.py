"""On-site inspections (现场检查) and their findings."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from yingji.core.models import Industry
from yingji.core.scope import ScopedManager
from yingji.core.workflow import WorkflowModel
from yingji.enterprises.models.ownership import EnterpriseScopedMixin


class InspectionSource(models.TextChoices):
    PLAN = "plan", "年度计划"
    DRAW = "draw", "双随机抽查"
    COMPLAINT = "complaint", "投诉举报"
    ASSIGNED = "assigned", "上级交办"
    CAMPAIGN = "campaign", "专项行动"
    ACCIDENT = "accident", "事故调查"


class InspectionMethod(models.TextChoices):
    ROUTINE = "routine", "常规检查"
    COVERT = "covert", "四不两直"
    CROSS = "cross", "异地交叉执法"
    JOINT = "joint", "多部门联合检查"


class Inspection(EnterpriseScopedMixin, WorkflowModel):
    """A 现场检查 at an enterprise by at least two inspectors: source, method, the items
    checked from the catalogue and the findings. States: 已检查 → 整改中 (责令限期整改 with a
    re-check date) → 已复查 / 已结束 (or 复查不合格 → a case)."""

    number = models.CharField("检查编号", max_length=24, blank=True, db_index=True)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="被检查单位",
                                   on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("core.Region", verbose_name="所属街道（乡镇）",
                               on_delete=models.PROTECT, related_name="+")
    industry = models.CharField("行业类别", max_length=20, choices=Industry.choices, blank=True)
    department = models.ForeignKey("core.Department", verbose_name="执法部门",
                                   on_delete=models.PROTECT, related_name="+")
    source = models.CharField("检查来源", max_length=12, choices=InspectionSource.choices)
    method = models.CharField("检查方式", max_length=10, choices=InspectionMethod.choices,
                              default=InspectionMethod.ROUTINE)
    joint_departments = models.CharField("联合检查部门", max_length=200, blank=True)
    plan = models.ForeignKey("enforcement.AnnualPlan", verbose_name="年度计划", null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="inspections")
    campaign = models.ForeignKey("enforcement.Campaign", verbose_name="专项行动", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="inspections")
    pick = models.ForeignKey("enforcement.DrawPick", verbose_name="双随机抽中", null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="inspections")
    team = models.ForeignKey("enforcement.Team", verbose_name="执法小组", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="inspections")
    inspectors = models.ManyToManyField("enforcement.Inspector", verbose_name="检查人员",
                                        related_name="inspections")
    items = models.ManyToManyField("enforcement.EnforcementItem", verbose_name="检查事项",
                                   blank=True, related_name="+")
    inspected_on = models.DateField("检查日期", db_index=True)
    site_contact = models.CharField("现场负责人", max_length=40, blank=True)
    summary = models.TextField("检查情况", blank=True)
    rectification_due = models.DateField("整改期限", null=True, blank=True)
    rectification_order = models.TextField("责令整改内容", blank=True)
    recheck_on = models.DateField("复查日期", null=True, blank=True)
    recheck_passed = models.BooleanField("复查合格", null=True, blank=True)
    recheck_opinion = models.TextField("复查意见", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "现场检查"
        verbose_name_plural = "现场检查"
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["region", "inspected_on"], name="insp_region_day_idx"),
                   models.Index(fields=["enterprise", "inspected_on"], name="insp_ent_day_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.enterprise}" if self.number else str(self.enterprise)

    def get_state_label(self) -> str:
        from yingji.enforcement.workflow import INSPECTION_FLOW

        return INSPECTION_FLOW.label(self.state)

    @property
    def recheck_overdue(self) -> bool:
        return self.state == "rectifying" and self.recheck_on is not None \
            and self.recheck_on < timezone.localdate()


class FindingKind(models.TextChoices):
    HAZARD = "hazard", "事故隐患"
    VIOLATION = "violation", "违法行为"
    NOTE = "note", "其他问题"


class Finding(EnterpriseScopedMixin, models.Model):
    """One finding of an inspection: a hidden hazard (registered through the hazards
    module's service; ``hazard_id`` names it), a violation (opens a case) or a note."""

    enterprise_path: ClassVar[str] = "inspection__enterprise"
    scope_region_field: ClassVar[str] = "inspection__region"
    scope_industry_field: ClassVar[str | None] = "inspection__industry"

    inspection = models.ForeignKey(Inspection, verbose_name="检查", on_delete=models.CASCADE,
                                   related_name="findings")
    kind = models.CharField("类型", max_length=10, choices=FindingKind.choices)
    item = models.ForeignKey("enforcement.EnforcementItem", verbose_name="检查事项", null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    description = models.TextField("问题描述")
    standard = models.ForeignKey("enforcement.DiscretionStandard", verbose_name="违法行为",
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    hazard_id = models.PositiveIntegerField("隐患记录", null=True, blank=True)
    case = models.ForeignKey("enforcement.Case", verbose_name="案件", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="findings")

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "检查发现"
        verbose_name_plural = "检查发现"
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return self.description[:40]
