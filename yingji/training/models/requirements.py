"""The requirement table (who needs which certificate) and the module's parameters."""

from __future__ import annotations

from django.db import models

from yingji.core.models import Industry
from yingji.core.models.settings import SingletonSettings
from yingji.core.scope import CityWideReference, ScopedManager
from yingji.training.models.people import CertificateKind, Post


class Requirement(CityWideReference, models.Model):
    """Who must hold which certificate: per industry ("" = every industry without a row
    of its own) and post, with its source; kind "" means none required. Seeded with the
    national defaults of ``rules.default_requirements``."""

    industry = models.CharField("行业类别", max_length=20, choices=Industry.choices, blank=True)
    post = models.CharField("岗位类别", max_length=20, choices=Post.choices)
    kind = models.CharField("应持证书", max_length=24, choices=CertificateKind.choices, blank=True)
    source = models.CharField("依据", max_length=200)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "持证要求"
        verbose_name_plural = "持证要求"
        ordering = ["industry", "post"]
        constraints = [models.UniqueConstraint(fields=["industry", "post"],
                                               name="training_requirement_unique")]

    def __str__(self) -> str:
        industry = self.get_industry_display() if self.industry else "所有行业"
        return f"{industry}·{self.get_post_display()}"


class TrainingSettings(SingletonSettings):
    """Parameters of certification (defaults: 总局令第30号 第十九、二十一、二十二、二十三条;
    总局令第3号 第十三条)."""

    special_validity_years = models.PositiveSmallIntegerField("特种作业操作证有效期（年）", default=6)
    special_review_years = models.PositiveSmallIntegerField("特种作业操作证复审间隔（年）", default=3)
    manager_validity_years = models.PositiveSmallIntegerField(
        "负责人/管理人员合格证有效期（年）", default=3)
    remind_days = models.PositiveSmallIntegerField("到期/复审提前提醒（天）", default=60)
    review_training_hours = models.PositiveSmallIntegerField("复审培训学时", default=8)
    new_worker_hours = models.PositiveSmallIntegerField("新员工岗前培训学时", default=24)
    new_worker_hours_high_risk = models.PositiveSmallIntegerField(
        "高危行业新员工岗前培训学时", default=72)
    flag_hazards = models.BooleanField("证书过期仍在岗自动登记隐患", default=True)
    informant_retrain_months = models.PositiveSmallIntegerField(
        "灾害信息员培训周期（月）", default=12, help_text="超过该周期未参加培训的信息员列为待培训")
    team_hours_target = models.PositiveSmallIntegerField(
        "救援队员年度训练学时目标", default=120, help_text="按队员统计本年度训练学时，低于目标的列为不足")
    pass_score = models.PositiveSmallIntegerField("队伍训练考核合格分", default=60)

    class Meta:
        verbose_name = "培训持证参数"
        verbose_name_plural = "培训持证参数"

    def __str__(self) -> str:
        return "培训持证参数"
