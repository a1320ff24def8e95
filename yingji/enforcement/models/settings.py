"""Deployment settings of the enforcement module (one row, edited city-wide)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from yingji.core.models.settings import SingletonSettings


class EnforcementSettings(SingletonSettings):
    """The limits a bureau may set differently, with the national defaults: the hearing
    thresholds (处罚办法 第三十三条: 5万元 on a unit, 2万元 on a person, unless the province
    sets its own), the amount that makes a case major (法制审核 and 集体讨论), the longest
    extension of the 90-day decision period, the months within which an inspector who
    visited an enterprise is not drawn for it again, and the publication limits
    (国办发〔2018〕118号: within 20 working days of the decision)."""

    hearing_unit_threshold = models.DecimalField(
        "听证标准：单位罚款（元）", max_digits=12, decimal_places=2, default=Decimal("50000"))
    hearing_person_threshold = models.DecimalField(
        "听证标准：个人罚款（元）", max_digits=12, decimal_places=2, default=Decimal("20000"))
    major_case_threshold = models.DecimalField(
        "重大案件标准：罚款合计（元）", max_digits=12, decimal_places=2, default=Decimal("100000"),
        help_text="达到此金额的案件须法制审核和集体讨论")
    max_extension_days = models.PositiveIntegerField("处罚决定最长延长（日）", default=30)
    recent_inspection_months = models.PositiveIntegerField(
        "双随机回避：近N个月检查过的不再抽中", default=6)
    min_team_size = models.PositiveIntegerField("执法小组最少人数", default=2)
    certificate_remind_days = models.PositiveIntegerField("执法证到期前提醒（天）", default=30)
    publish_decision_workdays = models.PositiveIntegerField(
        "处罚决定公开期限（工作日）", default=20)
    publish_draw_workdays = models.PositiveIntegerField("抽查结果公开期限（工作日）", default=20)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "执法模块设置"
        verbose_name_plural = "执法模块设置"

    def __str__(self) -> str:
        return "执法模块设置"
