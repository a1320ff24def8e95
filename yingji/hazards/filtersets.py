"""One FilterSet per model, shared by list pages, the API and exports."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from yingji.core.filtersets import IdFilter, RegionCodeFilter, RegionScopedFilterMixin
from yingji.core.models import Industry
from yingji.hazards.models import (
    Checklist,
    ExtensionRequest,
    ExtensionStatus,
    Hazard,
    HazardCategory,
    HazardGrade,
    HazardSource,
    ListingLevel,
    SelfInspection,
)
from yingji.hazards.models.hazards import OPEN_STATES
from yingji.hazards.workflow import HAZARD_FLOW


def _start(day: datetime | None) -> datetime | None:
    return None if day is None else timezone.make_aware(datetime.combine(day, time.min))


class HazardFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """隐患: text, region subtree, enterprise, source, grade, category, industry, state,
    listing, overdue, 企业自行销号, discovery date range."""

    q = filters.CharFilter(label="编号、名称或企业", method="search")
    region = RegionCodeFilter(label="区划", method="by_region")
    enterprise = IdFilter(label="企业ID", field_name="enterprise_id")
    source = filters.ChoiceFilter(label="来源", choices=HazardSource.choices)
    grade = filters.ChoiceFilter(label="等级", choices=HazardGrade.choices)
    category = filters.ChoiceFilter(label="类别", choices=HazardCategory.choices)
    industry = filters.ChoiceFilter(label="行业", choices=Industry.choices)
    state = filters.ChoiceFilter(label="状态", choices=list(HAZARD_FLOW.states.items()))
    listed = filters.ChoiceFilter(label="挂牌督办", method="by_listed", choices=[
        ("any", "已挂牌（市级和区县级）"), *[c for c in ListingLevel.choices if c[0]]])
    overdue = filters.BooleanFilter(label="已逾期", method="by_overdue")
    mine = filters.BooleanFilter(label="待我整改", method="by_mine")
    self_closed = filters.BooleanFilter(label="企业自行销号", field_name="self_closed")
    found_from = filters.DateFilter(label="发现日期起", method="by_found_from",
                                    widget=forms.DateInput(attrs={"type": "date"}))
    found_to = filters.DateFilter(label="发现日期止", method="by_found_to",
                                  widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Hazard
        fields = ["q", "region", "enterprise", "source", "grade", "category", "industry",
                  "state", "listed", "overdue", "mine", "self_closed", "found_from",
                  "found_to"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(number=value) | Q(title__contains=value)
                               | Q(enterprise__name__contains=value)
                               | Q(place_name__contains=value))

    def by_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = Q(state__in=OPEN_STATES, deadline__lt=timezone.now())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def by_listed(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "any":
            return queryset.exclude(listed_level="")
        return queryset.filter(listed_level=value)

    def by_mine(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        user = getattr(self.request, "user", None)
        if not value or user is None:
            return queryset
        return queryset.filter(responsible_id=user.pk, state__in=OPEN_STATES)

    def by_found_from(self, queryset: QuerySet, name: str, value: datetime) -> QuerySet:
        return queryset.filter(found_at__gte=_start(value))

    def by_found_to(self, queryset: QuerySet, name: str, value: datetime) -> QuerySet:
        start = _start(value)
        assert start is not None
        return queryset.filter(found_at__lt=start + timedelta(days=1))


class ExtensionRequestFilterSet(filters.FilterSet):
    """延期申请: status."""

    q = filters.CharFilter(label="隐患名称", field_name="hazard__title", lookup_expr="contains")
    status = filters.ChoiceFilter(label="审批状态", choices=ExtensionStatus.choices)

    class Meta:
        model = ExtensionRequest
        fields = ["q", "status"]


class ChecklistFilterSet(filters.FilterSet):
    """排查清单: name, industry, active."""

    q = filters.CharFilter(label="名称", field_name="name", lookup_expr="contains")
    industry = filters.ChoiceFilter(label="适用行业", choices=Industry.choices)
    active = filters.BooleanFilter(label="启用")

    class Meta:
        model = Checklist
        fields = ["q", "industry", "active"]


class SelfInspectionFilterSet(filters.FilterSet):
    """企业自查: enterprise name, enterprise id, date range."""

    q = filters.CharFilter(label="企业名称", field_name="enterprise__name", lookup_expr="contains")
    enterprise = IdFilter(label="企业ID", field_name="enterprise_id")
    inspected_from = filters.DateFilter(label="排查日期起", field_name="inspected_at",
                                        lookup_expr="date__gte")
    inspected_to = filters.DateFilter(label="排查日期止", field_name="inspected_at",
                                      lookup_expr="date__lte")

    class Meta:
        model = SelfInspection
        fields = ["q", "enterprise", "inspected_from", "inspected_to"]
