"""API of the hazard analysis (隐患统计分析)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.viewsets import ScopedGenericViewSet
from yingji.hazards.filtersets import HazardFilterSet
from yingji.hazards.models import Hazard
from yingji.hazards.services import analysis


@extend_schema(tags=["隐患排查治理"])
class AnalysisViewSet(ScopedGenericViewSet):
    """隐患统计分析 in the caller's scope, with the hazard list's filters."""

    queryset = Hazard.objects.none()
    filterset_class = HazardFilterSet
    serializer_class = serializers.Serializer

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request: Request) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        figures = analysis.summary(queryset)
        return Response({
            "summary": {"total": figures.total, "closed": figures.closed, "major": figures.major,
                        "listed": figures.listed, "overdue": figures.overdue,
                        "self_closed": figures.self_closed,
                        "rectification_rate": figures.rectification_rate,
                        "on_time_rate": figures.on_time_rate,
                        "avg_days_to_close": figures.avg_days_to_close},
            **analysis.by_dimensions(queryset),
            "by_month": analysis.by_month(queryset),
            "overdue": [{"id": h.pk, "number": h.number, "title": h.title, "place": h.place,
                         "deadline": h.deadline} for h in analysis.overdue_list(queryset)],
            "repeats": analysis.repeat_hazards(queryset),
        })
