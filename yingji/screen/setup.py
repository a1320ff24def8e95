"""Registration of the screen's roles and navigation (called from ``ScreenConfig.ready``)."""

from __future__ import annotations

# The roles that watch the wall screen; the administrator arranges it.
WATCHERS = ("duty_officer", "duty_leader", "commander", "supervisor")


def register_all() -> None:
    from yingji.core.roles import grant
    from yingji.ui.navigation import NavItem, register

    for role in WATCHERS:
        grant(role, "screen.view_screensettings")
    grant("admin", "screen.view_screensettings", "screen.change_screensettings")
    register("response", NavItem("指挥大屏", "screen", "device-desktop",
                                 "screen.view_screensettings", order=0))
    register("system", NavItem("大屏布局", "screensettings_edit", "layout",
                               "screen.change_screensettings", order=90))
