"""Activation of a plan for an incident: the plan version and level used, and the
response tasks each action opened (so that a change of level adds or closes them)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.plans import rules


class PlanActivation(ScopedModelMixin, models.Model):
    """A response started from a plan: incident, plan, the version in force at the time
    (its frozen structure), the level and why it was chosen."""

    scope_region_field: ClassVar[str] = "incident__region"

    incident = models.ForeignKey("incidents.Incident", verbose_name="事件", on_delete=models.CASCADE,
                                 related_name="+")
    plan = models.ForeignKey("plans.Plan", verbose_name="预案", on_delete=models.PROTECT,
                             related_name="activations")
    version = models.ForeignKey("plans.PlanVersion", verbose_name="所用版本", null=True,
                                blank=True, on_delete=models.PROTECT, related_name="+")
    version_label = models.CharField("版本", max_length=80)
    level = models.CharField("响应级别", max_length=4, choices=list(rules.LEVELS))
    reason = models.CharField("启动依据", max_length=300, blank=True)
    started_at = models.DateTimeField("启动时间")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="启动人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    active = models.BooleanField("有效", default=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "预案启动"
        verbose_name_plural = "预案启动"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan.name} {self.get_level_display()}"


class ActivationTask(ScopedModelMixin, models.Model):
    """A response task opened by a plan action."""

    scope_region_field: ClassVar[str] = "activation__incident__region"

    activation = models.ForeignKey(PlanActivation, verbose_name="预案启动", on_delete=models.CASCADE,
                                   related_name="tasks")
    task = models.OneToOneField("incidents.ResponseTask", verbose_name="处置任务",
                                on_delete=models.CASCADE, related_name="+")
    action_key = models.PositiveIntegerField("预案行动")
    level = models.CharField("所属级别", max_length=4, choices=list(rules.LEVELS))
    group_name = models.CharField("工作组", max_length=60)
    closed_by_change = models.BooleanField("因调整级别关闭", default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = "预案任务"
        verbose_name_plural = "预案任务"
        ordering = ["activation", "id"]

    def __str__(self) -> str:
        return f"{self.group_name}：{self.task_id}"
