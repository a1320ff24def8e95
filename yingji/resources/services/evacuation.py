"""The evacuation plan: communities' population assigned to usable shelters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from yingji.resources import rules
from yingji.resources.models import Shelter, ShelterStatus
from yingji.resources.services.coverage import DemandPoint, Unlocated, demand
from yingji.resources.services.settings import analysis_settings


@dataclass
class EvacuationPlan:
    """Communities assigned to shelters, the people that cannot be placed (no capacity
    within the radius), and the communities without a coordinate, which are not placed
    at all (evacuating them from a guessed point would send them to the wrong shelter).
    ``population`` counts everyone: placed, unplaced and without a coordinate."""

    rows: list[tuple[DemandPoint, list[tuple[Shelter, int, float]]]]
    unplaced: list[tuple[DemandPoint, int]]
    shelters: list[tuple[Shelter, int]]
    radius_m: int
    population: int
    unlocated: list[Unlocated] = field(default_factory=list)

    @property
    def unplaced_total(self) -> int:
        return sum(n for _, n in self.unplaced)

    @property
    def placed_total(self) -> int:
        return sum(n for _, rows in self.rows for _, n, _ in rows)

    @property
    def unlocated_population(self) -> int:
        return sum(u.population for u in self.unlocated)


def evacuation_plan(user: Any, *, region_code: str = "") -> EvacuationPlan:
    """Assign each community's population to usable shelters by distance and
    capacity within the configured service radius (rules.assign_shelters)."""
    settings = analysis_settings()
    found = demand(user)
    points = [p for p in found.points if p.kind == "community" and p.population > 0]
    unlocated = [u for u in found.unlocated if u.kind == "community" and u.population > 0]
    shelters = list(Shelter.objects.restrict(user, "view").exclude(longitude=None)
                    .filter(status__in=[ShelterStatus.AVAILABLE, ShelterStatus.OPEN]))
    if region_code:
        prefix = region_code.rstrip("0")[:9] or "-"
        points = [p for p in points if p.key.startswith(prefix)]
        unlocated = [u for u in unlocated if u.key.startswith(prefix)]
    demands = [rules.Demand(p.key, p.longitude, p.latitude, p.population) for p in points]
    sites = [rules.Site(str(s.pk), s.longitude, s.latitude, s.capacity)
             for s in shelters]
    placement = rules.assign_shelters(demands, sites, max_distance_m=settings.shelter_radius_m)
    by_id = {str(s.pk): s for s in shelters}
    rows = [(p, [(by_id[k], n, d) for k, n, d in placement.assigned.get(p.key, [])])
            for p in points if p.key in placement.assigned]
    unplaced = [(p, placement.unplaced[p.key]) for p in points if p.key in placement.unplaced]
    return EvacuationPlan(rows, unplaced, [(s, placement.load[str(s.pk)]) for s in shelters],
                          settings.shelter_radius_m,
                          sum(p.population for p in points) + sum(u.population for u in unlocated),
                          unlocated)
