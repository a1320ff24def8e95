"""Pages for residents (公众): the shelters near them on a map.

Shelters are public information (where to go when told to move), so every signed-in
account sees every usable shelter with its address, capacity and telephone; nothing of
the bureau's own (stock, managers' accounts) is shown.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest, JsonResponse

from yingji.core.views.generic import PageView, TemplatePageView
from yingji.ui.views.map import map_settings

# The shell reads the resources module's shelters by name, so that ui (below every
# module) imports none of them.
USABLE = ("available", "open")


def open_shelters() -> Any:
    shelter = apps.get_model("resources", "Shelter")
    return (shelter.objects.filter(status__in=USABLE)
            .select_related("region").order_by("region_id", "name"))


class PublicSheltersView(TemplatePageView):
    """避难场所: the list and the map of usable shelters."""

    title = "应急避难场所"
    template_name = "ui/public/shelters.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        shelters = list(open_shelters())
        return {"shelters": shelters, "map": map_settings(self.request.user),
                "located": sum(1 for s in shelters if s.longitude is not None),
                "layers": [{"name": "避难场所", "url": "/public/shelters.geojson",
                            "color": "#2fb344", "legend": "可用避难场所"}]}


class PublicSheltersGeoJSONView(PageView):
    """The usable shelters with a coordinate, as GeoJSON points."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        features = [{
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [s.longitude, s.latitude]},
            "properties": {"name": s.name, "lines": [
                s.address, f"容纳{s.capacity}人", f"电话 {s.phone}" if s.phone else ""]},
        } for s in open_shelters() if s.longitude is not None and s.latitude is not None]
        return JsonResponse({"type": "FeatureCollection", "features": features})
