"""API of the flood module: risk points (read and write through the services, errors
by field), their gauges and households, the transfers with their steps (a household's
report, the 八个必转 checklist, the close) and the households of each transfer."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from yingji.core.api.viewsets import ScopedReadOnlyViewSet, ServiceViewSet
from yingji.core.steps.api import step_action
from yingji.flood.api.serializers import (
    FloodGaugeSerializer,
    FloodHouseholdSerializer,
    FloodLevelRuleSerializer,
    FloodPointSerializer,
    FloodResponseSerializer,
    FloodTransferEntrySerializer,
    FloodTransferSerializer,
)
from yingji.flood.filtersets import (
    FloodLevelRuleFilterSet,
    FloodPointFilterSet,
    FloodResponseFilterSet,
    GaugeLinkFilterSet,
    HouseholdFilterSet,
    TransferEntryFilterSet,
    TransferTaskFilterSet,
)
from yingji.flood.forms import POINT_STEPS, RESPONSE_STEPS, TASK_STEPS
from yingji.flood.models import (
    FloodLevelRule,
    FloodPoint,
    FloodResponse,
    GaugeLink,
    Household,
    TransferEntry,
    TransferTask,
)
from yingji.flood.services import levels, points


@extend_schema(tags=["防汛防台"])
class FloodPointViewSet(ServiceViewSet):
    queryset = FloodPoint.objects.none()
    serializer_class = FloodPointSerializer
    filterset_class = FloodPointFilterSet
    select_related = ("region",)
    ordering_fields = ["code", "people_threatened", "id"]
    ordering = ["region_id", "code"]
    create_service = points.create_point
    update_service = points.update_point
    delete_service = points.delete_point
    extra_action_permissions = {"step": "view"}  # 启动转移's own permission decides

    # 启动转移 answers the point (its transfers are read at /flood/transfers/?point=).
    step = step_action(POINT_STEPS, "step", serializer=FloodPointSerializer,
                       component="FloodPointStep")


@extend_schema(tags=["防汛防台"])
class GaugeLinkViewSet(ScopedReadOnlyViewSet):
    queryset = GaugeLink.objects.none()
    serializer_class = FloodGaugeSerializer
    filterset_class = GaugeLinkFilterSet
    ordering_fields = ["id"]
    ordering = ["point_id", "id"]


@extend_schema(tags=["防汛防台"])
class HouseholdViewSet(ServiceViewSet):
    queryset = Household.objects.none()
    serializer_class = FloodHouseholdSerializer
    filterset_class = HouseholdFilterSet
    ordering_fields = ["id", "members"]
    ordering = ["point_id", "id"]
    create_service = points.create_household
    update_service = points.update_household
    delete_service = points.delete_household


@extend_schema(tags=["防汛防台"])
class TransferTaskViewSet(ScopedReadOnlyViewSet):
    queryset = TransferTask.objects.none()
    serializer_class = FloodTransferSerializer
    filterset_class = TransferTaskFilterSet
    ordering_fields = ["opened_at", "id"]
    ordering = ["-opened_at", "-id"]
    extra_action_permissions = {"step": "view", "report": "view"}  # the steps' own permissions

    step = step_action(TASK_STEPS.only("checklist", "close"), "step", serializer=FloodTransferSerializer,
                       component="FloodTransferStep")
    # A household's report answers the household's entry (``entry`` in the body).
    report = step_action(TASK_STEPS, "report", fixed="report", serializer=FloodTransferEntrySerializer,
                         component="FloodTransferReport")


@extend_schema(tags=["防汛防台"])
class TransferEntryViewSet(ScopedReadOnlyViewSet):
    queryset = TransferEntry.objects.none()
    serializer_class = FloodTransferEntrySerializer
    filterset_class = TransferEntryFilterSet
    ordering_fields = ["id", "reported_at"]
    ordering = ["task_id", "id"]


@extend_schema(tags=["防汛防台"])
class FloodResponseViewSet(ServiceViewSet):
    """Responses and suggestions; POST starts a response (a leader), ``step`` decides a
    suggestion or ends a response."""

    queryset = FloodResponse.objects.none()
    serializer_class = FloodResponseSerializer
    filterset_class = FloodResponseFilterSet
    select_related = ("region",)
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = ["id", "suggested_at", "decided_at"]
    ordering = ["-id"]
    create_service = levels.start_response
    extra_action_permissions = {"step": "view"}  # the steps' own permission decides

    step = step_action(RESPONSE_STEPS, "step", serializer=FloodResponseSerializer,
                       component="FloodResponseStep")


@extend_schema(tags=["防汛防台"])
class FloodLevelRuleViewSet(ServiceViewSet):
    """The city's grade rules (read by all who read responses; changed city-wide)."""

    queryset = FloodLevelRule.objects.none()
    serializer_class = FloodLevelRuleSerializer
    filterset_class = FloodLevelRuleFilterSet
    http_method_names = ["get", "put", "patch", "head", "options"]
    ordering_fields = ["grade"]
    ordering = ["grade"]
    update_service = levels.update_rule
