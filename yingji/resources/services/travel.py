"""Travel times and the nearest resources.

Times come from the active road graph; when none is loaded they are straight-line
estimates (distance × detour factor at the estimate speed) and every result says so
(``estimated`` True, labelled 估算 on pages)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError

from yingji.resources import rules
from yingji.resources.models import AnalysisSettings
from yingji.resources.routing import RoadGraph
from yingji.resources.services.located import RESOURCE_TYPES, Located, located_resources
from yingji.resources.services.roads import active_graph
from yingji.resources.services.settings import analysis_settings


def _check_point(longitude: float, latitude: float) -> None:
    try:
        rules.check_coordinates(longitude, latitude)
    except rules.CoordinateError as exc:
        raise ValidationError({"longitude": str(exc)}) from exc


ROAD_NETWORK = "路网"
ESTIMATE = "估算"


def travel_model(estimated: bool) -> str:
    """The name of the model behind a travel time: the road network, or the
    straight-line estimate (distance × detour factor at the estimate speed)."""
    return ESTIMATE if estimated else ROAD_NETWORK


class Travel:
    """Travel times from the road graph, or straight-line estimates without one."""

    def __init__(self, settings: AnalysisSettings | None = None) -> None:
        self.settings = settings or analysis_settings()
        loaded = active_graph()
        self.network = loaded[0] if loaded else None
        self.graph: RoadGraph | None = loaded[1] if loaded else None
        self.detour = float(self.settings.detour_factor)
        self.speed = float(self.settings.estimate_speed_kmh)
        self.max_snap = float(self.settings.max_snap_m)

    @property
    def estimated(self) -> bool:
        return self.graph is None

    @property
    def model(self) -> str:
        return travel_model(self.estimated)

    @property
    def label(self) -> str:
        if self.network is None:
            return f"估算（直线距离×{self.detour:g}，{self.speed:g}km/h）"
        return f"路网：{self.network.name}"

    def estimate(self, distance_m: np.ndarray | float) -> Any:
        return np.asarray(distance_m) * self.detour / (self.speed / 3.6)

    def snap(self, lons: Sequence[float] | np.ndarray,
             lats: Sequence[float] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Graph nodes of the points and their off-road access seconds (inf when the
        point is farther from the network than the snap limit)."""
        assert self.graph is not None
        nodes, dist = self.graph.snap(lons, lats)
        access = self.estimate(dist)
        return nodes, np.where(dist <= self.max_snap, access, np.inf)

    def fastest_mps(self) -> float:
        """An upper bound of the travel speed (m/s): straight-line distance over it
        is a lower bound of any travel time."""
        if self.graph is None:
            return self.speed / 3.6 / self.detour
        # Off-road legs run at the estimate speed, slower than any road edge.
        return max(self.graph.max_speed_mps * 1.001, self.speed / 3.6)

    def snap_query(self, longitude: float, latitude: float) -> tuple[int, float]:
        nodes, access = self.snap([longitude], [latitude])
        if not np.isfinite(access[0]):
            raise ValidationError({"longitude": f"该坐标距已导入路网（{self.label}）超过"
                                                f"{self.max_snap:g}米，超出分析范围"})
        return int(nodes[0]), float(access[0])


@dataclass(frozen=True)
class Reach:
    """A resource with its travel time to the query point."""

    resource: Located
    seconds: float
    distance_m: float

    @property
    def minutes(self) -> float:
        return round(self.seconds / 60, 1)


@dataclass
class NearestResult:
    """The nearest resources and how their times were obtained."""

    items: list[Reach]
    estimated: bool
    method: str

    @property
    def model(self) -> str:
        """Which model produced the times: 路网 or 估算."""
        return travel_model(self.estimated)


def nearest_resources(user: Any, longitude: float, latitude: float, *,
                      types: Sequence[str] = tuple(RESOURCE_TYPES), capability: str = "",
                      available_only: bool = True, limit: int = 10) -> NearestResult:
    """The ``limit`` resources quickest to reach the point (travel time to it)."""
    _check_point(longitude, latitude)
    if not 1 <= limit <= 100:
        raise ValidationError({"limit": "返回数量应在1到100之间"})
    travel = Travel()
    if travel.graph is not None:
        travel.snap_query(longitude, latitude)  # refuse points off the network first
    # Search growing circles: no resource outside radius r can arrive sooner than
    # r / (fastest speed), so once the limit-th result is at least that quick the
    # answer is final without reading every resource of the city.
    fastest = travel.fastest_mps()
    radius = 5000.0
    while True:
        wide = radius > 400_000
        resources = located_resources(user, types, capability=capability,
                                      available_only=available_only,
                                      near=None if wide else (longitude, latitude, radius))
        result = _rank(travel, resources, longitude, latitude, limit)
        if wide or (len(result.items) >= limit and result.items[-1].seconds <= radius / fastest):
            return result
        radius *= 3


def _rank(travel: Travel, resources: list[Located], longitude: float, latitude: float,
          limit: int) -> NearestResult:
    """The quickest ``limit`` of ``resources`` to the point."""
    if not resources:
        return NearestResult([], travel.estimated, travel.label)
    lons = np.array([r.longitude for r in resources])
    lats = np.array([r.latitude for r in resources])
    straight = distances_m(longitude, latitude, lons, lats)
    if travel.graph is None:
        times = travel.estimate(straight)
        order = np.argsort(times, kind="stable")[:limit]
        items = [Reach(resources[i], float(times[i]), float(straight[i])) for i in order]
        return NearestResult(items, True, travel.label)
    target, target_access = travel.snap_query(longitude, latitude)
    nodes, access = travel.snap(lons, lats)
    usable = np.flatnonzero(np.isfinite(access))
    # Twice the wanted count by network time, then re-ranked with the off-road legs.
    found = travel.graph.nearest(target, nodes[usable], min(len(usable), limit * 2))
    reaches = [Reach(resources[usable[i]], t + float(access[usable[i]]) + target_access,
                     float(straight[usable[i]])) for i, t in found]
    reaches.sort(key=lambda r: (r.seconds, r.resource.type, r.resource.id))
    return NearestResult(reaches[:limit], False, travel.label)


def distances_m(lon: float, lat: float, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """Vectorised haversine (same formula as rules.haversine_m)."""
    p1, p2 = np.radians(lat), np.radians(lats)
    a = (np.sin((p2 - p1) / 2) ** 2
         + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lons - lon) / 2) ** 2)
    return np.asarray(2 * rules.EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a))))
