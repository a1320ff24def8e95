"""One FilterSet per model, shared by list pages, the API and exports."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet

from yingji.core.filtersets import IdFilter, RegionCodeFilter, RegionScopedFilterMixin, YearFilter
from yingji.core.models import Industry
from yingji.enforcement.models import (
    AnnualPlan,
    Campaign,
    CampaignQuota,
    Case,
    Conflict,
    DiscretionStandard,
    Document,
    DocumentKind,
    DocumentPrefix,
    Draw,
    DrawPick,
    EnforcementItem,
    Inspection,
    InspectionMethod,
    InspectionSource,
    Inspector,
    Team,
)
from yingji.enforcement.workflow import CASE_FLOW, INSPECTION_FLOW


class InspectorFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="姓名或执法证号", method="search")
    region = RegionCodeFilter(label="执法区域", method="by_region")
    is_active = filters.BooleanFilter(label="在岗")

    class Meta:
        model = Inspector
        fields = ["q", "region", "is_active"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__contains=value) | Q(certificate_number__contains=value))


class TeamFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="小组名称", field_name="name", lookup_expr="contains")
    region = RegionCodeFilter(label="执法区域", method="by_region")

    class Meta:
        model = Team
        fields = ["q", "region"]


class ConflictFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="人员或企业", method="search")

    class Meta:
        model = Conflict
        fields = ["q"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(inspector__name__contains=value)
                               | Q(enterprise__name__contains=value))


class EnforcementItemFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="编码或事项", method="search")

    class Meta:
        model = EnforcementItem
        fields = ["q"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(code__contains=value) | Q(name__contains=value))


class CampaignFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="专项行动名称", field_name="name", lookup_expr="contains")
    plan = IdFilter(label="年度计划", field_name="plan_id")
    year = YearFilter(label="年度", field_name="plan__year")

    class Meta:
        model = Campaign
        fields = ["q", "plan", "year"]


class CampaignQuotaFilterSet(filters.FilterSet):
    campaign = IdFilter(label="专项行动", field_name="campaign_id")
    team = IdFilter(label="执法小组", field_name="team_id")

    class Meta:
        model = CampaignQuota
        fields = ["campaign", "team"]


class DocumentPrefixFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="部门或前缀", method="search")

    class Meta:
        model = DocumentPrefix
        fields = ["q"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(department__name__contains=value) | Q(prefix__contains=value))


class DiscretionStandardFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="编号、违法行为或依据", method="search")

    class Meta:
        model = DiscretionStandard
        fields = ["q"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(code__contains=value) | Q(violation__contains=value)
                               | Q(penalty_basis__contains=value))


class AnnualPlanFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    year = YearFilter(label="年度")
    region = RegionCodeFilter(label="区域", method="by_region")

    class Meta:
        model = AnnualPlan
        fields = ["year", "region"]


class DrawFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="抽查名称", field_name="title", lookup_expr="contains")
    region = RegionCodeFilter(label="区域", method="by_region")
    published = filters.BooleanFilter(label="已公开", field_name="published_at",
                                      lookup_expr="isnull", exclude=True)

    class Meta:
        model = Draw
        fields = ["q", "region", "published"]


class InspectionFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="编号或企业", method="search")
    region = RegionCodeFilter(label="区划", method="by_region")
    enterprise = IdFilter(label="企业ID", field_name="enterprise_id")
    campaign = IdFilter(label="专项行动", field_name="campaign_id")
    source = filters.ChoiceFilter(label="来源", choices=InspectionSource.choices)
    method = filters.ChoiceFilter(label="方式", choices=InspectionMethod.choices)
    industry = filters.ChoiceFilter(label="行业", choices=Industry.choices)
    state = filters.ChoiceFilter(label="状态", choices=list(INSPECTION_FLOW.states.items()))
    inspected_after = filters.DateFilter(label="检查日期从", field_name="inspected_on",
                                         lookup_expr="gte")
    inspected_before = filters.DateFilter(label="至", field_name="inspected_on", lookup_expr="lte")
    mine = filters.BooleanFilter(label="我参加的", method="by_me")

    class Meta:
        model = Inspection
        fields = ["q", "region", "enterprise", "campaign", "source", "method", "industry", "state"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(number__contains=value) | Q(enterprise__name__contains=value))

    def by_me(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        user = getattr(self.request, "user", None)
        if not value or user is None:
            return queryset
        return queryset.filter(inspectors__user=user).distinct()


class CaseFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="编号、案由或当事人", method="search")
    region = RegionCodeFilter(label="区划", method="by_region")
    enterprise = IdFilter(label="企业ID", field_name="enterprise_id")
    state = filters.MultipleChoiceFilter(label="状态", choices=list(CASE_FLOW.states.items()))
    industry = filters.ChoiceFilter(label="行业", choices=Industry.choices)
    is_major = filters.BooleanFilter(label="重大案件")
    filed_after = filters.DateFilter(label="立案日期从", field_name="filed_at__date",
                                     lookup_expr="gte")
    filed_before = filters.DateFilter(label="至", field_name="filed_at__date", lookup_expr="lte")
    mine = filters.BooleanFilter(label="我承办的", method="by_me")

    class Meta:
        model = Case
        fields = ["q", "region", "enterprise", "state", "industry", "is_major"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(number__contains=value) | Q(title__contains=value)
                               | Q(enterprise__name__contains=value))

    def by_me(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        user = getattr(self.request, "user", None)
        if not value or user is None:
            return queryset
        return queryset.filter(officers__user=user).distinct()


class DocumentFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="文书编号", field_name="number", lookup_expr="contains")
    kind = filters.ChoiceFilter(label="种类", choices=DocumentKind.choices)
    year = YearFilter(label="年度")
    region = RegionCodeFilter(label="区域", method="by_region")

    class Meta:
        model = Document
        fields = ["q", "kind", "year", "region"]


class DrawPickFilterSet(filters.FilterSet):
    draw = IdFilter(label="抽查ID", field_name="draw_id")
    q = filters.CharFilter(label="企业", field_name="enterprise__name", lookup_expr="contains")

    class Meta:
        model = DrawPick
        fields = ["draw", "q"]
