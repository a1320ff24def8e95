"""The four-colour risk map (四色风险图), its GeoJSON and the summary charts of the
enterprises in scope, filtered like the list."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from yingji.core.models import Industry, Region
from yingji.core.views.generic import ObjectListView
from yingji.enterprises.models import Enterprise
from yingji.enterprises.rules import COLOUR_NAMES, COLOUR_RISK
from yingji.enterprises.views.enterprises import EnterpriseFilteredMixin
from yingji.ui.views.map import map_settings

COLOUR_HEX = {"red": "#d63939", "orange": "#f76707", "yellow": "#f59f00", "blue": "#206bc4",
              "": "#868e96"}
MAP_LIMIT = 5000


class EnterpriseMapView(EnterpriseFilteredMixin, ObjectListView):
    """四色风险图: enterprises coloured by risk, filtered like the list."""

    template_name = "enterprises/map.html"
    title = "企业四色风险图"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _, filterset = self.filtered()
        params = request.GET.copy()
        params.pop("page", None)
        query = params.urlencode()
        url = reverse("enterprise_geojson") + (f"?{query}" if query else "")
        layers = [{"colour": colour, "name": f"{COLOUR_NAMES[colour]}（{_risk_label(colour)}）",
                   "color": COLOUR_HEX[colour]}
                  for colour in ("red", "orange", "yellow", "blue", "")]
        return self.render(self.template_name, {
            "map": map_settings(request.user),
            "config": {"map": "enterprise-map", "url": url, "layers": layers},
            "filter_form": filterset.form if filterset is not None else None,
            "list_url": reverse("enterprise_list"),
        })


def _risk_label(colour: str) -> str:
    return COLOUR_RISK.get(colour, "未评估")


class EnterpriseGeoJSONView(EnterpriseFilteredMixin, ObjectListView):
    """GeoJSON points of the filtered enterprises in scope (at most ``MAP_LIMIT``)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        queryset, filterset = self.filtered()
        if filterset is not None and filterset.is_bound and not filterset.is_valid():
            return JsonResponse({"error": {"code": "invalid", "message": "筛选条件有误",
                                           "fields": filterset.errors}}, status=400)
        rows = list(queryset.filter(longitude__isnull=False, latitude__isnull=False)
                    .order_by().values_list("id", "name", "longitude", "latitude",
                                            "risk_colour", "major_hazard_grade")[:MAP_LIMIT + 1])
        truncated = len(rows) > MAP_LIMIT
        # Written feature by feature (names through the JSON encoder, the rest are
        # numbers and choice codes): no popup text (the map shows the name as tooltip),
        # 5 decimals (≈1 m), UTF-8 rather than \u escapes — a third of the bytes.
        text = json.JSONEncoder(ensure_ascii=False).encode
        features = ",".join(
            '{"type":"Feature","geometry":{"type":"Point","coordinates":'
            f'[{lon:.5f},{lat:.5f}]}},"properties":{{"id":{pk},"name":{text(name)},'
            f'"colour":"{colour}","grade":{grade if grade else "null"}}}}}'
            for pk, name, lon, lat, colour, grade in rows[:MAP_LIMIT])
        body = ('{"type":"FeatureCollection","features":[' + features + '],"truncated":'
                + ("true" if truncated else "false") + "}")
        return HttpResponse(body, content_type="application/json")


class EnterpriseChartsView(EnterpriseFilteredMixin, ObjectListView):
    """Summary charts: enterprises by district, by industry and by risk colour."""

    template_name = "enterprises/charts.html"
    title = "企业统计"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        queryset, filterset = self.filtered()
        return self.render(self.template_name, {
            "filter_form": filterset.form if filterset is not None else None,
            **summary(queryset), "list_url": reverse("enterprise_list"),
        })


def summary(queryset: QuerySet[Enterprise]) -> dict[str, Any]:
    """Counts by district (the region code's first 6 digits), industry and colour from
    one grouped scan of the filtered rows, plus one query for the district names."""
    cells = (queryset.order_by().annotate(district=Substr("region_id", 1, 6))
             .values_list("district", "industry", "risk_colour").annotate(n=Count("id")))
    districts: dict[str, int] = {}
    industries: dict[str, int] = {}
    colours: dict[str, int] = {}
    for district, industry, colour, n in cells:
        districts[district] = districts.get(district, 0) + n
        industries[industry] = industries.get(industry, 0) + n
        colours[colour] = colours.get(colour, 0) + n
    names = dict(Region.objects.filter(code__in=[d + "000000" for d in districts])
                 .values_list("code", "name"))
    labels = dict(Industry.choices)

    def ranked(counts: dict[str, int]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    return {
        "by_region": {"title": "企业数", "items": [
            {"name": names.get(d + "000000", d), "value": n} for d, n in ranked(districts)]},
        "by_industry": {"title": "企业数", "items": [
            {"name": str(labels.get(i, i)), "value": n} for i, n in ranked(industries)]},
        "by_colour": {"title": "企业数", "items": [
            {"name": f"{COLOUR_NAMES[c]}（{_risk_label(c)}）", "value": colours.get(c, 0)}
            for c in ("red", "orange", "yellow", "blue", "")]},
    }
