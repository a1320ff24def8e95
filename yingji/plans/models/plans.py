"""The plan registry (预案): government and enterprise plans, their place in the plan
system (a tree), lifecycle fields, versions with files, and the module's parameters."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.models.settings import SingletonSettings
from yingji.core.scope import ScopedManager
from yingji.core.workflow import WorkflowModel
from yingji.enterprises.models.ownership import EnterpriseScopedMixin
from yingji.incidents.models.config import CATEGORY_CHOICES
from yingji.plans import rules


class PlanKind(models.TextChoices):
    OVERALL = "overall", "总体应急预案"
    SPECIAL = "special", "专项应急预案"
    DEPARTMENT = "department", "部门应急预案"
    GRASSROOTS = "grassroots", "基层应急预案"
    ENT_COMPREHENSIVE = "ent_comprehensive", "企业综合应急预案"
    ENT_SPECIAL = "ent_special", "企业专项应急预案"
    ENT_ONSITE = "ent_onsite", "现场处置方案"


# Matching order: the most specific kind first (a 现场处置方案 before the 总体预案).
KIND_RANK = {"ent_onsite": 0, "ent_special": 1, "ent_comprehensive": 2, "grassroots": 3,
             "department": 4, "special": 5, "overall": 6}


class PlanLevel(models.TextChoices):
    CITY = "city", "市级"
    DISTRICT = "district", "区级"
    STREET = "street", "街道（乡镇）级"
    COMMUNITY = "community", "社区（村）级"
    ENTERPRISE = "enterprise", "企业级"


PLAN_STATES = {"draft": "起草中", "review": "评审中", "reviewed": "已评审", "signed": "已签署",
               "issued": "已印发待备案", "in_force": "施行中", "revising": "修订中",
               "abolished": "已废止"}


class Plan(EnterpriseScopedMixin, WorkflowModel):
    """An emergency plan: kind (government 总体/专项/部门/基层, enterprise 综合/专项/现场处置
    方案), level, owning unit, the event types it covers, 文号, validity, the command
    structure's head (指挥部) and its parent in the plan system ("1+N" tree). States:
    起草 → 评审 → 签署 → 印发 → 备案（施行）→ 修订 → … (``workflow.PLAN_FLOW``)."""

    enterprise_path: ClassVar[str] = "enterprise"
    scope_region_field: ClassVar[str] = "region"

    name = models.CharField("预案名称", max_length=150)
    kind = models.CharField("预案类别", max_length=20, choices=PlanKind.choices)
    level = models.CharField("预案层级", max_length=12, choices=PlanLevel.choices)
    region = models.ForeignKey("core.Region", verbose_name="适用区划", on_delete=models.PROTECT,
                               related_name="+")
    owner_unit = models.CharField("编制（主管）单位", max_length=120)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="所属企业", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", verbose_name="上级预案", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="children")
    category = models.CharField("适用事件类别", max_length=12, choices=CATEGORY_CHOICES, blank=True,
                                help_text="总体预案可留空（适用于全部类别）")
    subtypes = models.CharField("适用事件子类", max_length=300, blank=True,
                                help_text="事件子类代码，多个用逗号分隔；留空表示适用于该类别全部子类")
    doc_number = models.CharField("印发文号", max_length=60, blank=True)
    effective_from = models.DateField("施行日期", null=True, blank=True)
    effective_to = models.DateField("有效期至", null=True, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    filing_body = models.CharField("备案机关", max_length=120, blank=True)
    filing_number = models.CharField("备案编号", max_length=60, blank=True)
    last_evaluated_on = models.DateField("最近评估日期", null=True, blank=True)
    command_name = models.CharField("指挥机构", max_length=120, blank=True,
                                    help_text="如：武汉市防汛抗旱指挥部")
    commander = models.CharField("总指挥", max_length=120, blank=True)
    deputy_commanders = models.CharField("副总指挥", max_length=300, blank=True)
    command_office = models.CharField("指挥部办公室", max_length=120, blank=True,
                                      help_text="办公室设在何单位")
    summary = models.TextField("适用范围与概要", blank=True)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="预案管理责任人",
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    triggers = models.JSONField("启动条件（汇总）", default=dict, blank=True, editable=False,
                                help_text="由响应级别和触发条件自动汇总，供匹配使用")
    current_version = models.ForeignKey("plans.PlanVersion", verbose_name="现行版本", null=True,
                                        blank=True, on_delete=models.SET_NULL, related_name="+",
                                        editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "应急预案"
        verbose_name_plural = "应急预案"
        ordering = ["region_id", "kind", "name", "id"]
        indexes = [models.Index(fields=["state", "region"], name="plan_state_region_idx"),
                   models.Index(fields=["category", "state"], name="plan_category_state_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def subtype_codes(self) -> list[str]:
        return [c.strip() for c in self.subtypes.replace("，", ",").split(",") if c.strip()]

    @property
    def is_enterprise_plan(self) -> bool:
        return self.kind in rules.ENTERPRISE_KINDS

    @property
    def state_label(self) -> str:
        return PLAN_STATES.get(self.state, self.state)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from yingji.incidents import rules as incident_rules

        errors: dict[str, str] = {}
        if self.is_enterprise_plan and not self.enterprise_id:
            errors["enterprise"] = "企业预案须选择所属企业"
        if not self.is_enterprise_plan and self.enterprise_id:
            errors["enterprise"] = "政府预案不选择企业"
        bad = [c for c in self.subtype_codes if incident_rules.subtype(c) is None]
        if bad:
            errors["subtypes"] = f"事件子类“{'、'.join(bad)}”不在国家分类之内"
        elif self.category:
            wrong = [c for c in self.subtype_codes
                     if incident_rules.check_classification(self.category, c)]
            if wrong:
                errors["subtypes"] = f"事件子类“{'、'.join(wrong)}”不属于所选事件类别"
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            errors["effective_to"] = "有效期至不能早于施行日期"
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = "上级预案不能是预案本身"
        if errors:
            raise ValidationError(errors)


class PlanVersion(EnterpriseScopedMixin, models.Model):
    """A version of a plan (the text as issued, with its Word/PDF files as attachments)
    and the frozen digital structure of that version, recorded at issue and used by
    activation."""

    enterprise_path: ClassVar[str] = "plan__enterprise"
    scope_region_field: ClassVar[str] = "plan__region"

    plan = models.ForeignKey(Plan, verbose_name="预案", on_delete=models.CASCADE,
                             related_name="versions")
    number = models.PositiveIntegerField("版本号")
    label = models.CharField("版本名称", max_length=60, help_text="如：2024年修订版")
    doc_number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    changes = models.TextField("修订说明", blank=True)
    structure = models.JSONField("数字化结构快照", default=dict, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "预案版本"
        verbose_name_plural = "预案版本"
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="plans_version_unique")]

    def __str__(self) -> str:
        return f"{self.plan.name}（{self.label}）"


class PlanSettings(SingletonSettings):
    """The module's parameters with the national defaults: filing and evaluation limits
    and the least drill frequency by plan kind (months)."""

    filing_workdays = models.PositiveIntegerField("备案时限（印发后工作日）",
                                                  default=rules.FILING_WORKDAYS)
    evaluation_years = models.PositiveIntegerField("评估周期（年）", default=rules.EVALUATION_YEARS)
    remind_days = models.PositiveIntegerField("提前提醒（天）", default=30)
    drill_months_special = models.PositiveIntegerField("政府专项、部门预案演练周期（月）", default=36)
    drill_months_grassroots = models.PositiveIntegerField("基层预案演练周期（月）", default=12)
    drill_months_ent = models.PositiveIntegerField("企业综合、专项预案演练周期（月）", default=12)
    drill_months_onsite = models.PositiveIntegerField("现场处置方案演练周期（月）", default=6)
    limit_first_report = models.PositiveIntegerField("演练考核：接报至首报（分钟）", default=60)
    limit_response = models.PositiveIntegerField("演练考核：接报至启动响应（分钟）", default=30)
    limit_dispatch = models.PositiveIntegerField("演练考核：接报至调派（分钟）", default=15)
    limit_arrival = models.PositiveIntegerField("演练考核：调派至到场（分钟）", default=60)

    class Meta:
        verbose_name = "预案演练参数"
        verbose_name_plural = "预案演练参数"

    def __str__(self) -> str:
        return "预案演练参数"

    def drill_months(self) -> dict[str, int | None]:
        return {"overall": None, "special": self.drill_months_special,
                "department": self.drill_months_special,
                "grassroots": self.drill_months_grassroots,
                "ent_comprehensive": self.drill_months_ent, "ent_special": self.drill_months_ent,
                "ent_onsite": self.drill_months_onsite}

    def chain_limits(self) -> dict[str, int | None]:
        return {"first_report": self.limit_first_report, "response": self.limit_response,
                "dispatch": self.limit_dispatch, "arrival": self.limit_arrival}
