"""Every page and API endpoint of safety-risk monitoring, for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, a supervisor of 江岸区 and one of 武昌区."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from yingji.core.services.objects import create_object
from yingji.core.testing import system
from yingji.core.testing_scope import Action, List, Page, ScopeCase, World, city_wide_reference
from yingji.monitoring.models import Alarm, DeadLetter, Device, MonitoringSettings
from yingji.monitoring.tests.factories import now, setup_site


def _ingest(site: dict[str, Any], readings: list[dict[str, Any]]) -> None:
    Client().post(f"/api/v1/monitoring/ingest/{site['source'].code}/", json.dumps({"readings": readings}),
                  content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {site['token']}")


class TestMonitoringScope(ScopeCase):
    apps = ("monitoring",)
    roles = ("supervisor",)

    endpoints = {
        "monitoring_cockpit": Page(),
        "monitoring_access": Page(),
        "monitoring_map": List("enterprise", anonymous=401),  # data for the cockpit's script
        "alarm_transition": Action("alarm"),
        "alarm_to_hazard": Action("alarm"),
        "monitoring_live_colours": List("enterprise"),
        "monitoring_rules": Page(),
        "accessrate-list": Page(),
        # One row for the installation: read by all, changed by city-wide staff only.
        **city_wide_reference("monitoringsettings", page_actions=("edit",), api=False),
    }
    exempt = {
        "monitoring_ingest": "the gateways' door: a data source's token is the credential, not a "
                             "user's session; tested in test_ingest (credentials before the body)",
    }

    def build(self, world: World) -> dict[str, Any]:
        site = setup_site(903)
        start = now() - 600
        _ingest(site, [{"point": "LT-101", "value": v, "ts": start + i * 10}
                       for i, v in enumerate([8.5, 8.6, 8.7])])
        _ingest(site, [{"point": "NOPE", "value": 1, "ts": now()}])
        device = create_object(Device, {"monitored_object": site["object"], "name": "范围测试液位计"},
                               actor=system())
        return {
            "enterprise": site["enterprise"],
            "monitoredobject": site["object"],
            "measurementpoint": site["level"],
            "device": device,
            "datasource": site["source"],
            "alarm": Alarm.objects.get(enterprise=site["enterprise"]),
            "deadletter": DeadLetter.objects.filter(enterprise=site["enterprise"]).get(),
            "monitoringsettings": MonitoringSettings.current(),
        }

    def marker(self, key: str, obj: Any) -> str:
        if key == "alarm":
            return obj.message
        if key in ("measurementpoint", "datasource"):
            return obj.code
        if key == "deadletter":
            return obj.reason
        return super().marker(key, obj)
