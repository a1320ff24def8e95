"""Dispatch orders and response tasks, each step through its own service."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.forms import checked
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedReadOnlyViewSet, actor_of
from yingji.incidents import access, filtersets
from yingji.incidents.forms import ORDER_STEPS, TASK_STEPS, StepForm, TaskStepForm
from yingji.incidents.models import DispatchOrder, ResponseTask
from yingji.incidents.workflow import DISPATCH_FLOW, TASK_FLOW


class DispatchOrderSerializer(ModelSerializer):
    state_display = serializers.SerializerMethodField()
    arrival_minutes = serializers.SerializerMethodField()

    class Meta:
        model = DispatchOrder
        fields = ["id", "incident", "resource_kind", "resource_id", "resource_name", "task",
                  "estimated_minutes", "estimate_method", "override_reason", "issued_at",
                  "accepted_at", "departed_at", "arrived_at", "working_at", "completed_at",
                  "returned_at", "longitude", "latitude", "located_at", "state",
                  "state_display", "version", "arrival_minutes"]
        read_only_fields = fields

    def get_state_display(self, obj: DispatchOrder) -> str:
        return DISPATCH_FLOW.label(obj.state)

    def get_arrival_minutes(self, obj: DispatchOrder) -> float | None:
        return obj.arrival_minutes()


class ResponseTaskSerializer(ModelSerializer):
    state_display = serializers.SerializerMethodField()

    class Meta:
        model = ResponseTask
        fields = ["id", "incident", "title", "department", "department_name", "assignee",
                  "due_at", "done_at", "result", "state", "state_display", "version"]
        read_only_fields = fields

    def get_state_display(self, obj: ResponseTask) -> str:
        return TASK_FLOW.label(obj.state)


class DispatchOrderViewSet(ScopedReadOnlyViewSet):
    """Dispatch orders in scope; a rescue team's account reaches its own team's only, and
    reports its steps (with ``longitude``/``latitude``) through ``step``."""

    queryset = DispatchOrder.objects.none()
    serializer_class = DispatchOrderSerializer
    filterset_class = filtersets.DispatchOrderFilterSet
    ordering_fields = ["issued_at"]
    ordering = ["issued_at"]

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return DispatchOrder.objects.none()
        return access.orders_for(self.request.user, self.permission_action)

    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: str) -> Response:
        data = checked(StepForm, request)
        order = ORDER_STEPS[data["step"]](self.get_object(), data, actor=actor_of(request))
        return Response(DispatchOrderSerializer(order).data)


class ResponseTaskViewSet(ScopedReadOnlyViewSet):
    queryset = ResponseTask.objects.none()
    serializer_class = ResponseTaskSerializer
    filterset_class = filtersets.ResponseTaskFilterSet
    ordering_fields = ["due_at"]
    ordering = ["due_at"]

    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: str) -> Response:
        data = checked(TaskStepForm, request)
        task = TASK_STEPS[data["step"]](self.get_object(), data, actor=actor_of(request))
        return Response(ResponseTaskSerializer(task).data)
