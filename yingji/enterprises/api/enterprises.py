"""API of the enterprise registry: viewsets of the file and its rows, and the
self-assessment endpoint. Thin: writes go through ``yingji.enterprises.services``;
querysets are scoped by the base viewset."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.viewsets import ServiceViewSet, actor_of
from yingji.core.scope import may
from yingji.enterprises import services
from yingji.enterprises.api.serializers import (
    EnterpriseSerializer,
    GradeRequestSerializer,
    LicenceSerializer,
    MajorHazardSerializer,
    MajorHazardSubstanceSerializer,
    MajorHazardUnitSerializer,
    MemberSerializer,
    RiskPointSerializer,
)
from yingji.enterprises.filtersets import (
    EnterpriseFilterSet,
    LicenceFilterSet,
    MajorHazardFilterSet,
    MajorHazardSubstanceFilterSet,
    MajorHazardUnitFilterSet,
    RiskPointFilterSet,
)
from yingji.enterprises.models import (
    Enterprise,
    Licence,
    MajorHazard,
    MajorHazardSubstance,
    MajorHazardUnit,
    RiskPoint,
)


@extend_schema(tags=["企业档案"])
class EnterpriseViewSet(ServiceViewSet):
    """Enterprises (一企一档) inside the caller's scope; enterprise accounts see their own."""

    queryset = Enterprise.objects.none()
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    select_related = ("region",)
    ordering_fields = ["name", "region", "employee_count", "created_at", "updated_at", "id"]
    ordering = ["name", "id"]
    create_service = staticmethod(services.create_enterprise)
    update_service = staticmethod(services.update_enterprise)
    delete_service = staticmethod(services.delete_enterprise)
    extra_action_permissions = {"members": "view"}

    @extend_schema(request=MemberSerializer, responses=inline_serializer("EnterpriseMember", {
        "user": serializers.IntegerField(), "username": serializers.CharField(),
        "real_name": serializers.CharField()}, many=True))
    @action(detail=True, methods=["get", "post", "delete"])
    def members(self, request: Request, pk: Any = None) -> Response:
        """Enterprise accounts of the enterprise; POST/DELETE ``{"user": id}`` links or
        unlinks one (supervisors: the enterprise add permission)."""
        enterprise = self.get_object()
        if request.method != "GET":
            body = MemberSerializer(data=request.data, context={"request": request})
            body.is_valid(raise_exception=True)
            user = body.validated_data["user"]
            if request.method == "POST":
                services.add_member(enterprise, user, actor=actor_of(request))
            else:
                services.remove_member(enterprise, user, actor=actor_of(request))
        users = services.members_of(enterprise)
        return Response([{"user": u.pk, "username": u.username, "real_name": u.real_name}
                         for u in users])


@extend_schema(tags=["企业档案"])
class LicenceViewSet(ServiceViewSet):
    """Licences of the enterprises in scope."""

    queryset = Licence.objects.none()
    serializer_class = LicenceSerializer
    filterset_class = LicenceFilterSet
    ordering_fields = ["expires_on", "id"]
    ordering = ["expires_on", "id"]
    create_service = staticmethod(services.create_licence)
    update_service = staticmethod(services.update_licence)
    delete_service = staticmethod(services.delete_object_service)


@extend_schema(tags=["重大危险源"])
class MajorHazardViewSet(ServiceViewSet):
    """Major hazard sources with their stored GB 18218-2018 assessment."""

    queryset = MajorHazard.objects.none()
    serializer_class = MajorHazardSerializer
    filterset_class = MajorHazardFilterSet
    ordering_fields = ["grade", "r_value", "id"]
    ordering = ["enterprise_id", "id"]
    create_service = staticmethod(services.create_major_hazard)
    update_service = staticmethod(services.update_major_hazard)
    delete_service = staticmethod(services.delete_major_hazard)


@extend_schema(tags=["重大危险源"])
class MajorHazardUnitViewSet(ServiceViewSet):
    """Units (生产单元/储存单元) of the major hazard sources."""

    queryset = MajorHazardUnit.objects.none()
    serializer_class = MajorHazardUnitSerializer
    filterset_class = MajorHazardUnitFilterSet
    select_related = ("source",)
    ordering_fields = ["grade", "r_value", "id"]
    ordering = ["source_id", "id"]
    create_service = staticmethod(services.create_unit)
    update_service = staticmethod(services.update_unit)
    delete_service = staticmethod(services.delete_unit)


@extend_schema(tags=["重大危险源"])
class MajorHazardSubstanceViewSet(ServiceViewSet):
    """Dangerous chemicals in the units, with their maximum quantities."""

    queryset = MajorHazardSubstance.objects.none()
    serializer_class = MajorHazardSubstanceSerializer
    filterset_class = MajorHazardSubstanceFilterSet
    prefetch_related = ("categories",)
    ordering_fields = ["quantity", "id"]
    ordering = ["unit_id", "id"]
    create_service = staticmethod(services.create_substance)
    update_service = staticmethod(services.update_substance)
    delete_service = staticmethod(services.delete_substance)


@extend_schema(tags=["风险点"])
class RiskPointViewSet(ServiceViewSet):
    """Risk points with their LEC/LS score and colour."""

    queryset = RiskPoint.objects.none()
    serializer_class = RiskPointSerializer
    filterset_class = RiskPointFilterSet
    ordering_fields = ["score", "id"]
    ordering = ["enterprise_id", "id"]
    create_service = staticmethod(services.create_risk_point)
    update_service = staticmethod(services.update_risk_point)
    delete_service = staticmethod(services.delete_risk_point)


@extend_schema(tags=["重大危险源"], request=GradeRequestSerializer, responses=OpenApiTypes.OBJECT)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def grade_view(request: Request) -> Response:
    """Grade a posted list of substances by GB 18218-2018 without saving anything
    (enterprise self-assessment): S, R, α, grade and each substance's q, Q, β."""
    if not may(request.user, MajorHazard, "view"):
        raise PermissionDenied()
    body = GradeRequestSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    data = body.validated_data
    entries = [services.GradeEntry(s["name"].strip(), s["quantity"], tuple(s["categories"]),
                                   cas=s["cas"].strip())
               for s in data["substances"]]
    result = services.grade_substances(entries, data["population_500m"])
    return Response({**result.as_dict(), "grade_name": result.grade_name})
