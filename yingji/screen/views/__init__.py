"""Pages and JSON of the command screen."""

from yingji.screen.views.screen import (
    ScreenDataView,
    ScreenFollowView,
    ScreenSettingsView,
    ScreenView,
)

__all__ = ["ScreenDataView", "ScreenFollowView", "ScreenSettingsView", "ScreenView"]
