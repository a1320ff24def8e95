"""One FilterSet per model, shared by list pages, the API and exports."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from yingji.core.filtersets import IdFilter, RegionCodeFilter, RegionScopedFilterMixin
from yingji.credit.models import (
    CommitmentKind,
    CommitmentPlan,
    CreditEvent,
    DishonestyEntry,
    EventKind,
    Frequency,
    ListingGround,
    RemovalApplication,
    SafetyCommitment,
    SubjectType,
)
from yingji.credit.workflow import ENTRY_FLOW, REPAIR_FLOW


class CreditEventFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """信用记录: subject, region subtree, enterprise, kind, dates."""

    q = filters.CharFilter(label="主体名称或信用代码", method="search")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    enterprise = IdFilter(label="企业", field_name="enterprise_id")
    kind = filters.ChoiceFilter(label="记录类型", choices=EventKind.choices)
    subject_type = filters.ChoiceFilter(label="主体类型", choices=SubjectType.choices)
    occurred_after = filters.DateFilter(label="发生日期起", field_name="occurred_on", lookup_expr="gte")
    occurred_before = filters.DateFilter(label="发生日期止", field_name="occurred_on", lookup_expr="lte")

    class Meta:
        model = CreditEvent
        fields = ["q", "region", "enterprise", "kind", "subject_type", "occurred_after",
                  "occurred_before"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(subject_name__contains=value) | Q(credit_code__contains=value))


class DishonestyEntryFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """严重失信主体名单: subject, region, state, ground, removal due."""

    q = filters.CharFilter(label="主体名称、信用代码或决定书编号", method="search")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    enterprise = IdFilter(label="企业", field_name="enterprise_id")
    state = filters.ChoiceFilter(label="状态", choices=list(ENTRY_FLOW.states.items()))
    ground = filters.ModelChoiceFilter(label="列入情形", queryset=ListingGround.objects.all())
    remove_before = filters.DateFilter(label="管理期满日不晚于", field_name="remove_on",
                                       lookup_expr="lte")

    class Meta:
        model = DishonestyEntry
        fields = ["q", "region", "enterprise", "state", "ground", "remove_before"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(subject_name__contains=value) | Q(credit_code__contains=value)
                               | Q(number__contains=value))


class RemovalApplicationFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="主体名称", method="search")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    state = filters.ChoiceFilter(label="状态", choices=list(REPAIR_FLOW.states.items()))

    class Meta:
        model = RemovalApplication
        fields = ["q", "region", "state"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(entry__subject_name__contains=value)


class SafetyCommitmentFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="企业名称", method="search")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    enterprise = IdFilter(label="企业", field_name="enterprise_id")
    kind = filters.ChoiceFilter(label="承诺类型", choices=CommitmentKind.choices)
    day = filters.DateFilter(label="承诺日期")

    class Meta:
        model = SafetyCommitment
        fields = ["q", "region", "enterprise", "kind", "day"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(enterprise__name__contains=value)


MISSING = (("today", "今日未签署承诺"),)


class CommitmentPlanFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="企业名称", method="search")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    frequency = filters.ChoiceFilter(label="承诺频次", choices=Frequency.choices)
    missing = filters.ChoiceFilter(label="签署情况", choices=MISSING, method="by_missing")

    class Meta:
        model = CommitmentPlan
        fields = ["q", "region", "frequency", "missing", "active"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(enterprise__name__contains=value)

    def by_missing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from yingji.credit.services.commitments import missing_enterprise_ids

        return queryset.filter(enterprise_id__in=missing_enterprise_ids(queryset, timezone.localdate()))


class ListingGroundFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="列入情形", method="search")
    active = filters.BooleanFilter(label="启用")

    class Meta:
        model = ListingGround
        fields = ["q", "active"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__contains=value) | Q(code__contains=value))
