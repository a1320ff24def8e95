"""Review (复盘) after an incident is closed: findings with responsible units and
deadlines, each followed to closure."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.core.workflow import WorkflowModel


class Review(ScopedModelMixin, models.Model):
    """The review of one closed incident: summary and lessons; closed when every
    finding is closed."""

    scope_region_field: ClassVar[str] = "incident__region"

    incident = models.OneToOneField("incidents.Incident", verbose_name="事件",
                                    on_delete=models.CASCADE, related_name="review")
    summary = models.TextField("处置评估")
    lessons = models.TextField("经验教训", blank=True)
    reviewed_at = models.DateTimeField("复盘时间")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="复盘人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager()

    class Meta:
        verbose_name = "复盘"
        verbose_name_plural = "复盘"
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"{self.incident}复盘"


class Finding(ScopedModelMixin, WorkflowModel):
    """A finding of a review: the problem, the responsible unit, the deadline, the
    rectification. States: 整改中 → 已销号."""

    scope_region_field: ClassVar[str] = "review__incident__region"

    review = models.ForeignKey(Review, verbose_name="复盘", on_delete=models.CASCADE,
                               related_name="findings")
    problem = models.TextField("发现问题")
    responsible_unit = models.CharField("责任单位", max_length=100)
    due_date = models.DateField("整改时限")
    rectification = models.TextField("整改情况", blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "复盘问题"
        verbose_name_plural = "复盘问题"
        ordering = ["review", "due_date", "id"]

    def __str__(self) -> str:
        return self.problem[:40]
