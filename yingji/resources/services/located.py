"""Resources with a point, read for the map and the analyses (scoped, columns only)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from yingji.resources import rules
from yingji.resources.models import (
    Equipment,
    EquipmentCategory,
    EquipmentStatus,
    Expert,
    RescueTeam,
    Shelter,
    ShelterStatus,
    ShelterType,
    TeamKind,
    TeamStatus,
    Warehouse,
    WarehouseLevel,
)

RESOURCE_TYPES: dict[str, str] = {
    "team": "救援队伍", "expert": "专家", "warehouse": "储备库", "shelter": "避难场所",
    "equipment": "应急装备",
}


@dataclass(slots=True)
class Located:
    """A resource on the map: type, id, name, point and a short description."""

    type: str
    id: int
    name: str
    longitude: float
    latitude: float
    region_id: str
    detail: str = ""
    available: bool = True
    category: str = ""

    @property
    def type_display(self) -> str:
        return RESOURCE_TYPES.get(self.type, self.type)


def located_resources(user: Any, types: Iterable[str], *, capability: str = "",
                      available_only: bool = False,
                      near: tuple[float, float, float] | None = None) -> list[Located]:
    """Resources of ``types`` in the user's scope with coordinates: one query a type,
    reading only the columns needed (no model instances: a dispatch query may scan
    thousands of rows). ``near`` = (longitude, latitude, radius in metres) keeps the
    rows inside the bounding box of that circle."""
    out: list[Located] = []
    capability = capability.strip()
    box = Q()
    if near is not None:
        lon, lat, radius = near
        dlat = math.degrees(radius / rules.EARTH_RADIUS_M)
        dlon = dlat / max(0.01, math.cos(math.radians(lat)))
        box = Q(longitude__range=(lon - dlon, lon + dlon), latitude__range=(lat - dlat, lat + dlat))
    for kind in types:
        if kind == "team":
            teams = RescueTeam.objects.restrict(user, "view").exclude(longitude=None).filter(box)
            if capability:
                teams = teams.filter(capabilities__contains=capability)
            if available_only:
                teams = teams.filter(status=TeamStatus.STANDBY)
            kinds, states = dict(TeamKind.choices), dict(TeamStatus.choices)
            out += [Located("team", pk, name, lon, lat, region, f"{kinds.get(k, k)}，{n}人，"
                            f"{states.get(st, st)}", st == TeamStatus.STANDBY, k)
                    for pk, name, lon, lat, region, k, n, st in teams.values_list(
                        "pk", "name", "longitude", "latitude", "region_id", "kind", "headcount",
                        "status")]
        elif kind == "expert":
            experts = (Expert.objects.restrict(user, "view").exclude(longitude=None).filter(box)
                       .filter(is_active=True))
            if capability:
                experts = experts.filter(specialities__contains=capability)
            if available_only:
                experts = experts.filter(available=True)
            out += [Located("expert", pk, name, lon, lat, region, f"{spec}，{org}", ok)
                    for pk, name, lon, lat, region, spec, org, ok in experts.values_list(
                        "pk", "name", "longitude", "latitude", "region_id", "specialities",
                        "organisation", "available")]
        elif kind == "warehouse":
            levels = dict(WarehouseLevel.choices)
            houses = Warehouse.objects.restrict(user, "view").exclude(longitude=None).filter(box)
            out += [Located("warehouse", pk, name, lon, lat, region, str(levels.get(level, level)))
                    for pk, name, lon, lat, region, level in houses.values_list(
                        "pk", "name", "longitude", "latitude", "region_id", "level")]
        elif kind == "shelter":
            shelters = Shelter.objects.restrict(user, "view").exclude(longitude=None).filter(box)
            usable = [ShelterStatus.AVAILABLE, ShelterStatus.OPEN]
            if available_only:
                shelters = shelters.filter(status__in=usable)
            types_ = dict(ShelterType.choices)
            out += [Located("shelter", pk, name, lon, lat, region,
                            f"{types_.get(t, t)}，容纳{cap}人", st in usable)
                    for pk, name, lon, lat, region, t, cap, st in shelters.values_list(
                        "pk", "name", "longitude", "latitude", "region_id", "shelter_type",
                        "capacity", "status")]
        elif kind == "equipment":
            items = Equipment.objects.restrict(user, "view").exclude(longitude=None).filter(box)
            if capability:
                items = items.filter(name__contains=capability)
            if available_only:
                items = items.filter(status=EquipmentStatus.READY)
            categories = dict(EquipmentCategory.choices)
            out += [Located("equipment", pk, name, lon, lat, region,
                            f"{categories.get(c, c)} {q}{unit}", st == EquipmentStatus.READY)
                    for pk, name, lon, lat, region, c, q, unit, st in items.values_list(
                        "pk", "name", "longitude", "latitude", "region_id", "category",
                        "quantity", "unit", "status")]
        else:
            raise ValidationError({"types": f"未知的资源类型：{kind}"})
    return out
