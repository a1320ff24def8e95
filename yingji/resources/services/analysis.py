"""Analysis: nearest resources by travel time, the rescue circle and its coverage,
suggested new sites, and the evacuation plan. Read-only; every query is scoped.

The parts live by topic (``located``, ``travel``, ``coverage``, ``evacuation``); this
module hands them on under one name.

Points of demand: a community's own point (CommunityProfile) when entered, else its
district's centroid, because the region datasets carry no coordinates below the
county level; enterprises have their own points.
"""

from yingji.resources.services.coverage import (
    Coverage,
    DemandPoint,
    StationReach,
    demand_points,
    rescue_circle,
    suggest_sites,
)
from yingji.resources.services.evacuation import EvacuationPlan, evacuation_plan
from yingji.resources.services.located import RESOURCE_TYPES, Located, located_resources
from yingji.resources.services.travel import (
    NearestResult,
    Reach,
    Travel,
    distances_m,
    nearest_resources,
)

__all__ = [
    "RESOURCE_TYPES",
    "Coverage",
    "DemandPoint",
    "EvacuationPlan",
    "Located",
    "NearestResult",
    "Reach",
    "StationReach",
    "Travel",
    "demand_points",
    "distances_m",
    "evacuation_plan",
    "located_resources",
    "nearest_resources",
    "rescue_circle",
    "suggest_sites",
]
