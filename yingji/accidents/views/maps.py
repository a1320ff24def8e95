"""事故分布图: the scope's production safety accidents of a year on the shared map — at
their unit's registry coordinates, else their incident's (an accident without either is
counted, not placed) — coloured by grade, and each district's figures at its centre."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone

from yingji.accidents import rules
from yingji.accidents.models import Accident
from yingji.accidents.services.stats import LARGER, production
from yingji.core.filtersets import year_param
from yingji.core.models import Region
from yingji.core.scope import may
from yingji.core.views.generic import TemplatePageView

MAP_LIMIT = 5000
LAYERS = (("larger", "较大及以上事故", "#d63939"), ("general", "一般事故", "#f76707"),
          ("districts", "各区事故起数", "#206bc4"))


def _year(request: HttpRequest) -> tuple[int, str]:
    return year_param(request, last=timezone.localdate().year)


class AccidentMapView(TemplatePageView):
    """事故分布图 of a year (default this year)."""

    model = Accident
    title = "事故分布图"
    template_name = "accidents/map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from yingji.ui.views.map import map_settings

        year, error = _year(self.request)
        url = reverse("accident_geojson")
        today = timezone.localdate()
        return {"map": map_settings(self.request.user), "year": year, "error": error,
                "years": list(range(today.year, today.year - 10, -1)),
                "layers": [{"name": name, "url": f"{url}?layer={key}&year={year}", "color": color}
                           for key, name, color in LAYERS]}


def accident_geojson(request: HttpRequest) -> HttpResponse:
    """One layer of the map as GeoJSON, read in the user's scope: the accidents of a
    grade band (``larger``/``general``) as points, or the districts' figures
    (``districts``); ``unplaced`` counts the accidents without a coordinate."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": {"code": "not_authenticated", "message": "未登录"}},
                            status=401)
    if not may(request.user, Accident, "view"):
        raise PermissionDenied("您没有访问此页面的权限")
    year, _ = _year(request)
    rows = production(Accident.objects.restrict(request.user, "view")).filter(
        occurred_month__gte=year * 100 + 1, occurred_month__lte=year * 100 + 12)
    layer = request.GET.get("layer", "")
    if layer == "districts":
        return JsonResponse(_districts(rows))
    rows = rows.filter(grade__in=LARGER) if layer == "larger" else rows.exclude(grade__in=LARGER)
    placed = rows.annotate(lon=Coalesce(F("enterprise__longitude"), F("incident__longitude")),
                           lat=Coalesce(F("enterprise__latitude"), F("incident__latitude")))
    features = []
    for pk, number, title, grade, deaths, missing, occurred, lon, lat in (
            placed.filter(lon__isnull=False, lat__isnull=False).order_by("-occurred_at")
            .values_list("pk", "number", "title", "grade", "deaths", "missing", "occurred_at",
                         "lon", "lat")[:MAP_LIMIT]):
        features.append({
            "type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"id": pk, "name": title, "url": f"/accidents/{pk}/",
                           "popup": f"{number} {title}\n{timezone.localtime(occurred):%Y-%m-%d}，"
                                    f"{rules.grade_label(grade)}，死亡（含失踪）{deaths + missing}人"}})
    unplaced = placed.filter(lon__isnull=True).count() + placed.filter(
        lon__isnull=False, lat__isnull=True).count()
    return JsonResponse({"type": "FeatureCollection", "features": features, "unplaced": unplaced})


def _districts(rows: Any) -> dict[str, Any]:
    figures = {r["district_code"]: r for r in rows.order_by().values("district_code").annotate(
        n=Count("id"), d=Sum(F("deaths") + F("missing")))}
    features = []
    for code, name, lon, lat in Region.objects.filter(code__in=figures).values_list(
            "code", "name", "longitude", "latitude"):
        if lon is None or lat is None:
            continue
        found = figures[code]
        features.append({
            "type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"name": name, "url": f"/accidents/?region={code[:6]}",
                           "popup": f"{name}：事故{found['n']}起，死亡（含失踪）{found['d'] or 0}人"}})
    return {"type": "FeatureCollection", "features": features}
