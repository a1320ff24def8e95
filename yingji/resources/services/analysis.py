"""Analysis: nearest resources by travel time, the rescue circle and its coverage,
suggested new sites, and the evacuation plan. Read-only; every query is scoped.

The parts live by topic (``located``, ``travel``, ``coverage``, ``evacuation``); this
module hands them on under one name.

Points of demand: a community's own point (CommunityProfile: imported or drawn) or its
region's point when known, an enterprise's own point. Whatever has no known point is
counted as 无坐标: in the totals, never covered, never placed, never evacuated.
"""

from yingji.resources.services.coverage import (
    NO_POINT,
    Coverage,
    Demand,
    DemandPoint,
    StationReach,
    Unlocated,
    demand,
    demand_points,
    rescue_circle,
    suggest_sites,
)
from yingji.resources.services.evacuation import EvacuationPlan, evacuation_plan
from yingji.resources.services.located import RESOURCE_TYPES, Located, located_resources
from yingji.resources.services.travel import (
    ESTIMATE,
    ROAD_NETWORK,
    NearestResult,
    Reach,
    Travel,
    distances_m,
    nearest_resources,
    travel_model,
)

__all__ = [
    "ESTIMATE",
    "NO_POINT",
    "RESOURCE_TYPES",
    "ROAD_NETWORK",
    "Coverage",
    "Demand",
    "DemandPoint",
    "EvacuationPlan",
    "Located",
    "NearestResult",
    "Reach",
    "StationReach",
    "Travel",
    "Unlocated",
    "demand",
    "demand_points",
    "distances_m",
    "evacuation_plan",
    "located_resources",
    "nearest_resources",
    "rescue_circle",
    "suggest_sites",
    "travel_model",
]
