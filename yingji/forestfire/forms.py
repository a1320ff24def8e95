"""Forms of the forest fire module: a day's fire danger and the settings."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from yingji.core.forms import ScopedModelForm, bootstrapify
from yingji.forestfire.models import FireDanger, ForestFireSettings


class FireDangerForm(ScopedModelForm):
    """A region's day: the weather inputs (the level is computed) or the level entered."""

    class Meta:
        model = FireDanger
        fields = ["region", "day", "source", "max_temp", "min_humidity", "dry_days", "max_wind",
                  "rain_mm", "correction", "level", "note"]
        widgets = {"day": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        region = cast(forms.ModelChoiceField, self.fields["region"])
        region.queryset = cast(Any, region.queryset).filter(level__in=(3, 4))
        self.fields["level"].required = False
        self.fields["level"].help_text = "按气象要素计算时自动得出，录入气象部门等级时必填"
        bootstrapify(self)


class ForestFireSettingsForm(ScopedModelForm):
    """森林防灭火设置 (one row for the installation)."""

    class Meta:
        model = ForestFireSettings
        fields = ["warn_from_level", "warning_hours"]
