"""API of inspectors, teams, conflicts, the catalogue, the discretion standard and the
document number prefixes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins

from yingji.core.api.viewsets import ScopedGenericViewSet, ScopedModelViewSet, ServiceViewSet
from yingji.enforcement.api.serializers import (
    ConflictSerializer,
    DiscretionStandardSerializer,
    DocumentPrefixSerializer,
    EnforcementItemSerializer,
    InspectorSerializer,
    TeamSerializer,
)
from yingji.enforcement.filtersets import (
    ConflictFilterSet,
    DiscretionStandardFilterSet,
    DocumentPrefixFilterSet,
    EnforcementItemFilterSet,
    InspectorFilterSet,
    TeamFilterSet,
)
from yingji.enforcement.models import (
    Conflict,
    DiscretionStandard,
    DocumentPrefix,
    EnforcementItem,
    Inspector,
    Team,
)
from yingji.enforcement.services import people


@extend_schema(tags=["安全生产执法"])
class InspectorViewSet(ServiceViewSet):
    queryset = Inspector.objects.none()
    serializer_class = InspectorSerializer
    filterset_class = InspectorFilterSet
    ordering_fields = ["name", "certificate_expires_on", "id"]
    ordering = ["name", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = people.create_inspector
    update_service = people.update_inspector


@extend_schema(tags=["安全生产执法"])
class TeamViewSet(ServiceViewSet):
    queryset = Team.objects.none()
    serializer_class = TeamSerializer
    filterset_class = TeamFilterSet
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = people.create_team
    update_service = people.update_team


@extend_schema(tags=["安全生产执法"])
class ConflictViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      ScopedGenericViewSet):
    queryset = Conflict.objects.none()
    serializer_class = ConflictSerializer
    filterset_class = ConflictFilterSet
    ordering_fields = ["declared_on", "id"]
    ordering = ["-declared_on", "-id"]

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        from yingji.core.api.viewsets import actor_of

        serializer.instance = people.declare_conflict(dict(serializer.validated_data),
                                                      actor=actor_of(self.request))


@extend_schema(tags=["安全生产执法"])
class DocumentPrefixViewSet(ScopedModelViewSet):
    """The departments' own document number prefixes (city-wide reference: everyone
    reads, city-wide staff write); a department without one numbers with the default."""

    queryset = DocumentPrefix.objects.none()
    serializer_class = DocumentPrefixSerializer
    filterset_class = DocumentPrefixFilterSet
    select_related = ("department",)


@extend_schema(tags=["安全生产执法"])
class EnforcementItemViewSet(ScopedModelViewSet):
    queryset = EnforcementItem.objects.none()
    serializer_class = EnforcementItemSerializer
    filterset_class = EnforcementItemFilterSet
    ordering_fields = ["sort_order", "code", "id"]
    ordering = ["sort_order", "code"]


@extend_schema(tags=["安全生产执法"])
class DiscretionStandardViewSet(ScopedModelViewSet):
    queryset = DiscretionStandard.objects.none()
    serializer_class = DiscretionStandardSerializer
    filterset_class = DiscretionStandardFilterSet
    prefetch_related = ("bands",)
    ordering_fields = ["code", "id"]
    ordering = ["code"]
