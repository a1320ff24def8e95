"""Every page and API endpoint of the forest fire module for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, the duty officer of 江岸区 and that of
武昌区. The world's record lies in 江岸区, so 武昌区 neither sees nor changes it."""

from __future__ import annotations

from datetime import date
from typing import Any

from yingji.core.testing import JIANGAN, WUHAN, system
from yingji.core.testing_scope import Page, ScopeCase, World
from yingji.forestfire.models import ForestFireSettings
from yingji.forestfire.services import danger


class TestForestFireScope(ScopeCase):
    apps = ("forestfire",)
    roles = ("duty_officer",)

    endpoints = {
        "firedanger_map_page": Page(),
        "firedanger_geojson": Page(anonymous=401),
        "forestfiresettings_edit": Page(inside_scope=WUHAN, outside_scope=JIANGAN, outsider=403,
                                        roles=("duty_leader",)),
    }

    def build(self, world: World) -> dict[str, Any]:
        from yingji.core.models import Region

        record = danger.record_danger({
            "region": Region.objects.get(code=JIANGAN), "day": date(2026, 3, 20),
            "source": "entered", "level": 2, "note": "范围测试火险"}, actor=system())
        return {"firedanger": record, "forestfiresettings": ForestFireSettings.current()}

    def marker(self, key: str, obj: Any) -> str:
        if key == "firedanger":
            return obj.note
        return super().marker(key, obj)
