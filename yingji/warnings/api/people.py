"""API of the responsible-person directory (责任人名录). Thin: writes go through the
directory services."""

from __future__ import annotations

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from yingji.core.api.fields import PersonalDataField, RegionField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ServiceViewSet
from yingji.warnings.filtersets import ResponsiblePersonFilterSet
from yingji.warnings.models import ResponsiblePerson, WarningType
from yingji.warnings.services import directory


class ResponsiblePersonSerializer(ModelSerializer):
    """A directory entry; ``region`` is a region code, ``hazard_types`` warning-type
    codes (none: every hazard)."""

    region = RegionField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    hazard_types = serializers.SlugRelatedField(slug_field="code", many=True, required=False,
                                                queryset=WarningType.objects.all())
    phone = PersonalDataField(kind="phone", max_length=20, validators=[RegexValidator(
        r"^1\d{10}$|^0\d{2,3}-?\d{7,8}$", message="请输入有效的手机号或固定电话")])

    class Meta:
        model = ResponsiblePerson
        fields = ["id", "name", "phone", "email", "region", "region_name", "role", "tier",
                  "hazard_types", "position", "organisation", "published", "active",
                  "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


@extend_schema(tags=["预警发布"])
class ResponsiblePersonViewSet(ServiceViewSet):
    """The responsible-person directory in the caller's scope."""

    queryset = ResponsiblePerson.objects.none()
    serializer_class = ResponsiblePersonSerializer
    filterset_class = ResponsiblePersonFilterSet
    select_related = ("region",)
    prefetch_related = ("hazard_types",)
    ordering_fields = ["name", "region", "id"]
    ordering = ["region", "id"]

    create_service = staticmethod(directory.create_person)
    update_service = staticmethod(directory.update_person)
    delete_service = staticmethod(directory.delete_person)
