"""One FilterSet per model, shared by list pages, the API and exports."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet

from yingji.core.filtersets import IdFilter, RegionCodeFilter, RegionScopedFilterMixin
from yingji.disasters.models import (
    CasualtyRecord,
    CasualtyStatus,
    DamageDegree,
    DamagedHouse,
    DisasterEvent,
    DisasterGrade,
    DisasterKind,
    DisasterReport,
    Donation,
    DonationKind,
    EventState,
    PlanTier,
    ReliefCase,
    ReliefCategory,
    ReportKind,
    ResponseThreshold,
    TwelveHourCheck,
    WinterSpringPlan,
)
from yingji.disasters.workflow import RELIEF_FLOW, REPORT_FLOW


class DisasterEventFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="灾害名称", field_name="title", lookup_expr="icontains")
    region = RegionCodeFilter(label="区划", method="by_region")
    kind = filters.ChoiceFilter(label="灾种", choices=DisasterKind.choices)
    grade = filters.ChoiceFilter(label="初判等级", choices=DisasterGrade.choices)
    state = filters.ChoiceFilter(label="状态", choices=EventState.choices)

    class Meta:
        model = DisasterEvent
        fields = ["q", "region", "kind", "grade", "state"]


class DisasterReportFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="村（社区）", field_name="region__name", lookup_expr="icontains")
    region = RegionCodeFilter(label="区划", method="by_region")
    event = IdFilter(label="灾害", field_name="event_id")
    kind = filters.ChoiceFilter(label="报告类型", choices=ReportKind.choices)
    state = filters.ChoiceFilter(label="状态", choices=list(REPORT_FLOW.states.items()))
    late = filters.BooleanFilter(label="迟报", field_name="late")
    mine = filters.BooleanFilter(label="我填报的", method="by_mine")
    flagged = filters.BooleanFilter(label="有数据提示", method="by_flagged")

    class Meta:
        model = DisasterReport
        fields = ["q", "region", "event", "kind", "state", "late", "mine", "flagged"]

    def by_mine(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        user = getattr(self.request, "user", None)
        return queryset.filter(submitted_by_id=getattr(user, "pk", None)) if value else queryset

    def by_flagged(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if value is None:
            return queryset
        return queryset.exclude(flags=[]) if value else queryset.filter(flags=[])


class CasualtyRecordFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="姓名", field_name="name", lookup_expr="icontains")
    region = RegionCodeFilter(label="区划", method="by_region")
    event = IdFilter(label="灾害", field_name="event_id")
    status = filters.ChoiceFilter(label="类别", choices=CasualtyStatus.choices)

    class Meta:
        model = CasualtyRecord
        fields = ["q", "region", "event", "status"]


class DamagedHouseFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="户主", field_name="head_name", lookup_expr="icontains")
    region = RegionCodeFilter(label="区划", method="by_region")
    event = IdFilter(label="灾害", field_name="event_id")
    degree = filters.ChoiceFilter(label="损坏程度", choices=DamageDegree.choices)

    class Meta:
        model = DamagedHouse
        fields = ["q", "region", "event", "degree"]


class ReliefCaseFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="户主", method="search")
    region = RegionCodeFilter(label="区划", method="by_region")
    event = IdFilter(label="灾害", field_name="event_id")
    category = filters.ChoiceFilter(label="救助类别", choices=ReliefCategory.choices)
    state = filters.ChoiceFilter(label="环节", choices=list(RELIEF_FLOW.states.items()))

    class Meta:
        model = ReliefCase
        fields = ["q", "region", "event", "category", "state"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(head_name__icontains=value))


class TwelveHourCheckFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    region = RegionCodeFilter(label="区划", method="by_region")
    event = IdFilter(label="灾害", field_name="event_id")
    done = filters.BooleanFilter(
        label="已全部落实", field_name="completed_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = TwelveHourCheck
        fields = ["region", "event", "done"]


class ResponseThresholdFilterSet(filters.FilterSet):
    tier = filters.ChoiceFilter(label="预案", choices=PlanTier.choices)

    class Meta:
        model = ResponseThreshold
        fields = ["tier"]


class WinterSpringPlanFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    region = RegionCodeFilter(label="区划", method="by_region")
    season = filters.CharFilter(label="救助年度", lookup_expr="icontains")

    class Meta:
        model = WinterSpringPlan
        fields = ["region", "season"]


class DonationFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="捐赠方", field_name="donor", lookup_expr="icontains")
    region = RegionCodeFilter(label="区划", method="by_region")
    event = IdFilter(label="灾害", field_name="event_id")
    kind = filters.ChoiceFilter(label="类型", choices=DonationKind.choices)

    class Meta:
        model = Donation
        fields = ["q", "region", "event", "kind"]
