"""Reference data of the warnings app: warning types and signal criteria (editable)."""

from __future__ import annotations

from django.db import models

from yingji.warnings import rules


class CapCategory(models.TextChoices):
    """CAP 1.2 <category> values (OASIS CAP 1.2 §3.2.2)."""

    GEO = "Geo", "地质"
    MET = "Met", "气象"
    SAFETY = "Safety", "安全"
    SECURITY = "Security", "治安"
    RESCUE = "Rescue", "救援"
    FIRE = "Fire", "火灾"
    HEALTH = "Health", "卫生"
    ENV = "Env", "环境"
    TRANSPORT = "Transport", "交通"
    INFRA = "Infra", "基础设施"
    CBRNE = "CBRNE", "危化核生"
    OTHER = "Other", "其他"


class WarningType(models.Model):
    """A kind of warning (暴雨, 台风, 安全生产 ...): a configurable list. ``code`` is the key
    used by the signal criteria and the CAP <eventCode>."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=30, unique=True)
    cap_category = models.CharField("CAP类别", max_length=10, choices=CapCategory.choices,
                                    default=CapCategory.MET)
    order = models.PositiveSmallIntegerField("排序", default=100)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "预警类型"
        verbose_name_plural = "预警类型"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Metric(models.TextChoices):
    RAIN_MM = rules.RAIN_MM, rules.METRICS[rules.RAIN_MM]
    WIND_FORCE = rules.WIND_FORCE, rules.METRICS[rules.WIND_FORCE]
    GUST_FORCE = rules.GUST_FORCE, rules.METRICS[rules.GUST_FORCE]
    MAX_TEMP_C = rules.MAX_TEMP_C, rules.METRICS[rules.MAX_TEMP_C]


class SignalCriterion(models.Model):
    """One criterion of a meteorological warning signal (中国气象局令第16号 附件), editable
    per province: ``province`` empty is the national default, a province's own rows
    replace the defaults of that warning type for regions inside it."""

    warning_type = models.ForeignKey(WarningType, verbose_name="预警类型", on_delete=models.CASCADE,
                                     related_name="criteria")
    province = models.ForeignKey("core.Region", verbose_name="适用省份", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+",
                                 help_text="为空表示全国默认标准")
    level = models.CharField("级别", max_length=10,
                             choices=[(c, rules.level_label(c)) for c in rules.LEVELS])
    metric = models.CharField("指标", max_length=20, choices=Metric.choices)
    window_hours = models.PositiveSmallIntegerField("时段（小时）")
    threshold = models.FloatField("阈值")
    alt_metric = models.CharField("或指标", max_length=20, choices=Metric.choices, blank=True)
    alt_threshold = models.FloatField("或阈值", null=True, blank=True)
    consecutive_days = models.PositiveSmallIntegerField("连续天数", default=1)

    class Meta:
        verbose_name = "预警信号标准"
        verbose_name_plural = "预警信号标准"
        ordering = ["warning_type__order", "province_id", "level"]

    def __str__(self) -> str:
        return f"{self.warning_type}{rules.level_label(self.level)}：{self.as_rule().describe()}"

    def as_rule(self) -> rules.Criterion:
        return rules.Criterion(
            hazard=self.warning_type.code if self.warning_type_id else "", level=self.level,
            metric=self.metric, window_hours=self.window_hours, threshold=self.threshold,
            alt_metric=self.alt_metric, alt_threshold=self.alt_threshold,
            consecutive_days=self.consecutive_days)
