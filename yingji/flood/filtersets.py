"""One FilterSet per model, shared by the list pages, the API and the exports."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet

from yingji.core.filtersets import IdFilter, RegionCodeFilter, RegionScopedFilterMixin
from yingji.flood import rules
from yingji.flood.models import (
    EntryStatus,
    FloodLevelRule,
    FloodPoint,
    FloodResponse,
    GaugeLink,
    Grade,
    Household,
    PointKind,
    ResponseState,
    TaskState,
    TransferEntry,
    TransferTask,
    TriggerKind,
)
from yingji.warnings.models import Level


class FloodPointFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="名称、编号或位置", method="search")
    kind = filters.ChoiceFilter(label="类型", choices=PointKind.choices)
    trigger_level = filters.ChoiceFilter(label="转移预警级别", choices=Level.choices)
    region = RegionCodeFilter(label="所在区域", method="by_region")
    active = filters.BooleanFilter(label="在用")
    transferring = filters.BooleanFilter(label="转移中", method="by_transferring")

    class Meta:
        model = FloodPoint
        fields = ["q", "kind", "trigger_level", "region", "active", "transferring"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__contains=value) | Q(code__contains=value)
                               | Q(address__contains=value))

    def by_transferring(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        condition = Q(tasks__state=TaskState.OPEN)
        return (queryset.filter(condition) if value else queryset.exclude(condition)).distinct()


class GaugeLinkFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    point = IdFilter(label="风险点", field_name="point_id")
    region = RegionCodeFilter(label="所在区域", method="by_region")

    class Meta:
        model = GaugeLink
        fields = ["point", "region"]


class HouseholdFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="户主或住址", method="search")
    point = IdFilter(label="风险点", field_name="point_id")
    region = RegionCodeFilter(label="所在区域", method="by_region")
    vulnerable = filters.BooleanFilter(label="有老弱病残孕")
    category = filters.ChoiceFilter(label="必转类别", choices=rules.EIGHT_MUST, method="by_category")

    class Meta:
        model = Household
        fields = ["q", "point", "region", "vulnerable", "category"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(head_name__contains=value) | Q(address__contains=value))

    def by_category(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # JSON containment is not on SQLite; the quoted code inside the list text is.
        return queryset.filter(categories__icontains=f'"{value}"')


class TransferTaskFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    point = IdFilter(label="风险点", field_name="point_id")
    state = filters.ChoiceFilter(label="状态", choices=TaskState.choices)
    trigger = filters.ChoiceFilter(label="启动方式", choices=TriggerKind.choices)
    region = RegionCodeFilter(label="所在区域", method="by_region")
    opened_after = filters.DateFilter(label="启动时间起", field_name="opened_at", lookup_expr="date__gte")
    opened_before = filters.DateFilter(label="启动时间止", field_name="opened_at", lookup_expr="date__lte")

    class Meta:
        model = TransferTask
        fields = ["point", "state", "trigger", "region", "opened_after", "opened_before"]


class TransferEntryFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    task = IdFilter(label="转移任务", field_name="task_id")
    status = filters.ChoiceFilter(label="状态", choices=EntryStatus.choices)
    vulnerable = filters.BooleanFilter(label="有老弱病残孕")
    region = RegionCodeFilter(label="所在区域", method="by_region")

    class Meta:
        model = TransferEntry
        fields = ["task", "status", "vulnerable", "region"]


class FloodResponseFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    state = filters.ChoiceFilter(label="状态", choices=ResponseState.choices)
    grade = filters.ChoiceFilter(label="决定等级", choices=Grade.choices)
    region = RegionCodeFilter(label="响应区域", method="by_region")
    after = filters.DateFilter(label="建议时间起", field_name="suggested_at", lookup_expr="date__gte")
    before = filters.DateFilter(label="建议时间止", field_name="suggested_at", lookup_expr="date__lte")

    class Meta:
        model = FloodResponse
        fields = ["state", "grade", "region", "after", "before"]


class FloodLevelRuleFilterSet(filters.FilterSet):
    grade = filters.ChoiceFilter(label="响应等级", choices=Grade.choices)

    class Meta:
        model = FloodLevelRule
        fields = ["grade"]
