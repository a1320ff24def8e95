"""API of the governance module: plans, items, nodes, reports and 督办 in the caller's
scope (read), and the two steps: a node's progress report (with its evidence files)
and the 督办 of an item."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.viewsets import ScopedReadOnlyViewSet
from yingji.core.steps.api import step_action
from yingji.governance.api.serializers import (
    IndicatorEntrySerializer,
    IndicatorSerializer,
    IndicatorTargetSerializer,
    KpiValuesSerializer,
    NodeSerializer,
    ProgressReportSerializer,
    SupervisionSerializer,
    WorkItemSerializer,
    WorkPlanSerializer,
)
from yingji.governance.filtersets import (
    IndicatorEntryFilterSet,
    IndicatorFilterSet,
    IndicatorTargetFilterSet,
    NodeFilterSet,
    ProgressReportFilterSet,
    SupervisionFilterSet,
    WorkItemFilterSet,
    WorkPlanFilterSet,
)
from yingji.governance.forms import ITEM_STEPS, NODE_STEPS
from yingji.governance.forms_kpis import INDICATOR_STEPS
from yingji.governance.models import (
    Indicator,
    IndicatorEntry,
    IndicatorTarget,
    Node,
    ProgressReport,
    Supervision,
    WorkItem,
    WorkPlan,
)
from yingji.governance.services import kpis


@extend_schema(tags=["综合管理"])
class WorkPlanViewSet(ScopedReadOnlyViewSet):
    queryset = WorkPlan.objects.none()
    serializer_class = WorkPlanSerializer
    filterset_class = WorkPlanFilterSet
    ordering_fields = ["year", "imported_at", "id"]
    ordering = ["-year", "-id"]


@extend_schema(tags=["综合管理"])
class WorkItemViewSet(ScopedReadOnlyViewSet):
    queryset = WorkItem.objects.none()
    serializer_class = WorkItemSerializer
    filterset_class = WorkItemFilterSet
    ordering_fields = ["order", "id"]
    ordering = ["plan", "order"]
    extra_action_permissions = {"step": "view"}  # 督办's own permission decides

    step = step_action(ITEM_STEPS, "step", serializer=WorkItemSerializer,
                       component="GovernanceItemStep")


@extend_schema(tags=["综合管理"])
class NodeViewSet(ScopedReadOnlyViewSet):
    queryset = Node.objects.none()
    serializer_class = NodeSerializer
    filterset_class = NodeFilterSet
    ordering_fields = ["due", "progress", "id"]
    ordering = ["due", "id"]
    extra_action_permissions = {"step": "view"}  # the owner reports; the service decides

    step = step_action(NODE_STEPS, "step", serializer=NodeSerializer,
                       component="GovernanceNodeStep")


@extend_schema(tags=["综合管理"])
class ProgressReportViewSet(ScopedReadOnlyViewSet):
    queryset = ProgressReport.objects.none()
    serializer_class = ProgressReportSerializer
    filterset_class = ProgressReportFilterSet
    ordering_fields = ["reported_at", "id"]
    ordering = ["-reported_at", "-id"]


@extend_schema(tags=["综合管理"])
class SupervisionViewSet(ScopedReadOnlyViewSet):
    queryset = Supervision.objects.none()
    serializer_class = SupervisionSerializer
    filterset_class = SupervisionFilterSet
    ordering_fields = ["issued_at", "reply_due", "id"]
    ordering = ["-issued_at", "-id"]


@extend_schema(tags=["综合管理"])
class IndicatorViewSet(ScopedReadOnlyViewSet):
    """The indicator library; ``values`` gives each district's figure for a year against
    its target (the caller's scope: a district user gets its district) and the monthly
    trend of one of them; ``step`` (``enter``, multipart with ``evidence``) enters a
    value of an entered indicator."""

    queryset = Indicator.objects.none()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    ordering_fields = ["order", "code", "id"]
    ordering = ["order", "code"]
    extra_action_permissions = {"step": "view", "values": "view"}

    step = step_action(INDICATOR_STEPS, "step", serializer=IndicatorEntrySerializer,
                       component="GovernanceIndicatorStep")

    @extend_schema(responses=KpiValuesSerializer, parameters=[
        OpenApiParameter("year", int, description="年度，默认今年"),
        OpenApiParameter("region", str, description="趋势的区县代码，默认第一行")])
    @action(detail=True, methods=["get"])
    def values(self, request: Request, pk: str | None = None) -> Response:
        indicator = self.get_object()
        today = timezone.localdate()
        try:
            year = int(request.query_params.get("year", today.year))
        except ValueError:
            return Response({"year": ["年度应为数字"]}, status=400)
        if not 2000 <= year <= 2100:
            return Response({"year": ["年度应在2000到2100之间"]}, status=400)
        rows = kpis.table(indicator, request.user, year)
        chosen = request.query_params.get("region", "")
        focus = next((r for r in rows if r.code == chosen), rows[0] if rows else None)
        trend = kpis.trend(indicator, kpis.prefix_of(focus.code), year, today) if focus else []
        return Response(KpiValuesSerializer({
            "year": year, "trend_region": focus.code if focus else None,
            "rows": [{"region": r.code, "name": r.name, "value": r.measure.value,
                      "part": r.measure.part, "whole": r.measure.whole, "target": r.target,
                      "met": r.met, "data_url": r.data_url} for r in rows],
            "trend": [{"month": t["month"], "value": t["measure"].value} for t in trend]}).data)


@extend_schema(tags=["综合管理"])
class IndicatorTargetViewSet(ScopedReadOnlyViewSet):
    queryset = IndicatorTarget.objects.none()
    serializer_class = IndicatorTargetSerializer
    filterset_class = IndicatorTargetFilterSet
    ordering_fields = ["year", "id"]
    ordering = ["-year", "indicator", "region"]


@extend_schema(tags=["综合管理"])
class IndicatorEntryViewSet(ScopedReadOnlyViewSet):
    queryset = IndicatorEntry.objects.none()
    serializer_class = IndicatorEntrySerializer
    filterset_class = IndicatorEntryFilterSet
    ordering_fields = ["month", "entered_at", "id"]
    ordering = ["-month", "-entered_at", "-id"]
