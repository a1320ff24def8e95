"""Experts (专家库) with evaluations after each use and periodic review."""

from __future__ import annotations

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from yingji.core.personal.fields import PersonalField
from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.resources.models.base import LocatedResource, split_list


class ExpertTitle(models.TextChoices):
    SENIOR = "senior", "正高级"
    ASSOCIATE = "associate", "副高级"
    INTERMEDIATE = "intermediate", "中级"
    OTHER = "other", "其他"


class Expert(LocatedResource):
    """An expert in the pool (专家库): specialities, title, organisation, availability,
    and the dates of dynamic management (入库, last and next review)."""

    specialities = models.CharField("专业领域", max_length=300,
                                    help_text="多个领域用顿号分隔，如：危险化学品、消防")
    title = models.CharField("职称", max_length=16, choices=ExpertTitle.choices,
                             default=ExpertTitle.ASSOCIATE)
    organisation = models.CharField("工作单位", max_length=120, blank=True)
    phone = PersonalField("联系电话", kind="phone", max_length=20, blank=True)
    available = models.BooleanField("可被调用", default=True)
    is_active = models.BooleanField("在库", default=True)
    joined_on = models.DateField("入库日期", null=True, blank=True)
    last_reviewed_on = models.DateField("上次复核日期", null=True, blank=True)
    next_review_on = models.DateField("下次复核日期", null=True, blank=True)

    objects = ScopedManager()

    class Meta(LocatedResource.Meta):
        verbose_name = "专家"
        verbose_name_plural = "专家库"

    @property
    def speciality_list(self) -> list[str]:
        return split_list(self.specialities)

    def review_overdue(self, today: date) -> bool:
        return self.is_active and self.next_review_on is not None and self.next_review_on < today


class ExpertEvaluation(ScopedModelMixin, models.Model):
    """An evaluation of an expert after one use (处置评价), 1-5 points."""

    scope_region_field = "expert__region"

    expert = models.ForeignKey(Expert, verbose_name="专家", on_delete=models.CASCADE,
                               related_name="evaluations")
    used_on = models.DateField("参与日期")
    occasion = models.CharField("参与事项", max_length=200)
    score = models.PositiveSmallIntegerField(
        "评分", validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField("评价意见", blank=True)
    evaluator = models.CharField("评价人", max_length=60, blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "专家评价"
        verbose_name_plural = "专家评价"
        ordering = ["-used_on", "-id"]

    def __str__(self) -> str:
        return f"{self.expert}：{self.occasion}"
