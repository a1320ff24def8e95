"""One FilterSet per resource model, shared by list pages, the API and exports."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet

from yingji.core.filtersets import IdFilter, RegionCodeFilter, RegionScopedFilterMixin
from yingji.resources.models import (
    CommunityProfile,
    Equipment,
    EquipmentCategory,
    EquipmentStatus,
    Expert,
    ExpertEvaluation,
    ExpertTitle,
    MovementKind,
    RescueTeam,
    ReserveStandard,
    RoadNetwork,
    RoadSpeed,
    Shelter,
    ShelterClass,
    ShelterStatus,
    ShelterType,
    StockBatch,
    StockMovement,
    SupplyCategory,
    SupplyItem,
    SupplyProducer,
    TeamKind,
    TeamStatus,
    Transfer,
    TransferStatus,
    Warehouse,
    WarehouseLevel,
)


class _Named(RegionScopedFilterMixin, filters.FilterSet):
    region = RegionCodeFilter(label="所属区划", method="by_region")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__contains=value) | Q(address__contains=value))


class RescueTeamFilterSet(_Named):
    q = filters.CharFilter(label="名称或地址", method="search")
    kind = filters.ChoiceFilter(label="队伍类型", choices=TeamKind.choices)
    status = filters.ChoiceFilter(label="状态", choices=TeamStatus.choices)
    capability = filters.CharFilter(label="救援能力", field_name="capabilities", lookup_expr="contains")

    class Meta:
        model = RescueTeam
        fields = ["q", "kind", "status", "capability", "region"]


class EquipmentFilterSet(_Named):
    q = filters.CharFilter(label="名称或地址", method="search")
    category = filters.ChoiceFilter(label="装备类别", choices=EquipmentCategory.choices)
    status = filters.ChoiceFilter(label="状态", choices=EquipmentStatus.choices)

    class Meta:
        model = Equipment
        fields = ["q", "category", "status", "region"]


class ExpertFilterSet(_Named):
    q = filters.CharFilter(label="姓名或单位", method="search_expert")
    speciality = filters.CharFilter(label="专业领域", field_name="specialities", lookup_expr="contains")
    title = filters.ChoiceFilter(label="职称", choices=ExpertTitle.choices)
    available = filters.BooleanFilter(label="可被调用")
    is_active = filters.BooleanFilter(label="在库")

    class Meta:
        model = Expert
        fields = ["q", "speciality", "title", "available", "is_active", "region"]

    def search_expert(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__contains=value) | Q(organisation__contains=value))


class ExpertEvaluationFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="参与事项", field_name="occasion", lookup_expr="contains")
    expert = IdFilter(label="专家", field_name="expert_id")

    class Meta:
        model = ExpertEvaluation
        fields = ["q", "expert"]


class WarehouseFilterSet(_Named):
    q = filters.CharFilter(label="名称或地址", method="search")
    level = filters.ChoiceFilter(label="级别", choices=WarehouseLevel.choices)

    class Meta:
        model = Warehouse
        fields = ["q", "level", "region"]


class SupplyItemFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="名称或编码", method="search")
    category = filters.ChoiceFilter(label="类别", choices=SupplyCategory.choices)

    class Meta:
        model = SupplyItem
        fields = ["q", "category"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__contains=value) | Q(code__contains=value))


class ReserveStandardFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="物资名称", field_name="item__name", lookup_expr="contains")
    level = filters.ChoiceFilter(label="储备库级别", choices=WarehouseLevel.choices)

    class Meta:
        model = ReserveStandard
        fields = ["q", "level"]


class StockBatchFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="物资或批次号", method="search")
    warehouse = IdFilter(label="储备库", field_name="warehouse_id")
    category = filters.ChoiceFilter(label="类别", choices=SupplyCategory.choices,
                                    field_name="item__category")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    in_stock = filters.BooleanFilter(label="有库存", method="by_in_stock")

    class Meta:
        model = StockBatch
        fields = ["q", "warehouse", "category", "region", "in_stock"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(item__name__contains=value) | Q(batch_no__contains=value))

    def by_in_stock(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(quantity__gt=0) if value else queryset.filter(quantity=0)


class StockMovementFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="物资、批次或事由", method="search")
    kind = filters.ChoiceFilter(label="类型", choices=MovementKind.choices)
    warehouse = IdFilter(label="储备库", field_name="warehouse_id")
    batch = IdFilter(label="批次", field_name="batch_id")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    since = filters.DateFilter(label="起始日期", field_name="time", lookup_expr="date__gte")
    until = filters.DateFilter(label="截止日期", field_name="time", lookup_expr="date__lte")

    class Meta:
        model = StockMovement
        fields = ["q", "kind", "warehouse", "batch", "region", "since", "until"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(batch__item__name__contains=value) | Q(batch__batch_no__contains=value)
                               | Q(reason__contains=value))


class TransferFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="事由", field_name="reason", lookup_expr="contains")
    status = filters.ChoiceFilter(label="状态", choices=TransferStatus.choices)

    class Meta:
        model = Transfer
        fields = ["q", "status"]


class SupplyProducerFilterSet(_Named):
    q = filters.CharFilter(label="名称或产品", method="search_producer")
    contracted = filters.BooleanFilter(label="签订协议储备")

    class Meta:
        model = SupplyProducer
        fields = ["q", "contracted", "region"]

    def search_producer(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__contains=value) | Q(products__contains=value))


class ShelterFilterSet(_Named):
    q = filters.CharFilter(label="名称或地址", method="search")
    shelter_class = filters.ChoiceFilter(label="场所类别", choices=ShelterClass.choices)
    shelter_type = filters.ChoiceFilter(label="场所类型", choices=ShelterType.choices)
    status = filters.ChoiceFilter(label="状态", choices=ShelterStatus.choices)

    class Meta:
        model = Shelter
        fields = ["q", "shelter_class", "shelter_type", "status", "region"]


class CommunityProfileFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="社区名称", field_name="region__name", lookup_expr="contains")
    region = RegionCodeFilter(label="所属区划", method="by_region")

    class Meta:
        model = CommunityProfile
        fields = ["q", "region"]


class RoadSpeedFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="道路等级", field_name="highway", lookup_expr="contains")

    class Meta:
        model = RoadSpeed
        fields = ["q"]


class RoadNetworkFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="名称", field_name="name", lookup_expr="contains")

    class Meta:
        model = RoadNetwork
        fields = ["q"]
