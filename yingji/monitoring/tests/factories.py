"""Test data: an enterprise with an object, points and a data source."""

from __future__ import annotations

import json
import time
from typing import Any

from yingji.core.services.objects import create_object
from yingji.core.testing import JIANGAN_STREET, system
from yingji.enterprises.models import Enterprise
from yingji.enterprises.tests.factories import make_enterprise
from yingji.monitoring.ingest.pipeline import reset_registry
from yingji.monitoring.models import DataSource, MeasurementPoint, MonitoredObject
from yingji.monitoring.services.sources import create_source


def make_object(enterprise: Enterprise, code: str = "T101", **fields: Any) -> MonitoredObject:
    data = {"enterprise": enterprise, "kind": "tank", "name": f"{code}储罐", "code": code, **fields}
    return create_object(MonitoredObject, data, actor=system())


def make_point(obj: MonitoredObject, code: str = "LT-101", **fields: Any) -> MeasurementPoint:
    data = {"enterprise": obj.enterprise, "monitored_object": obj, "code": code, "name": f"{code}液位",
            "point_type": "level", "unit": "m", "range_low": 0.0, "range_high": 10.0, "low_low": 0.5,
            "low": 1.0, "high": 8.0, "high_high": 9.0, "sampling_seconds": 10,
            "rule_overrides": {"debounce_count": 3, "debounce_seconds": 0, "rate_pct_per_min": None,
                               "stuck_minutes": None}, **fields}
    point = create_object(MeasurementPoint, data, actor=system())
    reset_registry()
    return point


def make_source(enterprise: Enterprise, code: str = "GW-1") -> tuple[DataSource, str]:
    source, token = create_source(actor=system(), enterprise=enterprise, code=code, name=f"{code}网关")
    reset_registry()
    return source, token


def setup_site(n: int = 1, street: str = JIANGAN_STREET) -> dict[str, Any]:
    enterprise = make_enterprise(n, street_code=street)
    obj = make_object(enterprise)
    level = make_point(obj)
    temp = make_point(obj, "TT-101", name="温度", point_type="temperature", unit="℃", range_low=-20.0,
                      range_high=100.0, low_low=None, low=None, high=60.0, high_high=80.0)
    source, token = make_source(enterprise, f"GW-{n}")
    return {"enterprise": enterprise, "object": obj, "level": level, "temp": temp, "source": source,
            "token": token}


def batch(source: str, token: str, readings: list[dict[str, Any]], **extra: Any) -> bytes:
    return json.dumps({"source": source, "token": token, "readings": readings, **extra}).encode()


def now() -> float:
    return round(time.time() - 5, 3)
