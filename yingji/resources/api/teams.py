"""API of rescue teams and equipment."""

from __future__ import annotations

from rest_framework import serializers

from yingji.core.api.fields import ScopedPrimaryKeyRelatedField
from yingji.core.api.viewsets import ScopedModelViewSet
from yingji.resources import filtersets as fs
from yingji.resources.api.common import LOCATED_FIELDS, LocatedSerializer
from yingji.resources.models import Equipment, RescueTeam, Warehouse


class RescueTeamSerializer(LocatedSerializer):
    """A rescue team."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = RescueTeam
        fields = [*LOCATED_FIELDS, "kind", "kind_display", "leader", "headcount", "members",
                  "capabilities", "equipment_summary", "vehicle_count", "status",
                  "status_display", "contact", "phone", "duty_phone"]
        read_only_fields = ["id", "created_at", "updated_at"]


class EquipmentSerializer(LocatedSerializer):
    """A piece (or set) of equipment."""

    team = ScopedPrimaryKeyRelatedField(queryset=RescueTeam.objects.all(), allow_null=True,
                                        required=False)
    warehouse = ScopedPrimaryKeyRelatedField(queryset=Warehouse.objects.all(), allow_null=True,
                                             required=False)

    class Meta:
        model = Equipment
        fields = [*LOCATED_FIELDS, "category", "model_spec", "quantity", "unit", "status", "team",
                  "warehouse"]
        read_only_fields = ["id", "created_at", "updated_at"]


class RescueTeamViewSet(ScopedModelViewSet):
    """救援队伍."""

    queryset = RescueTeam.objects.none()
    serializer_class = RescueTeamSerializer
    filterset_class = fs.RescueTeamFilterSet
    select_related = ("region",)
    ordering_fields = ["name", "headcount", "region"]
    ordering = ["region", "name", "id"]


class EquipmentViewSet(ScopedModelViewSet):
    """应急装备."""

    queryset = Equipment.objects.none()
    serializer_class = EquipmentSerializer
    filterset_class = fs.EquipmentFilterSet
    select_related = ("region",)
    ordering_fields = ["name", "quantity"]
    ordering = ["region", "name", "id"]
