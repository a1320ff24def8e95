"""Pure computations of the resources module: distances, estimates, coverage, shelter
assignment, stock replay and alert rules. No Django imports; each cites its source."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean Earth radius

# Mainland China with its islands: a coordinate outside this box is a typing error
# (swapped longitude/latitude, a missing digit), refused before anything is saved.
CHINA_BOUNDS = (73.0, 3.0, 136.0, 54.0)  # min lon, min lat, max lon, max lat


class CoordinateError(ValueError):
    """A longitude/latitude pair that cannot be used; the message is Chinese."""


def check_coordinates(longitude: float | None, latitude: float | None) -> None:
    """Refuse coordinates outside China (CGCS2000/WGS84 degrees) or only half given."""
    if longitude is None and latitude is None:
        return
    if longitude is None or latitude is None:
        raise CoordinateError("经度和纬度需同时填写")
    if not (math.isfinite(longitude) and math.isfinite(latitude)):
        raise CoordinateError("经纬度不是有效数字")
    min_lon, min_lat, max_lon, max_lat = CHINA_BOUNDS
    if not (min_lon <= longitude <= max_lon and min_lat <= latitude <= max_lat):
        raise CoordinateError(
            f"坐标（经度{longitude}，纬度{latitude}）超出服务范围，请检查经纬度是否填反或有误")


def haversine_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine formula on a sphere of the IUGG mean
    radius; under 0.5 % from the ellipsoid at city distances)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def estimate_travel_seconds(distance_m: float, *, detour_factor: float, speed_kmh: float) -> float:
    """Travel time estimated from a straight-line distance: the road distance is the
    straight line times a detour (circuity) factor, driven at an average speed.
    Used when no road network is loaded; results are labelled 估算 (estimate)."""
    if detour_factor < 1:
        raise ValueError("绕行系数不能小于1")
    if speed_kmh <= 0:
        raise ValueError("估算车速必须大于0")
    return distance_m * detour_factor / (speed_kmh / 3.6)


def estimate_reach_m(seconds: float, *, detour_factor: float, speed_kmh: float) -> float:
    """The straight-line radius reachable within ``seconds`` (inverse of the estimate)."""
    return seconds * (speed_kmh / 3.6) / detour_factor


def greedy_max_coverage(
    candidates: Mapping[K, frozenset[int] | set[int]],
    weights: Sequence[float],
    count: int,
    *,
    already_covered: Iterable[int] = (),
) -> list[tuple[K, float]]:
    """Greedy maximum coverage (Nemhauser, Wolsey & Fisher 1978: within 1 - 1/e of the
    optimum): pick ``count`` candidates one at a time, each covering the most weight
    not yet covered. ``candidates`` maps a site to the demand indices it reaches.
    Returns (site, weight added) in pick order; stops early when nothing is gained.
    Ties go to the first candidate in iteration order, so the result is deterministic."""
    covered = set(already_covered)
    remaining = dict(candidates)
    picks: list[tuple[K, float]] = []
    for _ in range(count):
        best: K | None = None
        best_gain = 0.0
        for site, reach in remaining.items():
            gain = sum(weights[i] for i in reach if i not in covered)
            if gain > best_gain:
                best, best_gain = site, gain
        if best is None:
            break
        picks.append((best, best_gain))
        covered |= remaining.pop(best)
    return picks


@dataclass(frozen=True)
class Demand:
    """A community to place: its key, point and population."""

    key: str
    longitude: float
    latitude: float
    population: int


@dataclass(frozen=True)
class Site:
    """A shelter: its key, point and capacity (people)."""

    key: str
    longitude: float
    latitude: float
    capacity: int


@dataclass
class Placement:
    """The result of an evacuation assignment."""

    assigned: dict[str, list[tuple[str, int, float]]] = field(default_factory=dict)
    unplaced: dict[str, int] = field(default_factory=dict)
    load: dict[str, int] = field(default_factory=dict)

    @property
    def unplaced_total(self) -> int:
        return sum(self.unplaced.values())


def assign_shelters(demands: Sequence[Demand], sites: Sequence[Site],
                    *, max_distance_m: float | None = None) -> Placement:
    """Assign each community's population to shelters by distance and capacity.

    GB 51143-2015 plans shelters by service radius and capacity: every community goes
    to its nearest shelter with room, spilling to the next nearest; what no shelter
    within ``max_distance_m`` can hold is unplaced. Communities are handled nearest
    pair first (all community-shelter pairs sorted by distance), so a shelter's room
    goes to the people closest to it. Deterministic: ties break on the keys."""
    pairs = sorted(
        (haversine_m(d.longitude, d.latitude, s.longitude, s.latitude), d.key, s.key)
        for d in demands for s in sites
    )
    left = {d.key: max(0, d.population) for d in demands}
    room = {s.key: max(0, s.capacity) for s in sites}
    result = Placement(load={s.key: 0 for s in sites})
    for distance, dkey, skey in pairs:
        if max_distance_m is not None and distance > max_distance_m:
            break
        take = min(left[dkey], room[skey])
        if take <= 0:
            continue
        left[dkey] -= take
        room[skey] -= take
        result.load[skey] += take
        result.assigned.setdefault(dkey, []).append((skey, take, distance))
    result.unplaced = {key: n for key, n in left.items() if n > 0}
    return result


# --- stock ledger ---------------------------------------------------------------------


class LedgerError(ValueError):
    """A movement the ledger refuses; the message is Chinese."""


def apply_movement(balance: Decimal, delta: Decimal) -> Decimal:
    """The balance after a movement. Stock never goes below zero (a reserve cannot
    issue what it does not hold), so a movement that would is refused whole."""
    after = balance + delta
    if after < 0:
        raise LedgerError(f"库存不足：当前库存{balance}，本次需出库{-delta}")
    return after


def replay(movements: Iterable[tuple[K, Decimal]]) -> dict[K, Decimal]:
    """Stock per batch rebuilt from (batch, signed quantity) ledger entries in order."""
    stock: dict[K, Decimal] = {}
    for key, delta in movements:
        stock[key] = apply_movement(stock.get(key, Decimal(0)), delta)
    return stock


def expiry_state(expiry: date | None, today: date, warning_days: int) -> str:
    """``expired`` (past the expiry date), ``expiring`` (within ``warning_days``), or
    ``ok``. A batch is usable on its expiry date itself (GB 7718 labelling practice:
    "保质期至" is the last good day)."""
    if expiry is None:
        return "ok"
    if expiry < today:
        return "expired"
    if (expiry - today).days <= warning_days:
        return "expiring"
    return "ok"


def shortage(stock: Decimal, minimum: Decimal) -> Decimal:
    """How much is missing against the reserve standard (0 when at or above it)."""
    return max(Decimal(0), minimum - stock)


# --- shelters ---------------------------------------------------------------------------


def shelter_class_for_days(days: int) -> str:
    """GB 21734-2008 class by planned stay: Ⅲ类 < 10 days, Ⅱ类 10-30, Ⅰ类 > 30."""
    if days < 10:
        return "III"
    if days <= 30:
        return "II"
    return "I"


def shelter_capacity(effective_area_m2: float, area_per_person_m2: float) -> int:
    """People a shelter holds: effective area divided by the per-person area (GB/T
    44013-2024 grades per-person area by shelter type; the figure is configurable)."""
    if area_per_person_m2 <= 0:
        raise ValueError("人均有效避难面积必须大于0")
    return int(effective_area_m2 // area_per_person_m2)
