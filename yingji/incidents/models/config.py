"""Configurable tables: grading criteria, report time limits, response checklists and
module settings. Defaults come from regulations.md (data migration); administrators
edit them."""

from __future__ import annotations

from django.db import models

from yingji.incidents import rules

GRADE_CHOICES = list(rules.GRADES)
CATEGORY_CHOICES = list(rules.CATEGORIES)
SUBTYPE_CHOICES = [(s.code, s.label) for s in rules.SUBTYPES]


class GradeCriterion(models.Model):
    """A grading threshold for events not graded by the 493 rule: within ``category``
    (and ``subtype`` when set), ``metric`` ≥ ``threshold`` reaches ``grade``."""

    category = models.CharField("事件类别", max_length=12, choices=CATEGORY_CHOICES)
    subtype = models.CharField("事件子类", max_length=24, choices=SUBTYPE_CHOICES, blank=True,
                               help_text="留空表示适用于该类别的全部子类")
    grade = models.CharField("等级", max_length=4, choices=GRADE_CHOICES)
    metric = models.CharField("指标", max_length=20, choices=list(rules.METRICS))
    threshold = models.DecimalField("阈值（达到即构成）", max_digits=14, decimal_places=2)
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "事件分级标准"
        verbose_name_plural = "事件分级标准"
        ordering = ["category", "subtype", "grade", "metric"]

    def __str__(self) -> str:
        return (f"{self.get_category_display()}{self.get_subtype_display() or ''}"
                f"：{self.get_metric_display()}≥{self.threshold:g}为{self.get_grade_display()}")


class ReportRule(models.Model):
    """Report time limits for a grade (and optionally one category): 首报 minutes after
    receipt, 续报 interval while open, 终报 hours after closing."""

    grade = models.CharField("等级", max_length=4, choices=GRADE_CHOICES)
    category = models.CharField("事件类别", max_length=12, choices=CATEGORY_CHOICES, blank=True,
                                help_text="留空表示适用于全部类别")
    first_minutes = models.PositiveIntegerField("首报时限（分钟）")
    followup_hours = models.PositiveIntegerField("续报间隔（小时）")
    final_hours = models.PositiveIntegerField("终报时限（结束后小时）")
    report_to = models.CharField("报送对象", max_length=100, blank=True)
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "信息报送时限"
        verbose_name_plural = "信息报送时限"
        ordering = ["grade", "category"]
        constraints = [models.UniqueConstraint(fields=["grade", "category"],
                                               name="incidents_reportrule_unique")]

    def __str__(self) -> str:
        return f"{self.get_grade_display()}{self.get_category_display() or ''}：首报{self.first_minutes}分钟"

    def limits(self) -> rules.ReportLimits:
        return rules.ReportLimits(self.first_minutes, self.followup_hours, self.final_hours)


class ChecklistTemplate(models.Model):
    """Response actions to open for an event category/subtype (digital plans later)."""

    name = models.CharField("名称", max_length=100)
    category = models.CharField("事件类别", max_length=12, choices=CATEGORY_CHOICES)
    subtype = models.CharField("事件子类", max_length=24, choices=SUBTYPE_CHOICES, blank=True)
    items = models.TextField("处置行动（每行一项：行动｜责任部门｜时限分钟）")

    class Meta:
        verbose_name = "处置行动清单模板"
        verbose_name_plural = "处置行动清单模板"
        ordering = ["category", "subtype", "name"]

    def __str__(self) -> str:
        return self.name

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


class IncidentSettings(models.Model):
    """Single row of module parameters."""

    arrival_target_minutes = models.PositiveIntegerField("到场时限（分钟）", default=60)
    arrival_target_rate = models.DecimalField("到场率目标（%）", max_digits=5, decimal_places=2,
                                              default=95)
    supplement_minutes = models.PositiveIntegerField("伤亡变化补报时限（分钟）", default=60)

    class Meta:
        verbose_name = "接报调度参数"
        verbose_name_plural = "接报调度参数"

    def __str__(self) -> str:
        return "接报调度参数"

    @classmethod
    def current(cls) -> IncidentSettings:
        obj = cls.objects.order_by("pk").first()
        return obj or cls.objects.create()
