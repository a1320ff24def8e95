"""Monitored objects, devices and measurement points (with the trend) over the API."""

from __future__ import annotations

import math
from datetime import timedelta

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.fields import ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedModelViewSet
from yingji.enterprises.models import Enterprise
from yingji.monitoring.filtersets import DeviceFilterSet, MeasurementPointFilterSet, MonitoredObjectFilterSet
from yingji.monitoring.models import Device, MeasurementPoint, MonitoredObject
from yingji.monitoring.services import analytics


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


TREND_SCHEMA = inline_serializer("PointTrend", {
    "point": serializers.CharField(), "name": serializers.CharField(), "unit": serializers.CharField(),
    "resolution": serializers.ChoiceField(choices=["raw", "minute"]),
    "range": serializers.ListField(child=serializers.FloatField(allow_null=True),
                                   help_text="量程 [下限, 上限]"),
    "thresholds": inline_serializer("PointThresholds", {
        key: serializers.FloatField(allow_null=True) for key in ("ll", "l", "h", "hh")}),
    "series": serializers.ListField(child=serializers.ListField(child=serializers.JSONField()),
                                    help_text="原始值 [时间, 值]，或分钟值 [时间, 均值, 最小, 最大]")})


class MeasurementPointViewSet(ScopedModelViewSet):
    queryset = MeasurementPoint.objects.none()
    serializer_class = MeasurementPointSerializer
    filterset_class = MeasurementPointFilterSet
    ordering_fields = ["code", "name", "point_type"]
    ordering = ["enterprise_id", "code"]

    @extend_schema(summary="测点趋势（含阈值）", responses=TREND_SCHEMA, parameters=[OpenApiParameter(
        "hours", float, description="最近多少小时（0.1至744，默认24）")])
    @action(detail=True, methods=["get"])
    def trend(self, request: Request, pk: str | None = None) -> Response:
        point = self.get_object()
        try:
            hours = float(request.query_params.get("hours", 24))
        except ValueError as exc:
            raise ApiValidationError({"hours": ["应为数字"]}) from exc
        if not math.isfinite(hours):  # "nan" and "inf" parse as floats
            raise ApiValidationError({"hours": ["应为数字"]})
        hours = min(max(hours, 0.1), 24 * 31)
        end = timezone.now()
        return Response(analytics.trend(point, end - timedelta(hours=hours), end))
