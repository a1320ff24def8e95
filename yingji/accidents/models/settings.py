"""The module's parameters and the bureau's yearly targets per district."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yingji.accidents import rules
from yingji.core.models.settings import SingletonSettings
from yingji.core.scope import ScopedManager, ScopedModelMixin


class AccidentSettings(SingletonSettings):
    """Time limits of the investigation (national defaults of 493 第二十九条 and
    第三十二条), the 回头看 window, the 瞒报 match window and the verification deadline."""

    report_days = models.PositiveIntegerField("调查报告期限（日）", default=60)
    report_max_extension = models.PositiveIntegerField("调查报告最长延长（日）", default=60)
    reply_days = models.PositiveIntegerField("批复期限（日，重大及以下）", default=15)
    reply_days_major = models.PositiveIntegerField("批复期限（日，特别重大）", default=30)
    reply_max_extension = models.PositiveIntegerField("特别重大批复最长延长（日）", default=30)
    review_days = models.PositiveIntegerField(
        "回头看期限（结案后日）", default=365, help_text="较大及以上事故结案后在此期限内开展整改评估")
    remind_days = models.PositiveIntegerField("期限前提醒（日）", default=7)
    escalate_days = models.PositiveIntegerField("逾期逐级督办间隔（日）", default=3)
    match_window_days = models.PositiveIntegerField("瞒报比对日期窗口（±日）", default=7)
    verify_days = models.PositiveIntegerField("核查任务期限（日）", default=15)
    statistics_table_no = models.CharField(
        "统计月报表表号", max_length=30, blank=True,
        help_text="印在生产安全事故统计月报表右上角；按现行生产安全事故统计调查制度填写")
    statistics_approval_no = models.CharField(
        "统计报表批准文号", max_length=60, blank=True,
        help_text="印在生产安全事故统计月报表右上角；按现行统计调查制度的批准文号填写")

    class Meta:
        verbose_name = "事故调查处理参数"
        verbose_name_plural = "事故调查处理参数"

    def __str__(self) -> str:
        return "事故调查处理参数"

    def limits(self) -> rules.Limits:
        return rules.Limits(self.report_days, self.report_max_extension, self.reply_days,
                            self.reply_days_major, self.reply_max_extension, self.review_days)


class DistrictTarget(ScopedModelMixin, models.Model):
    """The bureau's 双下降 target of one district for one year: at most so many
    accidents and deaths (生产安全事故起数和死亡人数), and 较大事故 at most."""

    scope_region_field: ClassVar[str] = "region"

    region = models.ForeignKey("core.Region", verbose_name="区县", on_delete=models.PROTECT,
                               related_name="+")
    year = models.PositiveIntegerField("年度")
    max_accidents = models.PositiveIntegerField("事故起数控制目标")
    max_deaths = models.PositiveIntegerField("死亡人数控制目标")
    max_major = models.PositiveIntegerField("较大事故起数控制目标", default=0)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "双下降控制目标"
        verbose_name_plural = "双下降控制目标"
        ordering = ["-year", "region"]
        constraints = [models.UniqueConstraint(fields=["region", "year"],
                                               name="accidents_target_unique")]

    def __str__(self) -> str:
        return f"{self.region}{self.year}年控制目标"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.region_id and len(str(self.region_id).rstrip("0")) > 6:
            raise ValidationError({"region": "控制目标按区县设定，请选择区县"})
        if self.year and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": "年度应在2000至2100之间"})
