"""The module's parameters (one core settings row)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from yingji.core.models.settings import SingletonSettings


class ForestFireSettings(SingletonSettings):
    """森林防灭火设置 (id 1): from which danger level a warning is drafted through the
    warnings module, and for how many hours it runs."""

    warn_from_level = models.PositiveSmallIntegerField(
        "起报火险等级", default=3, validators=[MinValueValidator(3), MaxValueValidator(5)],
        help_text="火险等级达到此级时，自动起草森林火险预警并提交审核（三级黄色、四级橙色、五级红色）")
    warning_hours = models.PositiveIntegerField(
        "预警时效（小时）", default=24, validators=[MinValueValidator(6), MaxValueValidator(72)])
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "森林防灭火设置"
        verbose_name_plural = "森林防灭火设置"

    def __str__(self) -> str:
        return "森林防灭火设置"
