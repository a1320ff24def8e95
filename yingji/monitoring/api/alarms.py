"""Alarms over the API: read, the workflow steps and 转隐患. A refused step answers 409."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedReadOnlyViewSet, actor_of
from yingji.monitoring.filtersets import AlarmFilterSet
from yingji.monitoring.models import Alarm
from yingji.monitoring.services import alarms
from yingji.monitoring.steps import STEPS, AlarmStep
from yingji.monitoring.workflow import ALARM_FLOW

STEP_DOC = "version (optional, the version the person saw), comment (required by feedback and close)"


class AlarmSerializer(ModelSerializer):
    state_display = serializers.SerializerMethodField()
    severity_display = serializers.CharField(source="get_severity_display", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Alarm
        fields = ["id", "enterprise", "enterprise_name", "monitored_object", "point", "kind", "level",
                  "severity", "severity_display", "state", "state_display", "is_open", "message", "first_at",
                  "last_at", "count",
                  "first_value", "last_value", "threshold", "recovered_at", "pushed_at", "acknowledged_by",
                  "acknowledged_at", "feedback", "feedback_at", "ended_at", "hazard_id", "version"]
        read_only_fields = fields

    def get_state_display(self, obj: Alarm) -> str:
        return ALARM_FLOW.label(obj.state)


class AlarmViewSet(ScopedReadOnlyViewSet):
    queryset = Alarm.objects.none()
    serializer_class = AlarmSerializer
    filterset_class = AlarmFilterSet
    select_related = ("enterprise",)
    ordering_fields = ["last_at", "first_at", "severity", "count"]
    ordering = ["-last_at", "-id"]
    extra_action_permissions = {"acknowledge": "change", "feedback": "change", "clear": "change",
                                "close": "change", "to_hazard": "change"}

    def _step(self, request: Request, step: AlarmStep) -> Response:
        """Run the step with its form's inputs; a refusal is the workflow's 409 (core's
        error handler), a permission refusal 403."""
        alarm = self.get_object()
        form = step.form(request.data)
        if not form.is_valid():
            raise ApiValidationError(form.errors.get_json_data())
        return Response(AlarmSerializer(step.run(alarm, form.cleaned_data, actor=actor_of(request))).data)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=AlarmSerializer, summary="签收",
                   description=STEP_DOC)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, STEPS["acknowledge"])

    @extend_schema(request=OpenApiTypes.OBJECT, responses=AlarmSerializer, summary="处置反馈",
                   description=STEP_DOC)
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, STEPS["feedback"])

    @extend_schema(request=OpenApiTypes.OBJECT, responses=AlarmSerializer, summary="消警",
                   description=STEP_DOC)
    @action(detail=True, methods=["post"])
    def clear(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, STEPS["clear"])

    @extend_schema(request=OpenApiTypes.OBJECT, responses=AlarmSerializer, summary="关闭",
                   description=STEP_DOC)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, STEPS["close"])

    @extend_schema(request=None, summary="转为隐患", responses={201: inline_serializer(
        "AlarmHazard", {"hazard": serializers.IntegerField(help_text="新隐患的编号")})})
    @action(detail=True, methods=["post"], url_path="to-hazard")
    def to_hazard(self, request: Request, pk: str | None = None) -> Response:
        """409 when the alarm was turned into a hazard already."""
        hazard_id = alarms.do_to_hazard(self.get_object(), actor=actor_of(request))
        return Response({"hazard": hazard_id}, status=201)
