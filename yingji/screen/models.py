"""The command screen's layout (指挥大屏布局): one settings row of the installation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from yingji.core.models.settings import SingletonSettings
from yingji.screen import rules

PANEL_CHOICES = list(rules.PANELS)


def _slot(label: str, slot: str) -> models.CharField[Any, Any]:
    return models.CharField(label, max_length=20, choices=PANEL_CHOICES, blank=True,
                            default=rules.DEFAULT_LAYOUT[slot])


class ScreenSettings(SingletonSettings):
    """The bureau's screen: its title, which panel is in which place around the map (a
    place may stay empty, a panel is shown once) and how often the screen re-reads its
    figures when no live event came (never more often than once a minute)."""

    title = models.CharField("大屏标题", max_length=40, default="应急指挥一张图")
    left_1 = _slot("左侧第一格", "left_1")
    left_2 = _slot("左侧第二格", "left_2")
    left_3 = _slot("左侧第三格", "left_3")
    right_1 = _slot("右侧第一格", "right_1")
    right_2 = _slot("右侧第二格", "right_2")
    right_3 = _slot("右侧第三格", "right_3")
    bottom_1 = _slot("地图下方左格", "bottom_1")
    bottom_2 = _slot("地图下方右格", "bottom_2")
    refresh_seconds = models.PositiveIntegerField(
        "兜底刷新间隔（秒）", default=300,
        validators=[MinValueValidator(rules.MIN_REFRESH_SECONDS), MaxValueValidator(3600)],
        help_text="实时推送之外的定时刷新，不少于60秒")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "指挥大屏布局"
        verbose_name_plural = "指挥大屏布局"

    def __str__(self) -> str:
        return self.title

    def layout(self) -> dict[str, str]:
        return {slot: getattr(self, slot) for slot, _ in rules.SLOTS}

    def clean(self) -> None:
        super().clean()
        errors = rules.repeated_panels(self.layout())
        if errors:
            raise ValidationError(errors)
