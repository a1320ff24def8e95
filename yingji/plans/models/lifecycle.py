"""Records of a plan's lifecycle: expert reviews (评审), evaluations (评估) and
revisions (修订) with what triggered them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from yingji.plans.models.structure import PlanChild


class ReviewConclusion(models.TextChoices):
    PASSED = "passed", "通过"
    PASSED_WITH_CHANGES = "changes", "修改后通过"
    FAILED = "failed", "不通过"


class PlanReview(PlanChild):
    """An expert review (评审) of a plan's draft: when, the experts, the conclusion and
    their opinions (国办发〔2024〕5号 第二十二条; 令第2号 第二十一条)."""

    plan = models.ForeignKey("plans.Plan", verbose_name="预案", on_delete=models.CASCADE,
                             related_name="reviews")
    held_on = models.DateField("评审日期")
    experts = models.CharField("评审专家", max_length=300, help_text="多名专家用顿号分隔")
    conclusion = models.CharField("评审结论", max_length=10, choices=ReviewConclusion.choices)
    opinions = models.TextField("评审意见")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "预案评审"
        verbose_name_plural = "预案评审"
        ordering = ["plan", "-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.plan.name} 评审（{self.held_on:%Y-%m-%d}）"


class PlanEvaluation(PlanChild):
    """An evaluation (评估) of a plan in force: conclusion and whether it must be revised
    (国办发〔2024〕5号 第三十四条、第三十五条)."""

    plan = models.ForeignKey("plans.Plan", verbose_name="预案", on_delete=models.CASCADE,
                             related_name="evaluations")
    evaluated_on = models.DateField("评估日期")
    evaluator = models.CharField("评估单位或人员", max_length=120)
    conclusion = models.TextField("评估结论")
    needs_revision = models.BooleanField("需要修订", default=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "预案评估"
        verbose_name_plural = "预案评估"
        ordering = ["plan", "-evaluated_on", "-id"]

    def __str__(self) -> str:
        return f"{self.plan.name} 评估（{self.evaluated_on:%Y-%m-%d}）"


class RevisionCause(models.TextChoices):
    EVALUATION = "evaluation", "评估结论要求修订"
    DRILL = "drill", "演练发现问题"
    INCIDENT = "incident", "突发事件应对中发现问题"
    ORGANISATION = "organisation", "指挥机构或职责发生重大调整"
    RISK = "risk", "面临的风险发生重大变化"
    RESOURCES = "resources", "重要应急资源发生重大变化"
    LAW = "law", "法律法规、上位预案修订"
    OTHER = "other", "其他"


class PlanRevision(PlanChild):
    """A revision of a plan (修订) and its cause (国办发〔2024〕5号 第三十五条 lists them);
    closed when the revised version is issued."""

    plan = models.ForeignKey("plans.Plan", verbose_name="预案", on_delete=models.CASCADE,
                             related_name="revisions")
    cause = models.CharField("修订原因", max_length=14, choices=RevisionCause.choices)
    detail = models.TextField("具体情况")
    opened_on = models.DateField("启动日期")
    closed_on = models.DateField("完成日期", null=True, blank=True)
    drill_finding = models.ForeignKey("plans.DrillFinding", verbose_name="来源演练问题", null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "预案修订"
        verbose_name_plural = "预案修订"
        ordering = ["plan", "-opened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.plan.name} 修订（{self.get_cause_display()}）"
