"""Coordinates: the distance between two points and the bounds of China."""

from __future__ import annotations

import math

from yingji.enterprises.rules.major_hazard import HazardInputError

# --- Coordinates ----------------------------------------------------------------------

EARTH_RADIUS_KM = 6371.0088


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle (haversine) distance in km between two WGS84/CGCS2000 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def check_coordinates(lon: float, lat: float) -> None:
    """Longitude/latitude inside China's extent (73–136 °E, 3–54 °N)."""
    if not (73.0 <= lon <= 136.0):
        raise HazardInputError("经度应在73至136之间（中国境内，CGCS2000/WGS84）", field="longitude")
    if not (3.0 <= lat <= 54.0):
        raise HazardInputError("纬度应在3至54之间（中国境内，CGCS2000/WGS84）", field="latitude")
