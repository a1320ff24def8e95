"""Analysis endpoints: nearest resources, rescue circle, evacuation plan, alerts."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yingji.resources.api.stock import StockBatchSerializer
from yingji.resources.models import RescueTeam, Shelter, StockBatch, Warehouse
from yingji.resources.services import analysis, stock


class NearestRequestSerializer(serializers.Serializer):
    """Where, what and how many."""

    longitude = serializers.FloatField()
    latitude = serializers.FloatField()
    types = serializers.ListField(child=serializers.ChoiceField(choices=list(analysis.RESOURCE_TYPES)),
                                  required=False)
    capability = serializers.CharField(required=False, allow_blank=True, default="")
    available_only = serializers.BooleanField(required=False, default=True)
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=100)


class CoverageRequestSerializer(serializers.Serializer):
    """Rescue circle parameters."""

    minutes = serializers.IntegerField(required=False, min_value=1, max_value=180, allow_null=True)
    team_kinds = serializers.ListField(child=serializers.CharField(), required=False)
    suggest = serializers.IntegerField(required=False, default=3, min_value=0, max_value=20)


class _AnalysisView(APIView):
    """Analysis endpoints need the view permission on rescue teams (any resources reader)."""

    queryset = RescueTeam.objects.none()

    @property
    def permission_action(self) -> str:
        return "view"


class NearestView(_AnalysisView):
    """POST: the nearest resources to a point by travel time."""

    @extend_schema(request=NearestRequestSerializer, summary="最近应急资源", responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        data = NearestRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = analysis.nearest_resources(
            request.user, v["longitude"], v["latitude"],
            types=v.get("types") or list(analysis.RESOURCE_TYPES),
            capability=v["capability"], available_only=v["available_only"], limit=v["limit"])
        return Response({
            "estimated": result.estimated, "method": result.method,
            "model": model_code(result.estimated), "model_display": result.model,
            "results": [{"type": r.resource.type, "type_display": analysis.RESOURCE_TYPES[r.resource.type],
                         "id": r.resource.id, "name": r.resource.name, "detail": r.resource.detail,
                         "longitude": r.resource.longitude, "latitude": r.resource.latitude,
                         "seconds": round(r.seconds, 1), "minutes": r.minutes,
                         "straight_distance_m": round(r.distance_m)} for r in result.items],
        })


def model_code(estimated: bool) -> str:
    """The travel-time model for API clients: ``road_network`` or ``estimate``."""
    return "estimate" if estimated else "road_network"


def coverage_payload(coverage: analysis.Coverage) -> dict[str, Any]:
    communities, population, enterprises = coverage.communities, coverage.population, coverage.enterprises
    return {
        "minutes": coverage.minutes, "estimated": coverage.estimated, "method": coverage.method,
        "model": model_code(coverage.estimated), "model_display": coverage.model,
        "communities": {"covered": communities[0], "total": communities[1],
                        "without_coordinates": coverage.unlocated_communities},
        "population": {"covered": population[0], "total": population[1],
                       "without_coordinates": coverage.unlocated_population},
        "enterprises": {"covered": enterprises[0], "total": enterprises[1],
                        "without_coordinates": coverage.unlocated_enterprises},
        "stations": [{"id": s.resource.id, "name": s.resource.name, "radius_m": round(s.radius_m),
                      "communities": s.communities, "enterprises": s.enterprises}
                     for s in coverage.stations],
        "uncovered": [{"kind": p.kind, "key": p.key, "name": p.name, "district": p.district,
                       "population": p.population, "point_source": p.point_source,
                       "minutes": None if seconds == float("inf") else round(seconds / 60, 1)}
                      for p, seconds in coverage.uncovered],
        "without_coordinates": [{"kind": u.kind, "key": u.key, "name": u.name,
                                 "district": u.district, "population": u.population}
                                for u in coverage.unlocated],
        "suggestions": [{"name": p.name, "district": p.district, "longitude": p.longitude,
                         "latitude": p.latitude, "population_gained": people,
                         "points_gained": points} for p, people, points in coverage.suggestions],
    }


class CoverageView(_AnalysisView):
    """POST: the rescue circle and its coverage, with suggested sites."""

    @extend_schema(request=CoverageRequestSerializer, summary="救援圈覆盖分析", responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        data = CoverageRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        coverage = analysis.rescue_circle(request.user, minutes=v.get("minutes"),
                                          team_kinds=v.get("team_kinds") or (), suggest=v["suggest"])
        return Response(coverage_payload(coverage))


class EvacuationView(_AnalysisView):
    """POST: the evacuation plan (communities to shelters) and the unplaced population."""

    queryset = Shelter.objects.none()

    @extend_schema(request=None, summary="疏散安置方案", responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        plan = analysis.evacuation_plan(request.user)
        return Response({
            "population": plan.population, "unplaced_total": plan.unplaced_total,
            "without_coordinates_total": plan.unlocated_population,
            "radius_m": plan.radius_m,
            "assignments": [{"community": p.key, "name": p.name, "population": p.population,
                             "point_source": p.point_source,
                             "shelters": [{"id": s.pk, "name": s.name, "people": n,
                                           "distance_m": round(d)} for s, n, d in rows]}
                            for p, rows in plan.rows],
            "unplaced": [{"community": p.key, "name": p.name, "people": n} for p, n in plan.unplaced],
            "without_coordinates": [{"community": u.key, "name": u.name, "people": u.population}
                                    for u in plan.unlocated],
            "shelters": [{"id": s.pk, "name": s.name, "capacity": s.capacity, "assigned": load}
                         for s, load in plan.shelters],
        })


class AlertsView(_AnalysisView):
    """GET: reserve shortages and expiring batches in the caller's scope."""

    queryset = StockBatch.objects.none()

    @extend_schema(summary="储备短缺与临期预警", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        houses = Warehouse.objects.restrict(request.user, "view")
        batches = stock.expiring_batches(StockBatch.objects.restrict(request.user, "view")
                                         .select_related("item", "warehouse"))
        return Response({
            "shortages": [{"warehouse": s.warehouse_id, "warehouse_name": s.warehouse,
                           "item": s.item, "unit": s.unit, "stock": str(s.stock),
                           "minimum": str(s.minimum), "missing": str(s.missing)}
                          for s in stock.shortages(houses)],
            "expiring": [StockBatchSerializer(b).data for b in batches[:500]],
        })
