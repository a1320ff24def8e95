"""API of the governance module: plans, items, nodes, reports and 督办 in the caller's
scope (read), and the two steps: a node's progress report (with its evidence files)
and the 督办 of an item."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from yingji.core.api.viewsets import ScopedReadOnlyViewSet
from yingji.core.steps.api import step_action
from yingji.governance.api.serializers import (
    NodeSerializer,
    ProgressReportSerializer,
    SupervisionSerializer,
    WorkItemSerializer,
    WorkPlanSerializer,
)
from yingji.governance.filtersets import (
    NodeFilterSet,
    ProgressReportFilterSet,
    SupervisionFilterSet,
    WorkItemFilterSet,
    WorkPlanFilterSet,
)
from yingji.governance.forms import ITEM_STEPS, NODE_STEPS
from yingji.governance.models import Node, ProgressReport, Supervision, WorkItem, WorkPlan


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
