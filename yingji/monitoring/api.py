"""API of the monitoring app: objects, devices, points (with trend), alarms (with the
workflow steps and 转隐患), dead letters, data sources, access rate and live colours.
Thin: writes go through the services. A refused alarm step answers 409."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yingji.core.api.errors import field_errors
from yingji.core.api.fields import ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedGenericViewSet, ScopedModelViewSet, ScopedReadOnlyViewSet, actor_of
from yingji.core.scope import may
from yingji.core.workflow import StaleObject
from yingji.enterprises.models import Enterprise
from yingji.monitoring.filtersets import (
    AlarmFilterSet,
    DataSourceFilterSet,
    DeadLetterFilterSet,
    DeviceFilterSet,
    MeasurementPointFilterSet,
    MonitoredObjectFilterSet,
)
from yingji.monitoring.models import (
    Alarm,
    DataSource,
    DeadLetter,
    Device,
    MeasurementPoint,
    MonitoredObject,
    RuleConfig,
)
from yingji.monitoring.services import alarms, analytics, rule_config, sources
from yingji.monitoring.workflow import ALARM_FLOW


def conflict(exc: Exception) -> Response:
    if isinstance(exc, ValidationError):
        fields = field_errors(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        messages = [m for ms in fields.values() for m in ms]
        body = {"code": "stale" if isinstance(exc, StaleObject) else "conflict",
                "message": "；".join(messages), "fields": fields}
    else:
        body = {"code": "conflict", "message": str(exc) or "您无权执行此操作"}
    return Response({"error": body}, status=409)


class MonitoredObjectSerializer(ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())

    class Meta:
        model = MonitoredObject
        fields = ["id", "enterprise", "kind", "name", "code", "major_hazard_unit", "longitude", "latitude",
                  "combo_min_points", "created_at", "updated_at"]


class DeviceSerializer(ModelSerializer):
    monitored_object = ScopedPrimaryKeyRelatedField(queryset=MonitoredObject.objects.all())

    class Meta:
        model = Device
        fields = ["id", "monitored_object", "name", "model_number", "manufacturer", "installed_on"]


class MeasurementPointSerializer(ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    monitored_object = ScopedPrimaryKeyRelatedField(queryset=MonitoredObject.objects.all())
    device = ScopedPrimaryKeyRelatedField(queryset=Device.objects.all(), required=False, allow_null=True)

    class Meta:
        model = MeasurementPoint
        fields = ["id", "enterprise", "monitored_object", "device", "code", "name", "point_type", "unit",
                  "range_low", "range_high", "low_low", "low", "high", "high_high", "sampling_seconds",
                  "rule_overrides", "enabled"]


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


class AlarmStepSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(required=False, help_text="乐观锁版本号")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class DeadLetterSerializer(ModelSerializer):
    class Meta:
        model = DeadLetter
        fields = ["id", "received_at", "door", "enterprise", "source_code", "topic", "reason_code", "reason",
                  "payload"]


class DataSourceSerializer(ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())

    class Meta:
        model = DataSource
        fields = ["id", "enterprise", "code", "name", "token_prefix", "active", "last_seen_at", "created_at"]
        read_only_fields = ["token_prefix", "last_seen_at", "created_at"]


class MonitoredObjectViewSet(ScopedModelViewSet):
    queryset = MonitoredObject.objects.none()
    serializer_class = MonitoredObjectSerializer
    filterset_class = MonitoredObjectFilterSet
    select_related = ("enterprise",)
    ordering_fields = ["code", "name", "created_at"]
    ordering = ["enterprise_id", "code"]


class DeviceViewSet(ScopedModelViewSet):
    queryset = Device.objects.none()
    serializer_class = DeviceSerializer
    filterset_class = DeviceFilterSet
    ordering_fields = ["name"]
    ordering = ["monitored_object_id", "name"]


class MeasurementPointViewSet(ScopedModelViewSet):
    queryset = MeasurementPoint.objects.none()
    serializer_class = MeasurementPointSerializer
    filterset_class = MeasurementPointFilterSet
    ordering_fields = ["code", "name", "point_type"]
    ordering = ["enterprise_id", "code"]

    @extend_schema(summary="测点趋势（含阈值）")
    @action(detail=True, methods=["get"])
    def trend(self, request: Request, pk: str | None = None) -> Response:
        point = self.get_object()
        try:
            hours = min(max(float(request.query_params.get("hours", 24)), 0.1), 24 * 31)
        except ValueError as exc:
            raise ApiValidationError({"hours": ["应为数字"]}) from exc
        end = timezone.now()
        return Response(analytics.trend(point, end - timedelta(hours=hours), end))


class AlarmViewSet(ScopedReadOnlyViewSet):
    queryset = Alarm.objects.none()
    serializer_class = AlarmSerializer
    filterset_class = AlarmFilterSet
    select_related = ("enterprise",)
    ordering_fields = ["last_at", "first_at", "severity", "count"]
    ordering = ["-last_at", "-id"]
    extra_action_permissions = {"acknowledge": "change", "feedback": "change", "clear": "change",
                                "close": "change", "to_hazard": "change"}

    def _step(self, request: Request, fn: Any, needs_comment: bool = False) -> Response:
        alarm = self.get_object()
        body = AlarmStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        kwargs: dict[str, Any] = {"actor": actor_of(request), "expected_version": body.validated_data.get(
            "version")}
        if needs_comment:
            kwargs["comment"] = body.validated_data.get("comment", "")
        try:
            alarm = fn(alarm, **kwargs)
        except (PermissionDenied, ValidationError) as exc:
            return conflict(exc)
        return Response(AlarmSerializer(alarm).data)

    @extend_schema(request=AlarmStepSerializer, responses=AlarmSerializer, summary="签收")
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, alarms.acknowledge)

    @extend_schema(request=AlarmStepSerializer, responses=AlarmSerializer, summary="处置反馈")
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, alarms.give_feedback, needs_comment=True)

    @extend_schema(request=AlarmStepSerializer, responses=AlarmSerializer, summary="消警")
    @action(detail=True, methods=["post"])
    def clear(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, alarms.clear, needs_comment=True)

    @extend_schema(request=AlarmStepSerializer, responses=AlarmSerializer, summary="关闭")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, alarms.close, needs_comment=True)

    @extend_schema(request=None, summary="转为隐患")
    @action(detail=True, methods=["post"], url_path="to-hazard")
    def to_hazard(self, request: Request, pk: str | None = None) -> Response:
        alarm = self.get_object()
        try:
            hazard_id = alarms.to_hazard(alarm, actor=actor_of(request))
        except (PermissionDenied, ValidationError) as exc:
            return conflict(exc)
        return Response({"hazard": hazard_id}, status=201)


class DeadLetterViewSet(ScopedReadOnlyViewSet):
    queryset = DeadLetter.objects.none()
    serializer_class = DeadLetterSerializer
    filterset_class = DeadLetterFilterSet
    ordering_fields = ["received_at"]
    ordering = ["-received_at", "-id"]


class DataSourceViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Data sources; creating one answers the token once (only its hash is kept)."""

    queryset = DataSource.objects.none()
    serializer_class = DataSourceSerializer
    filterset_class = DataSourceFilterSet
    ordering_fields = ["code", "last_seen_at"]
    ordering = ["code"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source, token = sources.create_source(actor=actor_of(request), **serializer.validated_data)
        return Response({**DataSourceSerializer(source).data, "token": token}, status=201)

    @extend_schema(request=None, summary="更换令牌")
    @action(detail=True, methods=["post"], url_path="rotate-token")
    def rotate_token(self, request: Request, pk: str | None = None) -> Response:
        source = self.get_object()
        return Response({"token": sources.rotate_token(source, actor=actor_of(request))})


class AccessRateViewSet(ScopedGenericViewSet):
    """接入率 / 在线率 per enterprise or county for a day."""

    queryset = MeasurementPoint.objects.none()

    @extend_schema(summary="接入率与在线率")
    def list(self, request: Request) -> Response:
        try:
            day = date.fromisoformat(request.query_params.get("day") or timezone.localdate().isoformat())
        except ValueError as exc:
            raise ApiValidationError({"day": ["日期格式应为YYYY-MM-DD"]}) from exc
        by = request.query_params.get("by", "enterprise")
        if by not in ("enterprise", "region"):
            raise ApiValidationError({"by": ["应为enterprise或region"]})
        rows = analytics.access_rates(self.get_queryset(), day, by)
        return Response({"day": day.isoformat(), "by": by, "results": [
            {"key": r.key, "label": r.label, "points": r.points, "reporting": r.reporting,
             "access_rate": r.access_rate, "online_rate": r.online_rate, "meets_target": r.meets_target}
            for r in rows]})


class RulesDocumentView(APIView):
    """GET: the rules document (JSON); POST: import one (all or nothing)."""

    queryset = RuleConfig.objects.none()

    def get(self, request: Request) -> Response:
        if not may(request.user, RuleConfig, "view"):
            raise exceptions.PermissionDenied()
        return Response(rule_config.export_rules(actor=actor_of(request)))

    def post(self, request: Request) -> Response:
        try:
            result = rule_config.import_rules(request.data, actor=actor_of(request))
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or None) from exc
        except ValidationError as exc:
            raise ApiValidationError(exc.message_dict) from exc
        return Response(result)


@extend_schema(summary="企业动态风险颜色")
@api_view(["GET"])
def live_colours(request: Request) -> Response:
    if not may(request.user, Enterprise, "view") or not may(request.user, Alarm, "view"):
        return Response({"error": {"code": "permission_denied", "message": "您没有执行此操作的权限"}},
                        status=403 if request.user.is_authenticated else 401)
    return Response({"results": analytics.live_colours(Enterprise.objects.restrict(request.user, "view"))})
