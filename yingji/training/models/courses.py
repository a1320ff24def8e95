"""Courses, their sessions (online or in person) and attendance with the exam result."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.enterprises.models.ownership import EnterpriseScopedMixin
from yingji.training.models.people import Post


class Mode(models.TextChoices):
    ONLINE = "online", "线上"
    IN_PERSON = "in_person", "线下面授"
    MIXED = "mixed", "线上线下结合"


class Course(ScopedModelMixin, models.Model):
    """A training course offered in a region (by the bureau or a training body)."""

    scope_region_field: ClassVar[str] = "region"

    title = models.CharField("课程名称", max_length=120)
    post = models.CharField("培训对象", max_length=20, choices=Post.choices, blank=True)
    mode = models.CharField("培训方式", max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    organiser = models.CharField("组织单位", max_length=80)
    region = models.ForeignKey("core.Region", verbose_name="所属区划", on_delete=models.PROTECT,
                               related_name="+")
    summary = models.TextField("课程内容", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "培训课程"
        verbose_name_plural = "培训课程"
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(ScopedModelMixin, models.Model):
    """One run of a course (培训班次): dates, mode, place and hours."""

    scope_region_field: ClassVar[str] = "region"

    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.PROTECT,
                               related_name="sessions")
    title = models.CharField("班次名称", max_length=120)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    mode = models.CharField("培训方式", max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    place = models.CharField("培训地点/平台", max_length=120, blank=True)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    region = models.ForeignKey("core.Region", verbose_name="所属区划", on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "培训班次"
        verbose_name_plural = "培训班次"
        ordering = ["-starts_on", "id"]

    def __str__(self) -> str:
        return self.title


class Attendance(EnterpriseScopedMixin, models.Model):
    """A person's attendance of a session: hours attended and the exam result."""

    enterprise_path: ClassVar[str] = "person__enterprise"
    scope_region_field: ClassVar[str] = "person__enterprise__region"
    scope_industry_field: ClassVar[str | None] = "person__enterprise__industry"

    session = models.ForeignKey(TrainingSession, verbose_name="班次", on_delete=models.CASCADE,
                                related_name="attendances")
    person = models.ForeignKey("training.CertifiedPerson", verbose_name="学员",
                               on_delete=models.CASCADE, related_name="attendances")
    hours = models.DecimalField("参训学时", max_digits=5, decimal_places=1)
    exam_score = models.DecimalField("考试成绩", max_digits=5, decimal_places=1, null=True,
                                     blank=True)
    passed = models.BooleanField("考试合格", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "参训记录"
        verbose_name_plural = "参训记录"
        ordering = ["session", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "person"],
                                               name="training_attendance_once")]

    def __str__(self) -> str:
        return f"{self.person.name}：{self.session.title}"
