"""Rescue teams' training and drills (日常训练管理、比武) on the resources module's
teams: the sessions, each member's hours and assessment."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin


class ExerciseKind(models.TextChoices):
    ROUTINE = "routine", "日常训练"
    SPECIAL = "special", "专项训练"
    JOINT = "joint", "联合演练"
    CONTEST = "contest", "技能比武"


class TeamExercise(ScopedModelMixin, models.Model):
    """One training session or contest of a rescue team: kind, subject, date, hours."""

    scope_region_field: ClassVar[str] = "team__region"

    team = models.ForeignKey("resources.RescueTeam", verbose_name="救援队伍", on_delete=models.CASCADE,
                             related_name="exercises")
    kind = models.CharField("训练类型", max_length=10, choices=ExerciseKind.choices,
                            default=ExerciseKind.ROUTINE)
    subject = models.CharField("训练科目", max_length=120)
    held_on = models.DateField("训练日期", db_index=True)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    place = models.CharField("训练地点", max_length=120, blank=True)
    organiser = models.CharField("组织单位", max_length=80, blank=True)
    summary = models.TextField("训练情况", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "队伍训练"
        verbose_name_plural = "队伍训练"
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.subject}"


class ExerciseRecord(ScopedModelMixin, models.Model):
    """A member's part in a session: hours trained and the assessment score (考核),
    the grade following from the score (``rules.assessment_grade``)."""

    scope_region_field: ClassVar[str] = "exercise__team__region"

    exercise = models.ForeignKey(TeamExercise, verbose_name="训练", on_delete=models.CASCADE,
                                 related_name="records")
    member = models.CharField("队员", max_length=40)
    hours = models.DecimalField("参训学时", max_digits=5, decimal_places=1)
    score = models.DecimalField("考核成绩", max_digits=5, decimal_places=1, null=True, blank=True)
    rank = models.PositiveSmallIntegerField("比武名次", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "队员训练记录"
        verbose_name_plural = "队员训练记录"
        ordering = ["exercise", "member", "id"]
        constraints = [models.UniqueConstraint(fields=["exercise", "member"],
                                               name="training_exercise_member_once")]

    def __str__(self) -> str:
        return f"{self.member}：{self.exercise.subject}"
