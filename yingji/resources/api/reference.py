"""API of the reference data: reserve standards, road speeds, the analysis parameters
and the imported road networks."""

from __future__ import annotations

from typing import Any

from rest_framework import mixins, serializers
from rest_framework.exceptions import NotFound

from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, actor_of
from yingji.core.models.settings import SINGLETON_PK
from yingji.resources import filtersets as fs
from yingji.resources.models import AnalysisSettings, ReserveStandard, RoadNetwork, RoadSpeed
from yingji.resources.services.settings import save_analysis_settings


class ReserveStandardSerializer(ModelSerializer):
    """A reserve standard."""

    class Meta:
        model = ReserveStandard
        fields = ["id", "item", "level", "minimum"]
        read_only_fields = ["id"]


class RoadSpeedSerializer(ModelSerializer):
    """Speed of a road class."""

    class Meta:
        model = RoadSpeed
        fields = ["id", "highway", "label", "speed_kmh"]
        read_only_fields = ["id"]


class AnalysisSettingsSerializer(ModelSerializer):
    """The analysis parameters (one row)."""

    class Meta:
        model = AnalysisSettings
        fields = ["id", "detour_factor", "estimate_speed_kmh", "rescue_minutes", "max_snap_m",
                  "expiry_warning_days", "shelter_radius_m", "expert_review_months"]
        read_only_fields = ["id"]


class RoadNetworkSerializer(ModelSerializer):
    """An imported road network."""

    class Meta:
        model = RoadNetwork
        fields = ["id", "name", "source_name", "node_count", "edge_count", "min_lon", "min_lat",
                  "max_lon", "max_lat", "is_active", "imported_at"]
        read_only_fields = fields


class ReserveStandardViewSet(ScopedModelViewSet):
    """储备标准."""

    queryset = ReserveStandard.objects.none()
    serializer_class = ReserveStandardSerializer
    filterset_class = fs.ReserveStandardFilterSet
    ordering = ["level", "item__code"]


class RoadSpeedViewSet(mixins.UpdateModelMixin, ScopedReadOnlyViewSet):
    """道路通行速度 (reference data: edit the speeds)."""

    queryset = RoadSpeed.objects.none()
    serializer_class = RoadSpeedSerializer
    filterset_class = fs.RoadSpeedFilterSet
    ordering = ["-speed_kmh", "highway"]

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        from yingji.core.services.objects import update_object

        assert serializer.instance is not None
        serializer.instance = update_object(serializer.instance, dict(serializer.validated_data),
                                            actor=actor_of(self.request))


class AnalysisSettingsViewSet(mixins.UpdateModelMixin, ScopedReadOnlyViewSet):
    """分析参数 (one row, id 1): read, and update from a city-wide scope."""

    queryset = AnalysisSettings.objects.none()
    serializer_class = AnalysisSettingsSerializer
    ordering = ["id"]

    def get_object(self) -> AnalysisSettings:
        # Reading never writes: before the first save the defaults are shown.
        if str(self.kwargs.get("pk")) != str(SINGLETON_PK):
            raise NotFound()
        obj = AnalysisSettings.current()
        self.check_object_permissions(self.request, obj)
        return obj

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = save_analysis_settings(dict(serializer.validated_data),
                                                     actor=actor_of(self.request))


class RoadNetworkViewSet(ScopedReadOnlyViewSet):
    """已导入的路网."""

    queryset = RoadNetwork.objects.none()
    serializer_class = RoadNetworkSerializer
    filterset_class = fs.RoadNetworkFilterSet
    ordering = ["-imported_at", "-id"]
