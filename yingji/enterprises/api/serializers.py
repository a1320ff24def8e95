"""Serializers of the enterprise registry's API: the file, its rows, the accounts and
the self-assessment request."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from yingji.core.api.fields import RegionField, ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.models import Department, User
from yingji.enterprises.access import own_enterprise
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


class OwnEnterpriseDefault:
    """The enterprise of a row an enterprise account creates without naming one: its
    own (when it has exactly one); everyone else must name it."""

    requires_context = True

    def __call__(self, field: serializers.Field) -> Enterprise:
        request = field.context.get("request")
        own = own_enterprise(getattr(request, "user", None))
        if own is None:
            raise serializers.ValidationError("该字段是必填项。", code="required")
        return own

    def __repr__(self) -> str:
        return "OwnEnterpriseDefault()"


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
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(),
                                              default=OwnEnterpriseDefault())
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Licence
        fields = ["id", "enterprise", "kind", "kind_display", "number", "scope_text", "issuer",
                  "issued_on", "expires_on", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


_ASSESSMENT = ["s_value", "r_value", "alpha", "is_major", "grade", "working"]


class MajorHazardSerializer(ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(),
                                              default=OwnEnterpriseDefault())

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
    substance_name = serializers.CharField(
        source="substance.name", read_only=True, default=None,
        help_text="the 表1 entry the substance resolved to (null: classified by 表2)")

    class Meta:
        model = MajorHazardSubstance
        fields = ["id", "unit", "substance", "substance_name", "name", "cas", "categories",
                  "quantity"]
        read_only_fields = ["id"]


class RiskPointSerializer(ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(),
                                              default=OwnEnterpriseDefault())

    class Meta:
        model = RiskPoint
        fields = ["id", "enterprise", "name", "location", "hazard_factors", "method", "lec_l",
                  "lec_e", "lec_c", "ls_l", "ls_s", "score", "level", "colour",
                  "control_measures", "responsible_person", "responsible_phone", "assessed_on",
                  "created_at", "updated_at"]
        read_only_fields = ["id", "score", "level", "colour", "created_at", "updated_at"]


class GradeSubstanceSerializer(serializers.Serializer):
    """One substance to grade: its name (the 表1 name, an alias or trade name, or a CAS
    number) and/or ``cas``; ``categories`` (表2 codes) for one not in 表1."""

    name = serializers.CharField(label="品名", max_length=80, required=False, allow_blank=True,
                                 default="")
    cas = serializers.CharField(label="CAS号", max_length=40, required=False, allow_blank=True,
                                default="")
    quantity = serializers.FloatField(label="最大存在量（吨）", min_value=0,
                                      max_value=MAX_QUANTITY_T)
    categories = serializers.ListField(label="危险性类别", child=serializers.CharField(max_length=8),
                                       required=False, default=list)


    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("name", "").strip() and not attrs.get("cas", "").strip():
            raise serializers.ValidationError({"name": "请填写品名或CAS号"})
        return attrs


class GradeRequestSerializer(serializers.Serializer):
    population_500m = serializers.IntegerField(label="500米范围内人数", min_value=0,
                                               max_value=10_000_000)
    substances = GradeSubstanceSerializer(many=True, allow_empty=False)
