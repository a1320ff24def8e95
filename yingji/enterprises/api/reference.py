"""API of the reference tables: everyone with the permission reads them; city-wide
staff write them through ``services.reference`` (which regrades what depends on them)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.serializers import ModelSerializer

from yingji.core.api.viewsets import ServiceViewSet, actor_of
from yingji.enterprises import filtersets as fs
from yingji.enterprises.models import (
    AlphaBand,
    HazardCategory,
    HazardSubstance,
    RiskBand,
    SupervisionClass,
)
from yingji.enterprises.services import reference as refs


class HazardCategorySerializer(ModelSerializer):
    class Meta:
        model = HazardCategory
        fields = ["id", "code", "name", "critical_quantity", "beta", "sort_order"]


class HazardSubstanceSerializer(ModelSerializer):
    category: Any = serializers.SlugRelatedField(
        slug_field="code", queryset=HazardCategory.objects.all(), required=False, allow_null=True)

    class Meta:
        model = HazardSubstance
        fields = ["id", "name", "aliases", "cas", "critical_quantity", "toxic_beta", "category",
                  "sort_order"]


class AlphaBandSerializer(ModelSerializer):
    class Meta:
        model = AlphaBand
        fields = ["id", "min_population", "alpha", "label"]


class RiskBandSerializer(ModelSerializer):
    class Meta:
        model = RiskBand
        fields = ["id", "method", "minimum", "inclusive", "level", "colour"]


class SupervisionClassSerializer(ModelSerializer):
    class Meta:
        model = SupervisionClass
        fields = ["id", "code", "name", "description", "inspections_per_year", "sort_order"]


class ReferenceViewSet(ServiceViewSet):
    """Reads for everyone with the permission; writes regrade through the services."""

    update_service = staticmethod(refs.update_reference)
    delete_service = staticmethod(refs.delete_reference)

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        # The one service for every table takes the table as its first argument.
        serializer.instance = refs.create_reference(
            self.scoped_model, dict(serializer.validated_data), actor=actor_of(self.request))


@extend_schema(tags=["重大危险源"])
class HazardCategoryViewSet(ReferenceViewSet):
    """GB 18218-2018 表2/表4: hazard categories with Q and β."""

    queryset = HazardCategory.objects.none()
    serializer_class = HazardCategorySerializer
    filterset_class = fs.HazardCategoryFilterSet
    ordering = ["sort_order", "code"]


@extend_schema(tags=["重大危险源"])
class HazardSubstanceViewSet(ReferenceViewSet):
    """GB 18218-2018 表1/表3: named substances with CAS number, Q and β."""

    queryset = HazardSubstance.objects.none()
    serializer_class = HazardSubstanceSerializer
    filterset_class = fs.HazardSubstanceFilterSet
    select_related = ("category",)
    ordering_fields = ["name", "cas", "critical_quantity", "id"]
    ordering = ["sort_order", "name"]


@extend_schema(tags=["重大危险源"])
class AlphaBandViewSet(ReferenceViewSet):
    """GB 18218-2018 表5: α by the population within 500 m."""

    queryset = AlphaBand.objects.none()
    serializer_class = AlphaBandSerializer
    filterset_class = fs.AlphaBandFilterSet
    ordering = ["-min_population"]


@extend_schema(tags=["企业档案"])
class RiskBandViewSet(ReferenceViewSet):
    """Risk score bands of the LEC and LS methods (province's cut-offs)."""

    queryset = RiskBand.objects.none()
    serializer_class = RiskBandSerializer
    filterset_class = fs.RiskBandFilterSet
    ordering = ["method", "-minimum"]


@extend_schema(tags=["企业档案"])
class SupervisionClassViewSet(ReferenceViewSet):
    """Supervision classes (分级分类)."""

    queryset = SupervisionClass.objects.none()
    serializer_class = SupervisionClassSerializer
    filterset_class = fs.SupervisionClassFilterSet
    ordering = ["sort_order", "code"]
