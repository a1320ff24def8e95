"""Configurable tables: grading criteria, report time limits, response checklists and
module settings. Defaults come from regulations.md (data migration); administrators
edit them."""

from __future__ import annotations

from django.db import models

from yingji.core.models.settings import SingletonSettings
from yingji.core.scope import CityWideReference, ScopedManager
from yingji.incidents import rules

GRADE_CHOICES = list(rules.GRADES)
CATEGORY_CHOICES = list(rules.CATEGORIES)
SUBTYPE_CHOICES = [(s.code, s.label) for s in rules.SUBTYPES]


class GradeCriterion(CityWideReference, models.Model):
    """A grading threshold for events not graded by the 493 rule: within ``category``
    (and ``subtype`` when set), ``metric`` ≥ ``threshold`` reaches ``grade``."""

    category = models.CharField("事件类别", max_length=12, choices=CATEGORY_CHOICES)
    subtype = models.CharField("事件子类", max_length=24, choices=SUBTYPE_CHOICES, blank=True,
                               help_text="留空表示适用于该类别的全部子类")
    grade = models.CharField("等级", max_length=4, choices=GRADE_CHOICES)
    metric = models.CharField("指标", max_length=20, choices=list(rules.METRICS))
    threshold = models.DecimalField("阈值（达到即构成）", max_digits=14, decimal_places=2)
    source = models.CharField("依据", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "事件分级标准"
        verbose_name_plural = "事件分级标准"
        ordering = ["category", "subtype", "grade", "metric"]

    def __str__(self) -> str:
        return (f"{self.get_category_display()}{self.get_subtype_display() or ''}"
                f"：{self.get_metric_display()}≥{self.threshold:g}为{self.get_grade_display()}")

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.threshold is not None and self.threshold < 0:
            raise ValidationError({"threshold": "阈值不能为负数"})
        if self.subtype:
            reason = rules.check_classification(self.category, self.subtype)
            if reason:
                raise ValidationError({"subtype": reason})


class ReportRule(CityWideReference, models.Model):
    """Report time limits for a grade (and optionally one category): the telephone
    report and the written 首报 minutes after receipt, 续报 interval while open, 终报
    hours after closing."""

    grade = models.CharField("等级", max_length=4, choices=GRADE_CHOICES)
    category = models.CharField("事件类别", max_length=12, choices=CATEGORY_CHOICES, blank=True,
                                help_text="留空表示适用于全部类别")
    phone_minutes = models.PositiveIntegerField(
        "电话报告时限（分钟）", null=True, blank=True,
        help_text="接报后须先电话报告的时限；留空表示该等级不要求电话先报")
    first_minutes = models.PositiveIntegerField("书面首报时限（分钟）")
    followup_hours = models.PositiveIntegerField("续报间隔（小时）")
    final_hours = models.PositiveIntegerField("终报时限（结束后小时）")
    report_to = models.CharField("报送对象", max_length=100, blank=True)
    source = models.CharField("依据", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "信息报送时限"
        verbose_name_plural = "信息报送时限"
        ordering = ["grade", "category"]
        constraints = [models.UniqueConstraint(fields=["grade", "category"],
                                               name="incidents_reportrule_unique")]

    def __str__(self) -> str:
        return f"{self.get_grade_display()}{self.get_category_display() or ''}：首报{self.first_minutes}分钟"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.first_minutes < 1 or self.followup_hours < 1 or self.final_hours < 1:
            raise ValidationError("各项时限应大于0")
        problem = rules.phone_limit_problem(self.phone_minutes, self.first_minutes)
        if problem:
            raise ValidationError({"phone_minutes": problem})

    def limits(self) -> rules.ReportLimits:
        return rules.ReportLimits(self.first_minutes, self.followup_hours, self.final_hours,
                                  self.phone_minutes)


class ChecklistTemplate(CityWideReference, models.Model):
    """Response actions to open for an event category/subtype (digital plans later)."""

    name = models.CharField("名称", max_length=100)
    category = models.CharField("事件类别", max_length=12, choices=CATEGORY_CHOICES)
    subtype = models.CharField("事件子类", max_length=24, choices=SUBTYPE_CHOICES, blank=True)
    items = models.TextField("处置行动（每行一项：行动｜责任部门｜时限分钟）")

    objects = ScopedManager()

    class Meta:
        verbose_name = "处置行动清单模板"
        verbose_name_plural = "处置行动清单模板"
        ordering = ["category", "subtype", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        bad = []
        for number, line in enumerate(self.items.splitlines(), start=1):
            parts = [p.strip() for p in line.replace("|", "｜").split("｜")]
            if len(parts) > 2 and parts[2] and not parts[2].isdigit():
                bad.append(f"第{number}行时限“{parts[2]}”应为分钟数")
        if bad:
            raise ValidationError({"items": "；".join(bad)})
        if not self.parsed_items():
            raise ValidationError({"items": "请至少填写一项处置行动"})

    def parsed_items(self) -> list[tuple[str, str, int]]:
        """(action, department name, minutes) per non-empty line."""
        out = []
        for line in self.items.splitlines():
            parts = [p.strip() for p in line.replace("|", "｜").split("｜")]
            if not parts or not parts[0]:
                continue
            minutes = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 60
            out.append((parts[0], parts[1] if len(parts) > 1 else "", minutes))
        return out


class IncidentSettings(SingletonSettings):
    """The module's parameters: one row (pk 1) for the whole installation, created by
    the reference-data migration; ``current()`` never writes."""

    arrival_target_minutes = models.PositiveIntegerField("到场时限（分钟）", default=60)
    arrival_target_rate = models.DecimalField("到场率目标（%）", max_digits=5, decimal_places=2,
                                              default=95)
    supplement_minutes = models.PositiveIntegerField("伤亡变化补报时限（分钟）", default=60)
    signoff_minutes = models.PositiveIntegerField(
        "首报领导签发时限（分钟）", default=15,
        help_text="值班员提交后带班领导须在此时间内签发，且不晚于首报时限")

    class Meta:
        verbose_name = "接报调度参数"
        verbose_name_plural = "接报调度参数"

    def __str__(self) -> str:
        return "接报调度参数"
