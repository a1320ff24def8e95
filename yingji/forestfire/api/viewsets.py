"""API of the forest fire module: the fire danger by region and day (read and write
through the services, errors by field)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from yingji.core.api.viewsets import ServiceViewSet
from yingji.forestfire.api.serializers import FireDangerSerializer
from yingji.forestfire.filtersets import FireDangerFilterSet
from yingji.forestfire.models import FireDanger
from yingji.forestfire.services import danger


@extend_schema(tags=["森林防灭火"])
class FireDangerViewSet(ServiceViewSet):
    queryset = FireDanger.objects.none()
    serializer_class = FireDangerSerializer
    filterset_class = FireDangerFilterSet
    select_related = ("region",)
    ordering_fields = ["day", "level", "id"]
    ordering = ["-day", "region_id"]
    create_service = danger.record_danger
    update_service = danger.update_danger
    delete_service = danger.delete_danger
