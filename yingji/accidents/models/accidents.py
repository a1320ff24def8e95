"""The accident record (生产安全事故): the facts, the final grade with its history, and
the investigation to 批复, 结案 and 回头看 as dates on the record."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.accidents import rules
from yingji.core.models import Industry
from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.core.workflow import WorkflowModel

GRADE_CHOICES = [("I", "特别重大"), ("II", "重大"), ("III", "较大"), ("IV", "一般")]


class AccidentSource(models.TextChoices):
    INCIDENT = "incident", "由突发事件转入"
    ENTERED = "entered", "事后补录"
    CROSSCHECK = "crosscheck", "瞒报核查发现"


class Stage(models.TextChoices):
    """Where the accident's handling stands: the states of ``workflow.ACCIDENT_FLOW``."""

    INVESTIGATING = "investigating", "调查中"
    REPORTED = "reported", "待批复"
    REPLIED = "replied", "已批复，整改落实中"
    CLOSED = "closed", "已结案"
    REVIEWED = "reviewed", "已回头看"
    NOT_INVESTIGATED = "none", "无需调查"


class Accident(ScopedModelMixin, WorkflowModel):
    """One accident: enterprise and industry, production safety or not (with the reason),
    the final casualties and loss, the final grade by 493 (recomputed on every change of
    the figures, each change kept in ``GradeChange``), causes and the GB 6441 category;
    then the investigation: the level that investigates, 提级调查, 挂牌督办, the report
    and 批复 deadlines with extensions, 结案 and the 回头看, as the states and steps of
    ``workflow.ACCIDENT_FLOW`` (``state``, ``version``)."""

    scope_region_field: ClassVar[str] = "region"
    scope_industry_field: ClassVar[str | None] = "industry"

    number = models.CharField("事故编号", max_length=20, unique=True, editable=False)
    title = models.CharField("事故名称", max_length=120)
    occurred_at = models.DateTimeField("发生时间", db_index=True)
    region = models.ForeignKey("core.Region", verbose_name="发生地（街道、乡镇）",
                               on_delete=models.PROTECT, related_name="+")
    district_code = models.CharField("区县代码", max_length=12, editable=False, db_index=True)
    # YYYYMM of the occurrence in Asia/Shanghai: the statistics group by it in one index.
    occurred_month = models.PositiveIntegerField("发生年月", editable=False, default=0)
    address = models.CharField("详细地点", max_length=200)
    source = models.CharField("来源", max_length=12, choices=AccidentSource.choices,
                              default=AccidentSource.ENTERED, editable=False)
    incident = models.OneToOneField("incidents.Incident", verbose_name="来源事件", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+",
                                    editable=False)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="事故单位（企业库）",
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    unit_name = models.CharField("事故单位名称", max_length=120, blank=True,
                                 help_text="企业库中没有的单位在此填写名称")
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    industry = models.CharField("行业领域", max_length=20, choices=Industry.choices)
    # The 493 type (its incident's subtype): decides the casualty follow-up window.
    subtype = models.CharField("事故类型", max_length=20, choices=list(rules.ACCIDENT_SUBTYPES),
                               default="production",
                               help_text="道路交通事故、火灾事故伤亡人数补报期为7日，其他30日")
    is_production = models.BooleanField("生产安全事故", default=True)
    non_production_reason = models.CharField(
        "非生产安全事故认定理由", max_length=16, blank=True,
        choices=list(rules.NON_PRODUCTION_REASONS))
    non_production_note = models.CharField("认定说明", max_length=300, blank=True)
    deaths = models.PositiveIntegerField("死亡人数", default=0)
    missing = models.PositiveIntegerField("失踪人数", default=0)
    serious_injuries = models.PositiveIntegerField("重伤人数（含急性工业中毒）", default=0)
    minor_injuries = models.PositiveIntegerField("轻伤人数", default=0)
    loss_wan = models.DecimalField("直接经济损失（万元）", max_digits=14, decimal_places=2,
                                   default=0)
    victims = models.CharField("伤亡人员姓名", max_length=500, blank=True,
                               help_text="用顿号分隔，供瞒报核查比对")
    grade = models.CharField("事故等级", max_length=4, choices=GRADE_CHOICES, editable=False,
                             db_index=True)
    category_6441 = models.CharField("事故类别（GB 6441）", max_length=2,
                                     choices=list(rules.CATEGORIES_6441))
    causes = models.JSONField("事故原因分类", default=list, blank=True)
    description = models.TextField("事故简要经过", blank=True)
    # --- investigation (493 第十九条 to 第三十二条) ---
    state = models.CharField("办理阶段", max_length=30, choices=Stage.choices,
                             default=Stage.INVESTIGATING, editable=False, db_index=True)
    investigating_level = models.CharField("调查层级", max_length=10, choices=list(rules.LEVELS),
                                           editable=False)
    escalated = models.BooleanField("提级调查", default=False, editable=False)
    escalation_reason = models.CharField("提级调查理由", max_length=300, blank=True,
                                         editable=False)
    supervised = models.BooleanField("挂牌督办", default=False, editable=False)
    supervising_department = models.CharField("督办部门", max_length=100, blank=True,
                                              editable=False)
    supervision_due = models.DateField("督办期限", null=True, blank=True, editable=False)
    supervision_closed_at = models.DateField("督办销号日期", null=True, blank=True,
                                             editable=False)
    lead_unit = models.CharField("调查组牵头单位", max_length=100, blank=True, editable=False)
    report_due = models.DateField("调查报告期限", null=True, blank=True, editable=False)
    report_extension_days = models.PositiveIntegerField("调查报告延长天数", default=0,
                                                        editable=False)
    report_submitted_on = models.DateField("调查报告提交日期", null=True, blank=True,
                                           editable=False)
    report_received_on = models.DateField("政府收到报告日期", null=True, blank=True,
                                          editable=False)
    reply_due = models.DateField("批复期限", null=True, blank=True, editable=False)
    reply_extension_days = models.PositiveIntegerField("批复延长天数", default=0, editable=False)
    replied_on = models.DateField("批复日期", null=True, blank=True, editable=False)
    reply_document = models.CharField("批复文号", max_length=100, blank=True, editable=False)
    closed_on = models.DateField("结案日期", null=True, blank=True, editable=False)
    review_due = models.DateField("回头看期限", null=True, blank=True, editable=False)
    reviewed_on = models.DateField("回头看完成日期", null=True, blank=True, editable=False)
    review_findings = models.TextField("回头看评估结论", blank=True, editable=False)
    # --- typical cases (典型案例) ---
    typical = models.BooleanField("典型案例", default=False, editable=False)
    typical_lessons = models.TextField("警示教育要点", blank=True, editable=False)
    concealed = models.BooleanField("经核查属瞒报", default=False, editable=False)
    concealed_by = models.CharField("瞒报责任单位和人员", max_length=300, blank=True,
                                    editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+",
                                   editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "生产安全事故"
        verbose_name_plural = "生产安全事故"
        ordering = ["-occurred_at", "-id"]
        # Each step by who does it in a bureau (workflow.py): the routine entries need
        # change_accident; these the higher level, the government side and the 安委办.
        permissions = [("escalate_accident", "提级调查、挂牌督办和督办销号（上级领导）"),
                       ("reply_accident", "登记调查报告批复和批复延期（政府领导）"),
                       ("close_accident", "事故结案和整改评估（回头看）（安委办、领导）")]
        indexes = [
            # The statistics read only this index (an index-only scan on PostgreSQL).
            # Key columns rather than INCLUDE, which SQLite lacks (its system check warns).
            models.Index(fields=["occurred_month", "region", "district_code", "industry", "grade",
                                 "deaths", "missing"], name="accident_stats_keys_idx",
                         condition=models.Q(is_production=True)),
            models.Index(fields=["district_code", "occurred_at"], name="accident_district_time_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def grade_display(self) -> str:
        return rules.grade_label(self.grade or None)

    @property
    def unit_display(self) -> str:
        return self.enterprise.name if self.enterprise_id and self.enterprise else self.unit_name

    @property
    def deaths_total(self) -> int:
        return self.deaths + self.missing

    @property
    def cause_labels(self) -> str:
        return "、".join(rules.CAUSE_LABELS.get(c, c) for c in self.causes or [])

    @property
    def person_list(self) -> list[str]:
        return rules.split_names(self.victims)


class GradeChange(ScopedModelMixin, models.Model):
    """One change of an accident's final figures: before and after, the grade before and
    after, why, who and when (a death 30 days later may regrade the accident)."""

    scope_region_field: ClassVar[str] = "accident__region"
    scope_industry_field: ClassVar[str | None] = "accident__industry"

    accident = models.ForeignKey(Accident, verbose_name="事故", on_delete=models.CASCADE,
                                 related_name="grade_changes")
    changed_at = models.DateTimeField("变更时间")
    old_figures = models.JSONField("变更前", default=dict)
    new_figures = models.JSONField("变更后", default=dict)
    old_grade = models.CharField("原等级", max_length=4, choices=GRADE_CHOICES, blank=True)
    new_grade = models.CharField("新等级", max_length=4, choices=GRADE_CHOICES)
    reason = models.CharField("变更原因", max_length=300)
    within_follow_up = models.BooleanField("在补报期内", default=True)
    correction = models.BooleanField("更正错误数字", default=False,
                                     help_text="核减伤亡或损失（等级可能降低）的更正")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="变更人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager()

    class Meta:
        verbose_name = "事故等级变更"
        verbose_name_plural = "事故等级变更"
        ordering = ["accident", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.accident}：{self.get_old_grade_display() or '—'}→{self.get_new_grade_display()}"
