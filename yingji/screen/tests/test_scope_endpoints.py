"""Every page and JSON endpoint of the screen for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, the duty officer of 江岸区 and that of
武昌区. The world's incident lies in 大智街道: 武昌区 cannot follow it."""

from __future__ import annotations

from typing import Any

from yingji.core.testing import JIANGAN, WUHAN
from yingji.core.testing_scope import Detail, Page, ScopeCase, World
from yingji.screen.models import ScreenSettings

CITY_WRITE = {"inside_scope": WUHAN, "outside_scope": JIANGAN, "outsider": 403, "roles": ("admin",)}


class TestScreenScope(ScopeCase):
    apps = ("screen",)
    roles = ("duty_officer",)

    endpoints = {
        "screen": Page(),
        "screen_data": Page(),
        "screen_follow": Detail("incident"),
        "screensettings_edit": Page(**CITY_WRITE),
    }

    def build(self, world: World) -> dict[str, Any]:
        from yingji.core.testing import JIANGAN_STREET
        from yingji.screen.tests.conftest import incident_in

        officer = world.permitted()
        return {"incident": incident_in(JIANGAN_STREET, officer, "范围测试火灾"),
                "screensettings": ScreenSettings.current()}
