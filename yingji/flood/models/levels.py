"""Flood response levels (防汛应急响应 Ⅳ–Ⅰ): the city's configurable grade rules (the
triggers from warnings and gauges, the duty each grade asks of the roster) and the
responses themselves — a suggestion to the leader with its reason, the leader's
decision, the response in force and its end. The database keeps one suggestion waiting
and one response in force per region."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from yingji.core.scope import CityWideReference, ScopedManager, ScopedModelMixin
from yingji.flood import rules
from yingji.warnings.models import Level


class Grade(models.TextChoices):
    I = "1", rules.GRADE_NAMES["1"]  # noqa: E741  (the grade's own name)
    II = "2", rules.GRADE_NAMES["2"]
    III = "3", rules.GRADE_NAMES["3"]
    IV = "4", rules.GRADE_NAMES["4"]


class FloodLevelRule(CityWideReference, models.Model):
    """One grade of the city's flood response: what starts it (a warning of the listed
    types at a level, or a number of linked gauges at their transfer threshold) and the
    duty it asks of the roster (leaders and officers per shift, a 24-hour watch)."""

    grade = models.CharField("响应等级", max_length=1, choices=Grade.choices, unique=True)
    warning_types = models.JSONField(
        "触发预警类型", default=list, blank=True,
        help_text="预警类型代码，如 rainstorm（暴雨）、flood（洪水）、typhoon（台风）")
    warning_level = models.CharField("触发预警级别", max_length=10, choices=Level.choices,
                                     blank=True, help_text="留空表示不按预警触发")
    gauge_count = models.PositiveIntegerField(
        "触发超阈值站点数", default=0, validators=[MaxValueValidator(10000)],
        help_text="关联风险点的雨量站、水位站达到转移阈值的个数；0表示不按监测触发")
    leaders = models.PositiveIntegerField("每班带班领导（人）", default=1,
                                          validators=[MaxValueValidator(10)])
    officers = models.PositiveIntegerField("每班值班员（人）", default=2,
                                           validators=[MaxValueValidator(50)])
    watch_24h = models.BooleanField("24小时值守", default=True)
    measures = models.TextField("响应措施", blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "防汛响应等级"
        verbose_name_plural = "防汛响应等级"
        ordering = ["grade"]

    def __str__(self) -> str:
        return f"防汛{self.get_grade_display()}应急响应"

    def as_rule(self) -> rules.LevelRule:
        return rules.LevelRule(self.grade, tuple(self.warning_types or ()), self.warning_level,
                               self.gauge_count)

    def duty_rule(self) -> rules.DutyRule:
        return rules.DutyRule(self.leaders, self.officers, self.watch_24h)


class ResponseState(models.TextChoices):
    SUGGESTED = "suggested", "待决策"
    ACTIVE = "active", "响应中"
    DECLINED = "declined", "不启动"
    ENDED = "ended", "已结束"


class FloodResponse(ScopedModelMixin, models.Model):
    """A flood response of a region: suggested by the minutely job (or started by a
    leader), decided by the leader with a note, in force until ended. A raised response
    ends the one in force (the history keeps both)."""

    scope_region_field: ClassVar[str] = "region"

    region = models.ForeignKey("core.Region", verbose_name="响应区域", on_delete=models.PROTECT,
                               related_name="+")
    state = models.CharField("状态", max_length=10, choices=ResponseState.choices,
                             default=ResponseState.SUGGESTED)
    suggested_grade = models.CharField("建议等级", max_length=1, choices=Grade.choices, blank=True)
    reason = models.CharField("建议理由", max_length=300, blank=True)
    suggested_at = models.DateTimeField("建议时间", null=True, blank=True)
    grade = models.CharField("决定等级", max_length=1, choices=Grade.choices, blank=True)
    decision_note = models.CharField("决策说明", max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="决策人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("决策时间", null=True, blank=True)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    ended_by = models.CharField("结束人", max_length=120, blank=True)
    end_note = models.CharField("结束说明", max_length=300, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "防汛应急响应"
        verbose_name_plural = "防汛应急响应"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["region"], condition=Q(state="suggested"),
                                    name="flood_one_suggestion_per_region"),
            models.UniqueConstraint(fields=["region"], condition=Q(state="active"),
                                    name="flood_one_response_per_region"),
        ]

    def __str__(self) -> str:
        grade = self.grade or self.suggested_grade
        return f"{self.region}防汛{rules.GRADE_NAMES.get(grade, '')}应急响应"
