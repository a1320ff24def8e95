"""API of the enterprise registry: serializers and viewsets. Thin: writes go through
``yingji.enterprises.services``; querysets are scoped by the base viewset."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.fields import RegionField, ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedModelViewSet, actor_of
from yingji.core.models import Department, User
from yingji.core.scope import may
from yingji.enterprises import services
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
    HazardCategory,
    HazardSubstance,
    Licence,
    MajorHazard,
    MajorHazardSubstance,
    MajorHazardUnit,
    RiskPoint,
    SupervisionClass,
)
from yingji.enterprises.rules import MAX_QUANTITY_T

# --- serializers ----------------------------------------------------------------------


class EnterpriseSerializer(ModelSerializer):
    """An enterprise's file; ``region`` is a street code inside the caller's scope."""

    region = RegionField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    industry_display = serializers.CharField(source="get_industry_display", read_only=True)
    supervision_class = serializers.PrimaryKeyRelatedField(
        queryset=SupervisionClass.objects.all(), allow_null=True, required=False)
    supervising_department = ScopedPrimaryKeyRelatedField(
        queryset=Department.objects.all(), allow_null=True, required=False)
    supervising_officer = ScopedPrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False)
    credit_code = serializers.CharField(max_length=40)

    class Meta:
        model = Enterprise
        fields = ["id", "name", "credit_code", "industry", "industry_display", "sub_industry",
                  "dust_explosion", "ammonia_refrigeration", "confined_space", "molten_metal",
                  "region", "region_name", "address", "longitude", "latitude",
                  "legal_representative", "legal_representative_phone", "principal",
                  "principal_phone", "safety_manager", "safety_manager_phone",
                  "employee_count", "standardisation_level", "supervision_class",
                  "supervising_department", "supervising_officer", "insurance_status",
                  "insurance_expires_on", "status", "risk_colour", "major_hazard_grade",
                  "created_at", "updated_at"]
        read_only_fields = ["id", "risk_colour", "major_hazard_grade", "created_at",
                            "updated_at"]


class MemberSerializer(serializers.Serializer):
    """An enterprise account (企业用户 role) whose scope lies inside the caller's."""

    user = serializers.PrimaryKeyRelatedField(
        label="用户", queryset=User.objects.filter(groups__name="enterprise"),
        error_messages={"does_not_exist": "该用户不存在或不是企业用户"})


class LicenceSerializer(ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Licence
        fields = ["id", "enterprise", "kind", "kind_display", "number", "scope_text", "issuer",
                  "issued_on", "expires_on", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


_ASSESSMENT = ["s_value", "r_value", "alpha", "is_major", "grade", "working"]


class MajorHazardSerializer(ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())

    class Meta:
        model = MajorHazard
        fields = ["id", "enterprise", "name", "record_number", "population_500m", "main_person",
                  "main_person_phone", "technical_person", "technical_person_phone",
                  "operation_person", "operation_person_phone", *_ASSESSMENT,
                  "created_at", "updated_at"]
        read_only_fields = ["id", *_ASSESSMENT, "created_at", "updated_at"]


class MajorHazardUnitSerializer(ModelSerializer):
    source = ScopedPrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=MajorHazard.objects.all())

    class Meta:
        model = MajorHazardUnit
        fields = ["id", "source", "name", "kind", "population_500m", *_ASSESSMENT,
                  "created_at", "updated_at"]
        read_only_fields = ["id", *_ASSESSMENT, "created_at", "updated_at"]


class MajorHazardSubstanceSerializer(ModelSerializer):
    unit = ScopedPrimaryKeyRelatedField(queryset=MajorHazardUnit.objects.all())
    substance = serializers.PrimaryKeyRelatedField(
        queryset=HazardSubstance.objects.all(), allow_null=True, required=False)
    categories = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=HazardCategory.objects.all())
    quantity = serializers.FloatField(min_value=0, max_value=MAX_QUANTITY_T)

    class Meta:
        model = MajorHazardSubstance
        fields = ["id", "unit", "substance", "name", "cas", "categories", "quantity"]
        read_only_fields = ["id"]


class RiskPointSerializer(ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())

    class Meta:
        model = RiskPoint
        fields = ["id", "enterprise", "name", "location", "hazard_factors", "method", "lec_l",
                  "lec_e", "lec_c", "ls_l", "ls_s", "score", "level", "colour",
                  "control_measures", "responsible_person", "responsible_phone", "assessed_on",
                  "created_at", "updated_at"]
        read_only_fields = ["id", "score", "level", "colour", "created_at", "updated_at"]


# --- viewsets -------------------------------------------------------------------------


class ServiceViewSet(ScopedModelViewSet):
    """A scoped viewset whose writes call the module's create/update/delete services."""

    create_service: Any = None
    update_service: Any = None
    delete_service: Any = None

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = type(self).create_service(
            dict(serializer.validated_data), actor=actor_of(self.request))

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = type(self).update_service(
            serializer.instance, dict(serializer.validated_data), actor=actor_of(self.request))

    def perform_destroy(self, instance: Any) -> None:
        type(self).delete_service(instance, actor=actor_of(self.request))


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

    @extend_schema(request=MemberSerializer, responses=MemberSerializer(many=True))
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
        users = User.objects.filter(enterprise_memberships__enterprise=enterprise).order_by("id")
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


# --- self-assessment ------------------------------------------------------------------


class GradeSubstanceSerializer(serializers.Serializer):
    name = serializers.CharField(label="品名", max_length=80)
    quantity = serializers.FloatField(label="最大存在量（吨）", min_value=0,
                                      max_value=MAX_QUANTITY_T)
    categories = serializers.ListField(label="危险性类别", child=serializers.CharField(max_length=8),
                                       required=False, default=list)


class GradeRequestSerializer(serializers.Serializer):
    population_500m = serializers.IntegerField(label="500米范围内人数", min_value=0,
                                               max_value=10_000_000)
    substances = GradeSubstanceSerializer(many=True, allow_empty=False)


@extend_schema(tags=["重大危险源"], request=GradeRequestSerializer)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def grade_view(request: Request) -> Response:
    """Grade a posted list of substances by GB 18218-2018 without saving anything
    (enterprise self-assessment): S, R, α, grade and each substance's q, Q, β."""
    if not may(request.user, MajorHazard, "view"):
        from rest_framework.exceptions import PermissionDenied

        raise PermissionDenied()
    body = GradeRequestSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    data = body.validated_data
    entries = [services.GradeEntry(s["name"].strip(), s["quantity"], tuple(s["categories"]))
               for s in data["substances"]]
    result = services.grade_substances(entries, data["population_500m"])
    return Response({**result.as_dict(), "grade_name": result.grade_name})
