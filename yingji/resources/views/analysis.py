"""The resource one-map, nearest-resource search, the rescue-circle coverage page and
the evacuation plan."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse

from yingji.core.views.generic import PageView, TemplatePageView
from yingji.resources.models import RescueTeam, Shelter
from yingji.resources.services import analysis
from yingji.resources.views.common import paged
from yingji.ui.views.map import map_settings

LAYER_COLOURS = {"team": "#d63939", "expert": "#ae3ec9", "warehouse": "#f59f00",
                 "shelter": "#2fb344", "equipment": "#4263eb", "enterprise": "#667382"}


class ResourceMapView(TemplatePageView):
    """应急资源一张图: one GeoJSON layer per resource type, with filters."""

    model = RescueTeam
    title = "应急资源一张图"
    template_name = "resources/map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        params = self.request.GET.urlencode()
        base = reverse("resources_geojson")
        layers = [{"name": label, "url": f"{base}?type={key}&{params}", "color": LAYER_COLOURS[key]}
                  for key, label in analysis.RESOURCE_TYPES.items()]
        layers.append({"name": "企业", "url": f"{base}?type=enterprise&{params}",
                       "color": LAYER_COLOURS["enterprise"]})
        return {"map": map_settings(self.request.user), "layers": layers,
                "capability": self.request.GET.get("capability", ""),
                "available_only": self.request.GET.get("available_only") == "1", **kwargs}


class ResourceGeoJSONView(PageView):
    """GeoJSON points of one resource type in the user's scope."""

    model = RescueTeam

    def get(self, request: HttpRequest) -> JsonResponse:
        kind = request.GET.get("type", "team")
        features = []
        if kind == "enterprise":
            points = [p for p in analysis.demand_points(request.user) if p.kind == "enterprise"]
            features = [_feature(p.longitude, p.latitude, p.name, f"{p.name}（{p.district}）")
                        for p in points]
        elif kind in analysis.RESOURCE_TYPES:
            rows = analysis.located_resources(
                request.user, [kind], capability=request.GET.get("capability", ""),
                available_only=request.GET.get("available_only") == "1")
            features = [_feature(r.longitude, r.latitude, r.name, f"{r.name}：{r.detail}") for r in rows]
        else:
            raise Http404("未知的资源类型")
        return JsonResponse({"type": "FeatureCollection", "features": features})


def _feature(lon: float, lat: float, name: str, popup: str) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"name": name, "popup": popup}}


def _float(value: str | None) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class NearestView(TemplatePageView):
    """最近资源查询: a point (经纬度) and filters → the quickest resources."""

    model = RescueTeam
    title = "最近应急资源查询"
    template_name = "resources/nearest.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        get = self.request.GET
        context: dict[str, Any] = {"types": analysis.RESOURCE_TYPES, "query": get,
                                   "selected": get.getlist("types") or ["team"]}
        lon, lat = _float(get.get("longitude")), _float(get.get("latitude"))
        if "longitude" in get:
            if lon is None or lat is None:
                context["error"] = "请填写有效的经度和纬度"
            else:
                try:
                    context["result"] = analysis.nearest_resources(
                        self.request.user, lon, lat, types=context["selected"],
                        capability=get.get("capability", ""),
                        available_only=get.get("available_only") == "1")
                except ValidationError as exc:
                    context["error"] = "；".join(exc.messages)
        return context


def _circle(lon: float, lat: float, radius_m: float, name: str) -> dict[str, Any]:
    """A 48-gon approximating a circle of ``radius_m`` (for the offline map)."""
    dlat = math.degrees(radius_m / 6_371_008.8)
    dlon = dlat / math.cos(math.radians(lat))
    ring = [[lon + dlon * math.cos(2 * math.pi * i / 48), lat + dlat * math.sin(2 * math.pi * i / 48)]
            for i in range(49)]
    return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": {"name": name, "popup": f"{name}：约{radius_m / 1000:.1f}公里"}}


class CoverageView(TemplatePageView):
    """救援圈覆盖分析: stations' circles on the map, the shares and the uncovered list."""

    model = RescueTeam
    title = "15分钟应急救援圈"
    template_name = "resources/coverage.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        minutes = _float(self.request.GET.get("minutes"))
        error = ""
        coverage = None
        try:
            coverage = analysis.rescue_circle(self.request.user,
                                              minutes=int(minutes) if minutes else None, suggest=3)
        except ValidationError as exc:
            error = "；".join(exc.messages)
        base = reverse("resources_coverage_geojson")
        params = self.request.GET.urlencode()
        return {"map": map_settings(self.request.user), "coverage": coverage, "error": error,
                "layers": [{"name": "救援圈", "url": f"{base}?{params}", "color": "#d63939"},
                           {"name": "未覆盖", "url": f"{base}?part=uncovered&{params}",
                            "color": "#667382"},
                           {"name": "建议选址", "url": f"{base}?part=suggested&{params}",
                            "color": "#2fb344"}],
                "uncovered": paged(self.request, [
                    (p, round(seconds / 60, 1) if math.isfinite(seconds) else None)
                    for p, seconds in (coverage.uncovered if coverage else [])]),
                "unlocated": paged(self.request, coverage.unlocated if coverage else [],
                                   "nopoint_page"), **kwargs}


class CoverageGeoJSONView(PageView):
    """GeoJSON of the coverage page: circles, uncovered points or suggested sites."""

    model = RescueTeam

    def get(self, request: HttpRequest) -> JsonResponse:
        minutes = _float(request.GET.get("minutes"))
        part = request.GET.get("part", "circles")
        try:
            coverage = analysis.rescue_circle(request.user, minutes=int(minutes) if minutes else None,
                                              suggest=3 if part == "suggested" else 0)
        except ValidationError as exc:
            return JsonResponse({"error": {"message": "；".join(exc.messages)}}, status=400)
        if part == "uncovered":
            features = [_feature(p.longitude, p.latitude, p.name,
                                 f"{p.name}（{p.district}，{p.point_source}）")
                        for p, _ in coverage.uncovered]
        elif part == "suggested":
            features = [_feature(p.longitude, p.latitude, f"建议选址{i}：{p.name}",
                                 f"新增覆盖人口{people}，覆盖点{points}个")
                        for i, (p, people, points) in enumerate(coverage.suggestions, 1)]
        else:
            features = [_circle(s.resource.longitude, s.resource.latitude, s.radius_m, s.resource.name)
                        for s in coverage.stations if s.radius_m > 0]
        return JsonResponse({"type": "FeatureCollection", "features": features})


class EvacuationView(TemplatePageView):
    """疏散安置方案: communities assigned to shelters and the people left unplaced."""

    model = Shelter
    title = "疏散安置方案"
    template_name = "resources/evacuation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        plan = analysis.evacuation_plan(self.request.user)
        return {"plan": plan, "rows": paged(self.request, plan.rows),
                "unplaced": paged(self.request, plan.unplaced, "unplaced_page"),
                "unlocated": paged(self.request, plan.unlocated, "nopoint_page"), **kwargs}
