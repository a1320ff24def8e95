"""The rescue circle: which communities, people and enterprises the stations reach in
time, and suggested new sites (greedy maximum coverage)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.apps import apps
from django.core.exceptions import ValidationError

from yingji.core.models import Region
from yingji.core.scope import scope_of
from yingji.resources import rules
from yingji.resources.models import CommunityProfile
from yingji.resources.services.located import Located, located_resources
from yingji.resources.services.travel import Travel, distances_m, travel_model

# Where a demand point's coordinate came from (shown on the pages).
COMMUNITY_POINT = "社区坐标"
REGION_POINT = "区划坐标"
ENTERPRISE_POINT = "企业坐标"
NO_POINT = "无坐标"


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
    point_source: str  # 社区坐标 | 区划坐标 | 企业坐标


@dataclass(frozen=True)
class Unlocated:
    """A community (or enterprise) whose coordinate is not known: it is counted in the
    totals as 无坐标, never as covered, placed or evacuated from somewhere else."""

    kind: str  # community | enterprise
    key: str
    name: str
    district: str
    population: int

    point_source = NO_POINT


@dataclass
class Demand:
    """The demand of a scope: the points with a known coordinate and those without."""

    points: list[DemandPoint]
    unlocated: list[Unlocated]


def demand(user: Any) -> Demand:
    """Communities of the user's scope and enterprises, split by whether their point is
    known: a community's own point (CommunityProfile: imported or drawn by a user), else
    its region's point when the dataset or a geocoder gave one. A community is never
    put at its district's centre: that would count it covered (or evacuate it) from a
    place where it is not."""
    scope = scope_of(user)
    communities = Region.objects.filter(level=5)
    counties = Region.objects.filter(level=3)
    if scope.region_prefix is not None:
        communities = communities.subtree(scope.region_prefix)
        counties = Region.objects.filter(level=3, code__startswith=scope.region_prefix[:6])
    districts = dict(counties.values_list("code", "name"))
    district_of = {code[:6]: name for code, name in districts.items()}
    profiles = {p.region_id: p for p in CommunityProfile.objects.filter(
        region_id__in=communities.values("code"))}
    points: list[DemandPoint] = []
    unlocated: list[Unlocated] = []
    for code, name, region_lon, region_lat in communities.values_list(
            "code", "name", "longitude", "latitude"):
        profile = profiles.get(code)
        district = district_of.get(code[:6], "")
        population = profile.population if profile else 0
        if profile is not None and profile.longitude is not None and profile.latitude is not None:
            points.append(DemandPoint("community", code, name, district, profile.longitude,
                                      profile.latitude, population, COMMUNITY_POINT))
        elif region_lon is not None and region_lat is not None:
            points.append(DemandPoint("community", code, name, district, region_lon, region_lat,
                                      population, REGION_POINT))
        else:
            unlocated.append(Unlocated("community", code, name, district, population))
    try:
        enterprise_model = apps.get_model("enterprises", "Enterprise")
    except LookupError:
        return Demand(points, unlocated)
    rows = enterprise_model.objects.restrict(user, "view").values_list(
        "pk", "name", "region_id", "longitude", "latitude", "employee_count")
    for pk, name, region_id, lon, lat, staff in rows:
        district = district_of.get(str(region_id)[:6], "")
        if lon is None or lat is None:
            unlocated.append(Unlocated("enterprise", str(pk), name, district, int(staff or 0)))
        else:
            points.append(DemandPoint("enterprise", str(pk), name, district, lon, lat,
                                      int(staff or 0), ENTERPRISE_POINT))
    return Demand(points, unlocated)


def demand_points(user: Any) -> list[DemandPoint]:
    """The demand points of the user's scope whose coordinate is known."""
    return demand(user).points


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
    unlocated: list[Unlocated] = field(default_factory=list)

    @property
    def model(self) -> str:
        """Which model produced the travel times: 路网 or 估算."""
        return travel_model(self.estimated)

    def _share(self, kind: str, weight: bool) -> tuple[int, int]:
        """(covered, total); the total counts the points without a coordinate, which are
        never covered."""
        total = covered = 0
        for point, ok in zip(self.points, self.covered, strict=True):
            if point.kind != kind:
                continue
            value = point.population if weight else 1
            total += value
            covered += value if ok else 0
        total += sum(u.population if weight else 1 for u in self.unlocated if u.kind == kind)
        return covered, total

    def unlocated_of(self, kind: str) -> list[Unlocated]:
        return [u for u in self.unlocated if u.kind == kind]

    @property
    def unlocated_communities(self) -> int:
        return len(self.unlocated_of("community"))

    @property
    def unlocated_population(self) -> int:
        return sum(u.population for u in self.unlocated_of("community"))

    @property
    def unlocated_enterprises(self) -> int:
        return len(self.unlocated_of("enterprise"))

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
    found = demand(user)
    points = found.points
    plons = np.array([p.longitude for p in points], dtype=float)
    plats = np.array([p.latitude for p in points], dtype=float)
    reaches: list[StationReach] = []
    if travel.graph is None:
        radius = rules.estimate_reach_m(limit, detour_factor=travel.detour, speed_kmh=travel.speed)
        best = np.full(len(points), np.inf)
        for station in stations:
            dist = distances_m(station.longitude, station.latitude, plons, plats)
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
            dist = distances_m(station.longitude, station.latitude, graph.lon[reached], graph.lat[reached])
            radius = float(np.percentile(dist, 90)) if len(dist) else 0.0
            reaches.append(_station_reach(station, radius, points, to_points <= limit))
        seconds = best
    coverage = Coverage(minutes, travel.estimated, travel.label, reaches, points,
                        [bool(s <= limit) for s in seconds], [float(s) for s in seconds],
                        unlocated=found.unlocated)
    if suggest:
        coverage.suggestions = suggest_sites(coverage, travel, suggest)
    return coverage


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
            times = travel.estimate(distances_m(point.longitude, point.latitude, lons, lats))
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
