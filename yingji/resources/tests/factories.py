"""Small builders of resource rows for tests (through the services)."""

from __future__ import annotations

from typing import Any

from yingji.core.actor import Actor
from yingji.core.services.objects import create_object
from yingji.core.testing import JIANGAN, region
from yingji.resources.models import RescueTeam, Shelter, SupplyItem, Warehouse

SYSTEM = Actor.system("test")


def warehouse(name: str = "江岸区应急物资储备库", *, region_code: str = JIANGAN,
              level: str = "district", **fields: Any) -> Warehouse:
    data = {"name": name, "region": region(region_code), "level": level,
            "longitude": 114.30, "latitude": 30.60, **fields}
    return create_object(Warehouse, data, actor=SYSTEM)


def team(name: str = "江岸区消防救援大队", *, region_code: str = JIANGAN, **fields: Any) -> RescueTeam:
    data = {"name": name, "region": region(region_code), "kind": "fire", "headcount": 30,
            "longitude": 114.30, "latitude": 30.60, **fields}
    return create_object(RescueTeam, data, actor=SYSTEM)


def shelter(name: str = "解放公园应急避难场所", *, region_code: str = JIANGAN,
            **fields: Any) -> Shelter:
    data = {"name": name, "region": region(region_code), "shelter_class": "II",
            "shelter_type": "fixed_short", "area_m2": 100000, "effective_area_m2": 50000,
            "capacity": 20000, "longitude": 114.29, "latitude": 30.61, **fields}
    return create_object(Shelter, data, actor=SYSTEM)


def item(code: str = "WZ-0102") -> SupplyItem:
    return SupplyItem.objects.get(code=code)
