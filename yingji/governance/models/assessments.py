"""The annual safety assessment of the districts (安全生产考核): a scheme with its 共性
and 个性 criteria (weight, deduction rule), the one-vote veto read from an indicator
of the platform (较大及以上事故), each district's self-assessment with evidence and the
assessment team's score, the ranking and the 通报; and the records of 巡查, 约谈 and
问责 that go with it."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.models import Region
from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.governance.rules_assessment import GRADES


class SchemeState(models.TextChoices):
    DRAFT = "draft", "编制中"
    OPEN = "open", "自评中"
    PUBLISHED = "published", "已通报"


class AssessmentScheme(ScopedModelMixin, models.Model):
    """A year's assessment scheme of a city for its districts. ``veto_code`` names the
    indicator (a registered provider) whose figure above ``veto_limit`` vetoes a
    district (default: 较大及以上生产安全事故起数 above 0)."""

    scope_region_field: ClassVar[str] = "region"

    year = models.PositiveSmallIntegerField("考核年度")
    title = models.CharField("考核方案", max_length=200)
    region = models.ForeignKey(Region, verbose_name="考核区域", on_delete=models.PROTECT, related_name="+")
    issuer = models.CharField("考核单位", max_length=120)
    veto_code = models.CharField("一票否决指标", max_length=40, default="larger_accidents")
    veto_limit = models.DecimalField("否决阈值", max_digits=8, decimal_places=1, default=0,
                                     help_text="指标值超过该值即一票否决")
    state = models.CharField("状态", max_length=10, choices=SchemeState.choices,
                             default=SchemeState.DRAFT, editable=False)
    number = models.CharField("通报文号", max_length=40, blank=True, editable=False)
    published_at = models.DateTimeField("通报时间", null=True, blank=True, editable=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year", "-id"]
        permissions = [("score_assessmentscheme", "考核组评分和通报")]

    def __str__(self) -> str:
        return self.title


class CriterionCategory(models.TextChoices):
    COMMON = "common", "共性指标"
    SPECIFIC = "specific", "个性指标"


class AssessmentCriterion(ScopedModelMixin, models.Model):
    """One criterion of a scheme: its weight (分值) and how points are deducted; a 个性
    criterion applies to the districts named (all when none)."""

    scope_region_field: ClassVar[str] = "scheme__region"

    scheme = models.ForeignKey(AssessmentScheme, verbose_name="考核方案", on_delete=models.CASCADE,
                               related_name="criteria")
    category = models.CharField("类别", max_length=10, choices=CriterionCategory.choices)
    name = models.CharField("考核内容", max_length=200)
    weight = models.DecimalField("分值", max_digits=5, decimal_places=1)
    rule = models.TextField("扣分规则")
    districts = models.ManyToManyField(Region, verbose_name="适用区县", blank=True, related_name="+",
                                       help_text="个性指标适用的区县；留空为全部区县")
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = ScopedManager()

    class Meta:
        verbose_name = "考核细则"
        verbose_name_plural = "考核细则"
        ordering = ["scheme", "category", "order", "id"]

    def __str__(self) -> str:
        return self.name


class AssessmentResult(ScopedModelMixin, models.Model):
    """A district's assessment under a scheme: the totals, the veto, the grade and rank."""

    scope_region_field: ClassVar[str] = "region"

    scheme = models.ForeignKey(AssessmentScheme, verbose_name="考核方案", on_delete=models.CASCADE,
                               related_name="results")
    region = models.ForeignKey(Region, verbose_name="被考核区县", on_delete=models.PROTECT, related_name="+")
    self_total = models.DecimalField("自评总分", max_digits=6, decimal_places=1, default=0, editable=False)
    team_total = models.DecimalField("考核得分", max_digits=6, decimal_places=1, default=0, editable=False)
    veto_value = models.FloatField("否决指标值", null=True, blank=True, editable=False)
    vetoed = models.BooleanField("一票否决", default=False, editable=False)
    grade = models.CharField("考核等次", max_length=10, choices=GRADES, blank=True, editable=False)
    rank = models.PositiveSmallIntegerField("排名", null=True, blank=True, editable=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = "考核结果"
        verbose_name_plural = "考核结果"
        ordering = ["scheme", "rank", "region"]
        constraints = [models.UniqueConstraint(fields=["scheme", "region"],
                                               name="governance_result_once")]

    def __str__(self) -> str:
        return f"{self.region}{self.scheme.year}年考核"


class CriterionScore(ScopedModelMixin, models.Model):
    """A district's score on one criterion: its self-assessment with evidence (core
    attachments, purpose ``assessment-evidence``, append-only) and the team's score
    with the reason of each deduction."""

    scope_region_field: ClassVar[str] = "result__region"
    append_only_purposes: ClassVar[frozenset[str]] = frozenset({"assessment-evidence"})

    result = models.ForeignKey(AssessmentResult, verbose_name="考核结果", on_delete=models.CASCADE,
                               related_name="scores")
    criterion = models.ForeignKey(AssessmentCriterion, verbose_name="考核细则", on_delete=models.CASCADE,
                                  related_name="scores")
    self_score = models.DecimalField("自评得分", max_digits=5, decimal_places=1, null=True, blank=True)
    self_note = models.TextField("自评说明", blank=True)
    evidence_count = models.PositiveSmallIntegerField("佐证材料数", default=0, editable=False)
    team_score = models.DecimalField("考核组评分", max_digits=5, decimal_places=1, null=True, blank=True)
    team_note = models.TextField("扣分理由", blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评分人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+", editable=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = "考核评分"
        verbose_name_plural = "考核评分"
        ordering = ["result", "criterion__category", "criterion__order", "id"]
        constraints = [models.UniqueConstraint(fields=["result", "criterion"],
                                               name="governance_score_once")]

    def __str__(self) -> str:
        return f"{self.result.region}：{self.criterion}"


class OversightKind(models.TextChoices):
    PATROL = "patrol", "巡查"
    INTERVIEW = "interview", "约谈"
    ACCOUNTABILITY = "accountability", "问责"


class OversightRecord(ScopedModelMixin, models.Model):
    """A record of 巡查, 约谈 or 问责 of a district (or a department in it)."""

    scope_region_field: ClassVar[str] = "region"

    kind = models.CharField("类型", max_length=16, choices=OversightKind.choices)
    region = models.ForeignKey(Region, verbose_name="对象所在区域", on_delete=models.PROTECT,
                               related_name="+")
    subject = models.CharField("对象", max_length=200, help_text="被巡查、约谈或问责的单位或人员")
    held_on = models.DateField("日期")
    reason = models.TextField("事由")
    outcome = models.TextField("情况和处理结果", blank=True)
    scheme = models.ForeignKey(AssessmentScheme, verbose_name="关联考核", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="oversights")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+", editable=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = "巡查约谈问责"
        verbose_name_plural = "巡查约谈问责"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.subject}"
