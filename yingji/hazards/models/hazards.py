"""The hidden hazard (事故隐患) and the treatment plan (治理方案) of a major one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from yingji.core.models import Industry
from yingji.core.personal.fields import PersonalField
from yingji.core.scope import ScopedManager
from yingji.core.workflow import WorkflowModel
from yingji.enterprises.models.ownership import EnterpriseScopedMixin


class HazardSource(models.TextChoices):
    """How the hazard was found."""

    SELF_CHECK = "self_check", "企业自查"
    DEPARTMENT = "department", "部门检查"
    ENFORCEMENT = "enforcement", "执法检查"
    PUBLIC_REPORT = "public_report", "群众举报"
    COVERT = "covert", "暗查暗访"
    MONITORING = "monitoring", "监测报警"


class HazardGrade(models.TextChoices):
    """安监总局令第16号 第三条: 一般事故隐患 / 重大事故隐患."""

    GENERAL = "general", "一般隐患"
    MAJOR = "major", "重大隐患"


class HazardCategory(models.TextChoices):
    """Categories of the national hazard information system: 基础管理类 (basic_*) and
    现场管理类 (site_*)."""

    BASIC_LICENCE = "basic_licence", "资质证照"
    BASIC_ORGANISATION = "basic_organisation", "安全生产管理机构及人员"
    BASIC_RESPONSIBILITY = "basic_responsibility", "安全生产责任制"
    BASIC_RULES = "basic_rules", "安全生产管理制度"
    BASIC_PROCEDURES = "basic_procedures", "安全操作规程"
    BASIC_TRAINING = "basic_training", "教育培训"
    BASIC_RECORDS = "basic_records", "安全生产管理档案"
    BASIC_INVESTMENT = "basic_investment", "安全生产投入"
    BASIC_EMERGENCY = "basic_emergency", "应急管理"
    BASIC_OTHER = "basic_other", "其他基础管理"
    SITE_SPECIAL_EQUIPMENT = "site_special_equipment", "特种设备现场管理"
    SITE_EQUIPMENT = "site_equipment", "生产设备设施及工艺"
    SITE_ENVIRONMENT = "site_environment", "场所环境"
    SITE_BEHAVIOUR = "site_behaviour", "从业人员操作行为"
    SITE_FIRE = "site_fire", "消防安全"
    SITE_ELECTRICAL = "site_electrical", "用电安全"
    SITE_CONFINED_SPACE = "site_confined_space", "有限空间作业"
    SITE_DUST = "site_dust", "粉尘防爆"
    SITE_HAZCHEM = "site_hazchem", "危险化学品储存使用"
    SITE_CONTRACTOR = "site_contractor", "相关方现场管理"
    SITE_OTHER = "site_other", "其他现场管理"


class ListingLevel(models.TextChoices):
    """挂牌督办 level of a major hazard."""

    NONE = "", "未挂牌"
    CITY = "city", "市级挂牌督办"
    DISTRICT = "district", "区县级挂牌督办"


def month_of(moment: datetime | None) -> date | None:
    """The first day of ``moment``'s month in local time (Asia/Shanghai)."""
    if moment is None:
        return None
    return timezone.localtime(moment).date().replace(day=1)


# Attachment purposes of a hazard: the photos of what was found and the evidence of the
# rectification. Both are records: superseded by a newer file, never deleted.
PHOTO_PURPOSE = "隐患照片"
EVIDENCE_PURPOSE = "整改证据"

OPEN_STATES = ("pending", "rectifying")  # states in which the rectification deadline runs
ACTIVE_STATES = ("registered", "pending", "rectifying", "verifying")


class Hazard(EnterpriseScopedMixin, WorkflowModel):
    """A hidden hazard at an enterprise or a public place, from discovery to 销号.

    Follows ``HAZARD_FLOW``: 登记 → 待整改 → 整改中 → 待验收 → 已销号 (back to 整改中 on
    a failed verification). ``region`` is the street where it is (the enterprise's for
    an enterprise hazard) and the record's scope; an enterprise account reaches only
    its own enterprises' hazards. A major hazard may be listed for supervision
    (挂牌督办); then only ``listed_department`` may close it.
    """

    enterprise_path: ClassVar[str] = "enterprise"
    scope_region_field: ClassVar[str] = "region"
    scope_industry_field: ClassVar[str | None] = "industry"
    # Core's attachment service refuses to delete these, for everyone.
    append_only_purposes: ClassVar[frozenset[str]] = frozenset({PHOTO_PURPOSE, EVIDENCE_PURPOSE})

    number = models.CharField("隐患编号", max_length=20, blank=True, db_index=True)
    title = models.CharField("隐患名称", max_length=200)
    source = models.CharField("隐患来源", max_length=16, choices=HazardSource.choices)
    grade = models.CharField("隐患等级", max_length=10, choices=HazardGrade.choices,
                             default=HazardGrade.GENERAL)
    category = models.CharField("隐患类别", max_length=30, choices=HazardCategory.choices)
    check_item = models.ForeignKey("hazards.ChecklistItem", verbose_name="检查项",
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="hazards")
    place_name = models.CharField("公共场所名称", max_length=120, blank=True,
                                  help_text="不属于企业的隐患（公共场所、道路、居民区等）填写场所名称")
    region = models.ForeignKey("core.Region", verbose_name="所属街道（乡镇）",
                               on_delete=models.PROTECT, related_name="+")
    industry = models.CharField("行业类别", max_length=20, choices=Industry.choices, blank=True)
    address = models.CharField("隐患部位/地址", max_length=200, blank=True)
    longitude = models.FloatField("经度", null=True, blank=True)
    latitude = models.FloatField("纬度", null=True, blank=True)
    description = models.TextField("隐患描述")
    found_at = models.DateTimeField("发现时间", default=timezone.now)
    found_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发现人（账号）", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    finder_name = models.CharField("发现人", max_length=40, blank=True)
    reporter_name = models.CharField("举报人", max_length=40, blank=True)
    reporter_phone = PersonalField("举报人电话", kind="phone", max_length=20, blank=True)
    stop_production = models.BooleanField("需停产停业整改", default=False)
    # 待整改: who rectifies, by when, how.
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="整改责任人（账号）",
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    responsible_name = models.CharField("整改责任人", max_length=40, blank=True)
    responsible_phone = PersonalField("责任人电话", kind="phone", max_length=20, blank=True)
    deadline = models.DateTimeField("整改期限", null=True, blank=True)
    measures = models.TextField("整改措施", blank=True)
    supervising_department = models.ForeignKey(
        "core.Department", verbose_name="监管部门", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    supervising_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="监管责任人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    # 挂牌督办
    listed_level = models.CharField("挂牌督办", max_length=10, choices=ListingLevel.choices,
                                    default=ListingLevel.NONE, blank=True)
    listed_department = models.ForeignKey(
        "core.Department", verbose_name="督办部门", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    listed_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="督办责任人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    listed_at = models.DateTimeField("挂牌时间", null=True, blank=True)
    listing_number = models.CharField("督办文号", max_length=60, blank=True)
    # Outcome
    rectified_at = models.DateTimeField("整改完成时间", null=True, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    closed_on_time = models.BooleanField("按期整改", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="销号人", null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    # Closed by the enterprise itself (a self-found general hazard, where the bureau
    # allows it): shown as 企业自行销号 on the ledger and counted in the analysis.
    self_closed = models.BooleanField("企业自行销号", default=False)
    # Local (Asia/Shanghai) months of discovery and closing, kept by ``save`` so the
    # monthly analysis groups an indexed column instead of converting every timestamp.
    found_month = models.DateField("发现月份", null=True, blank=True, editable=False)
    closed_month = models.DateField("销号月份", null=True, blank=True, editable=False)
    data = models.JSONField("关联数据", default=dict, blank=True,
                            help_text="监测报警等来源的原始数据")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "隐患"
        verbose_name_plural = "隐患"
        ordering = ["-found_at", "-id"]
        permissions = [("supervise_hazard", "挂牌督办重大隐患"),
                       ("approve_extension", "审批隐患延期申请")]
        indexes = [
            # The overdue list: open states with a passed deadline, in scope.
            models.Index(fields=["state", "deadline", "region"], name="hazard_overdue_idx"),
            models.Index(fields=["region", "found_at"], name="hazard_region_found_idx"),
            models.Index(fields=["enterprise", "state"], name="hazard_enterprise_idx"),
            models.Index(fields=["found_at"], name="hazard_found_idx"),
            models.Index(fields=["listed_level", "state"], name="hazard_listed_idx"),
            # The overdue list in deadline order: only open rows, walked in order.
            models.Index(fields=["deadline", "id"], condition=models.Q(state__in=OPEN_STATES),
                         name="hazard_open_deadline_idx"),
            # Covering indexes of the analysis groupings (index-only scans).
            models.Index(fields=["region", "industry", "grade", "source"],
                         name="hazard_dims_idx"),
            models.Index(fields=["region", "found_month"], name="hazard_found_month_idx"),
            models.Index(fields=["region", "closed_month"], name="hazard_closed_month_idx"),
            models.Index(fields=["region", "enterprise", "category"], name="hazard_repeat_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def set_months(self) -> None:
        """Derive ``found_month`` / ``closed_month`` from the timestamps."""
        self.found_month = month_of(self.found_at)
        self.closed_month = month_of(self.closed_at)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_months()
        fields = kwargs.get("update_fields")
        if fields is not None:
            kwargs["update_fields"] = {*fields, "found_month", "closed_month"}
        super().save(*args, **kwargs)

    @property
    def place(self) -> str:
        """The enterprise's name, or the public place."""
        return self.enterprise.name if self.enterprise_id and self.enterprise else self.place_name

    def get_state_label(self) -> str:
        from yingji.hazards.workflow import HAZARD_FLOW

        return HAZARD_FLOW.label(self.state)

    @property
    def is_major(self) -> bool:
        return self.grade == HazardGrade.MAJOR

    @property
    def is_listed(self) -> bool:
        return bool(self.listed_level)

    @property
    def is_overdue(self) -> bool:
        return (self.state in OPEN_STATES and self.deadline is not None
                and self.deadline < timezone.now())


class TreatmentPlan(EnterpriseScopedMixin, models.Model):
    """治理方案 of a major hazard (安监总局令第16号 第十五条, 第二十条): the report on its
    current state, cause, harm and difficulty, the plan's six parts, and the 五到位."""

    enterprise_path: ClassVar[str] = "hazard__enterprise"
    scope_region_field: ClassVar[str] = "hazard__region"
    scope_industry_field: ClassVar[str | None] = "hazard__industry"

    hazard = models.OneToOneField(Hazard, verbose_name="隐患", on_delete=models.CASCADE,
                                  related_name="plan")
    status_and_cause = models.TextField("现状及产生原因", blank=True)
    harm_analysis = models.TextField("危害程度和整改难易程度分析", blank=True)
    goal = models.TextField("治理的目标和任务", blank=True)
    methods = models.TextField("采取的方法和措施", blank=True)
    funds_and_materials = models.TextField("经费和物资的落实", blank=True)
    funds_amount = models.DecimalField("治理资金（万元）", max_digits=12, decimal_places=2,
                                       null=True, blank=True)
    organisation = models.TextField("负责治理的机构和人员", blank=True)
    time_limit = models.TextField("治理的时限和要求", blank=True)
    safety_measures = models.TextField("安全措施和应急预案", blank=True)
    in_place_measures = models.BooleanField("措施到位", default=False)
    in_place_responsibility = models.BooleanField("责任到位", default=False)
    in_place_funds = models.BooleanField("资金到位", default=False)
    in_place_time = models.BooleanField("时限到位", default=False)
    in_place_plan = models.BooleanField("预案到位", default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "治理方案"
        verbose_name_plural = "治理方案"

    def __str__(self) -> str:
        return f"治理方案：{self.hazard_id}"
