"""The map (一张图) page, the map settings every map shares, and the fallback base of
region centroids (drawn when no boundary polygons were extracted for the scope)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse

from yingji.core.forms import scoped_regions
from yingji.core.models import Region
from yingji.core.views.generic import PageView, TemplatePageView

# Initial zoom by the level of the user's scope region (0 = whole country).
ZOOM_BY_LEVEL = {0: 4, 1: 6, 2: 9, 3: 11, 4: 13, 5: 14}
BASE_LEVELS = (2, 3)


def map_settings(user: Any) -> dict[str, Any]:
    """Tile URL (empty = offline base), attribution, centre and zoom for ``user``."""
    region = user.scope_region if user.scope_region_id else None
    center = list(reversed(settings.MAP_CENTER))  # settings hold lon, lat
    if region is not None and region.coordinates is not None:
        center = [region.latitude, region.longitude]
    return {
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "center": center,
        "zoom": ZOOM_BY_LEVEL.get(region.level if region is not None else 0, 9),
    }


class MapPageView(TemplatePageView):
    """综合一张图: every kind of object in the user's scope on one map, in layers the user
    switches (``views/map_layers.py``), over the boundary base."""

    model = Region
    title = "综合一张图"
    template_name = "ui/map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from yingji.ui.views.map_layers import layers_for

        return {"map": map_settings(self.request.user), "layers": layers_for(self.request.user),
                **kwargs}


class MapRegionsView(PageView):
    """GeoJSON points of the city- and county-level regions in the user's scope."""

    model = Region

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        rows = (
            scoped_regions(request.user)
            .filter(level__in=BASE_LEVELS, longitude__isnull=False, latitude__isnull=False)
            .order_by("code").values_list("code", "name", "level", "longitude", "latitude")
        )
        features = [
            {"type": "Feature",
             "geometry": {"type": "Point", "coordinates": [lon, lat]},
             "properties": {"code": code, "name": name, "level": level}}
            for code, name, level, lon, lat in rows
        ]
        return JsonResponse({"type": "FeatureCollection", "features": features})
