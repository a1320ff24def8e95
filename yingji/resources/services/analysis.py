"""Analysis: nearest resources by travel time, the rescue circle and its coverage,
suggested new sites, and the evacuation plan. Read-only; every query is scoped.

Travel times come from the active road graph; when none is loaded they are
straight-line estimates (distance × detour factor at the estimate speed) and every
result says so (``estimated`` True, labelled 估算 on pages).

Points of demand: a community's own point (CommunityProfile) when entered, else its
district's centroid, because the region datasets carry no coordinates below the
county level; enterprises have their own points.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Q

from yingji.core.models import Region
from yingji.core.scope import scope_of
from yingji.resources import rules
from yingji.resources.models import (
    AnalysisSettings,
    CommunityProfile,
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
from yingji.resources.routing import RoadGraph
from yingji.resources.services.roads import active_graph
from yingji.resources.services.settings import analysis_settings

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


def _check_point(longitude: float, latitude: float) -> None:
    try:
        rules.check_coordinates(longitude, latitude)
    except rules.CoordinateError as exc:
        raise ValidationError({"longitude": str(exc)}) from exc


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
    straight = _distances(longitude, latitude, lons, lats)
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


# --- coverage ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemandPoint:
    """A community (or enterprise) to cover, with its point and weight."""

    kind: str  # community | enterprise
    key: str
    name: str
    district: str
    longitude: float
    latitude: float
    population: int
    point_source: str  # 社区坐标 | 区县中心 | 企业坐标


def demand_points(user: Any) -> list[DemandPoint]:
    """Communities of the user's scope and enterprises with coordinates."""
    scope = scope_of(user)
    communities = Region.objects.filter(level=5)
    counties = Region.objects.filter(level=3)
    if scope.region_prefix is not None:
        communities = communities.subtree(scope.region_prefix)
        counties = Region.objects.filter(level=3, code__startswith=scope.region_prefix[:6])
    centroids = {c.code[:6]: (c.name, c.longitude, c.latitude) for c in counties}
    profiles = {p.region_id: p for p in CommunityProfile.objects.filter(
        region_id__in=communities.values("code"))}
    points = []
    for code, name in communities.values_list("code", "name"):
        profile = profiles.get(code)
        district = centroids.get(code[:6])
        if profile is not None and profile.longitude is not None and profile.latitude is not None:
            lon, lat, source = profile.longitude, profile.latitude, "社区坐标"
        elif district is not None and district[1] is not None and district[2] is not None:
            lon, lat, source = district[1], district[2], "区县中心"
        else:
            continue
        points.append(DemandPoint("community", code, name, district[0] if district else "",
                                  lon, lat, profile.population if profile else 0, source))
    try:
        enterprise_model = apps.get_model("enterprises", "Enterprise")
    except LookupError:
        return points
    rows = (enterprise_model.objects.restrict(user, "view").exclude(longitude=None)
            .exclude(latitude=None).values_list("pk", "name", "region_id", "longitude",
                                                "latitude", "employee_count"))
    for pk, name, region_id, lon, lat, staff in rows:
        district = centroids.get(str(region_id)[:6])
        points.append(DemandPoint("enterprise", str(pk), name, district[0] if district else "",
                                  lon, lat, int(staff or 0), "企业坐标"))
    return points


@dataclass
class StationReach:
    """One station's rescue circle: what it covers alone."""

    resource: Located
    radius_m: float
    communities: int
    enterprises: int


@dataclass
class Coverage:
    """The rescue circle of a set of stations over the demand points."""

    minutes: int
    estimated: bool
    method: str
    stations: list[StationReach]
    points: list[DemandPoint]
    covered: list[bool]
    seconds: list[float]
    suggestions: list[tuple[DemandPoint, int, int]] = field(default_factory=list)

    def _share(self, kind: str, weight: bool) -> tuple[int, int]:
        total = covered = 0
        for point, ok in zip(self.points, self.covered, strict=True):
            if point.kind != kind:
                continue
            value = point.population if weight else 1
            total += value
            covered += value if ok else 0
        return covered, total

    @property
    def communities(self) -> tuple[int, int]:
        return self._share("community", False)

    @property
    def population(self) -> tuple[int, int]:
        return self._share("community", True)

    @property
    def enterprises(self) -> tuple[int, int]:
        return self._share("enterprise", False)

    @property
    def uncovered(self) -> list[tuple[DemandPoint, float]]:
        return [(p, s) for p, ok, s in zip(self.points, self.covered, self.seconds, strict=True)
                if not ok]


def rescue_circle(user: Any, *, minutes: int | None = None, team_kinds: Sequence[str] = (),
                  suggest: int = 0) -> Coverage:
    """Which communities, people and enterprises a station reaches within ``minutes``
    (default: the configured rescue circle, 15), from the teams in the user's scope."""
    travel = Travel()
    minutes = minutes or travel.settings.rescue_minutes
    if not 1 <= minutes <= 180:
        raise ValidationError({"minutes": "救援圈时间应在1到180分钟之间"})
    limit = minutes * 60.0
    stations = [s for s in located_resources(user, ["team"])
                if not team_kinds or s.category in team_kinds]
    points = demand_points(user)
    plons = np.array([p.longitude for p in points], dtype=float)
    plats = np.array([p.latitude for p in points], dtype=float)
    reaches: list[StationReach] = []
    if travel.graph is None:
        radius = rules.estimate_reach_m(limit, detour_factor=travel.detour, speed_kmh=travel.speed)
        best = np.full(len(points), np.inf)
        for station in stations:
            dist = _distances(station.longitude, station.latitude, plons, plats)
            times = travel.estimate(dist)
            best = np.minimum(best, times)
            mask = times <= limit
            reaches.append(_station_reach(station, radius, points, mask))
        seconds = best
    else:
        graph = travel.graph
        pnodes, paccess = travel.snap(list(plons), list(plats)) if points else (
            np.zeros(0, dtype=np.int64), np.zeros(0))
        snodes, saccess = travel.snap([s.longitude for s in stations], [s.latitude for s in stations]) \
            if stations else (np.zeros(0, dtype=np.int64), np.zeros(0))
        best = np.full(len(points), np.inf)
        for station, node, access in zip(stations, snodes, saccess, strict=True):
            if not np.isfinite(access):
                reaches.append(StationReach(station, 0.0, 0, 0))
                continue
            times = graph.times_from(int(node), limit - access)
            reached = np.flatnonzero(np.isfinite(times))
            to_points = times[pnodes] + access + paccess if points else np.zeros(0)
            best = np.minimum(best, to_points)
            dist = _distances(station.longitude, station.latitude, graph.lon[reached], graph.lat[reached])
            radius = float(np.percentile(dist, 90)) if len(dist) else 0.0
            reaches.append(_station_reach(station, radius, points, to_points <= limit))
        seconds = best
    coverage = Coverage(minutes, travel.estimated, travel.label, reaches, points,
                        [bool(s <= limit) for s in seconds], [float(s) for s in seconds])
    if suggest:
        coverage.suggestions = suggest_sites(coverage, travel, suggest)
    return coverage


def _distances(lon: float, lat: float, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """Vectorised haversine (same formula as rules.haversine_m)."""
    p1, p2 = np.radians(lat), np.radians(lats)
    a = (np.sin((p2 - p1) / 2) ** 2
         + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lons - lon) / 2) ** 2)
    return np.asarray(2 * rules.EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a))))


def _station_reach(station: Located, radius: float, points: list[DemandPoint],
                   mask: np.ndarray) -> StationReach:
    communities = sum(1 for p, ok in zip(points, mask, strict=True) if ok and p.kind == "community")
    enterprises = sum(1 for p, ok in zip(points, mask, strict=True) if ok and p.kind == "enterprise")
    return StationReach(station, radius, communities, enterprises)


def suggest_sites(coverage: Coverage, travel: Travel, count: int) -> list[tuple[DemandPoint, int, int]]:
    """New station sites that most increase coverage (greedy maximum coverage).

    Candidates are the distinct points of the uncovered demand (a station placed at a
    community centre or an enterprise); weight is population + 1 so that communities
    without population figures and enterprises still count. Returns (site, people
    gained, demand points gained)."""
    limit = coverage.minutes * 60.0
    points = coverage.points
    weights = [p.population + 1 for p in points]
    covered = [i for i, ok in enumerate(coverage.covered) if ok]
    candidates: dict[int, frozenset[int]] = {}
    seen: set[tuple[float, float]] = set()
    lons = np.array([p.longitude for p in points])
    lats = np.array([p.latitude for p in points])
    pnodes = paccess = None
    if travel.graph is not None and points:
        pnodes, paccess = travel.snap(list(lons), list(lats))
    for index, ok in enumerate(coverage.covered):
        point = points[index]
        if ok or (point.longitude, point.latitude) in seen:
            continue
        seen.add((point.longitude, point.latitude))
        if travel.graph is None or pnodes is None or paccess is None:
            times = travel.estimate(_distances(point.longitude, point.latitude, lons, lats))
        else:
            if not np.isfinite(paccess[index]):
                continue
            from_site = travel.graph.times_from(int(pnodes[index]), limit)
            times = from_site[pnodes] + paccess + paccess[index]
        candidates[index] = frozenset(int(i) for i in np.flatnonzero(times <= limit))
        if len(candidates) >= 300:  # bound the work on very large uncovered sets
            break
    picks = rules.greedy_max_coverage(candidates, weights, count, already_covered=covered)
    result = []
    for index, gain in picks:
        points_gained = len(candidates[index] - set(covered))
        covered += list(candidates[index])
        result.append((points[index], int(gain) - points_gained, points_gained))
    return result


# --- evacuation ---------------------------------------------------------------------------


@dataclass
class EvacuationPlan:
    """Communities assigned to shelters, and the people that cannot be placed."""

    rows: list[tuple[DemandPoint, list[tuple[Shelter, int, float]]]]
    unplaced: list[tuple[DemandPoint, int]]
    shelters: list[tuple[Shelter, int]]
    radius_m: int
    population: int

    @property
    def unplaced_total(self) -> int:
        return sum(n for _, n in self.unplaced)


def evacuation_plan(user: Any, *, region_code: str = "") -> EvacuationPlan:
    """Assign each community's population to usable shelters by distance and
    capacity within the configured service radius (rules.assign_shelters)."""
    settings = analysis_settings()
    points = [p for p in demand_points(user) if p.kind == "community" and p.population > 0]
    shelters = list(Shelter.objects.restrict(user, "view").exclude(longitude=None)
                    .filter(status__in=[ShelterStatus.AVAILABLE, ShelterStatus.OPEN]))
    if region_code:
        points = [p for p in points if p.key.startswith(region_code.rstrip("0")[:9] or "-")]
    demands = [rules.Demand(p.key, p.longitude, p.latitude, p.population) for p in points]
    sites = [rules.Site(str(s.pk), s.longitude, s.latitude, s.capacity)
             for s in shelters]
    placement = rules.assign_shelters(demands, sites, max_distance_m=settings.shelter_radius_m)
    by_id = {str(s.pk): s for s in shelters}
    rows = [(p, [(by_id[k], n, d) for k, n, d in placement.assigned.get(p.key, [])])
            for p in points if p.key in placement.assigned]
    unplaced = [(p, placement.unplaced[p.key]) for p in points if p.key in placement.unplaced]
    return EvacuationPlan(rows, unplaced, [(s, placement.load[str(s.pk)]) for s in shelters],
                          settings.shelter_radius_m, sum(p.population for p in points))
