"""The screen layout form (administrators)."""

from __future__ import annotations

from yingji.core.forms import ScopedModelForm
from yingji.screen import rules
from yingji.screen.models import ScreenSettings


class ScreenSettingsForm(ScopedModelForm):
    """Which panel in which place around the map, the title and the fallback refresh."""

    class Meta:
        model = ScreenSettings
        fields = ["title", *[slot for slot, _ in rules.SLOTS], "refresh_seconds"]
