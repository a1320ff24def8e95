"""One FilterSet per model, shared by list pages, the API, exports and the map."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from yingji.core.filtersets import IdFilter, RegionCodeFilter, RegionScopedFilterMixin
from yingji.core.models import Industry
from yingji.enterprises.access import drop_government_filters
from yingji.enterprises.models import (
    AlphaBand,
    AssessmentMethod,
    Enterprise,
    EnterpriseStatus,
    HazardCategory,
    HazardSubstance,
    Licence,
    LicenceKind,
    MajorHazard,
    MajorHazardSubstance,
    MajorHazardUnit,
    RiskBand,
    RiskColour,
    RiskPoint,
    SubIndustry,
    SupervisionClass,
    UnitKind,
)
from yingji.enterprises.models.hazards import GRADE_CHOICES

LICENCE_SOON_DAYS = 30


class EnterpriseAudienceMixin:
    """An enterprise account's lists carry no government filters (企业, 区划)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        drop_government_filters(self)

LICENCE_VALIDITY_CHOICES = [("valid", "有效"), ("soon", f"{LICENCE_SOON_DAYS}天内到期"),
                            ("expired", "已过期")]
GRADE_FILTER_CHOICES = [*((str(k), v) for k, v in GRADE_CHOICES), ("none", "无重大危险源")]
COLOUR_FILTER_CHOICES = [*RiskColour.choices, ("none", "未评估")]


class EnterpriseFilterSet(EnterpriseAudienceMixin, RegionScopedFilterMixin, filters.FilterSet):
    """企业: region subtree, industry, class, colour, major hazard grade, status."""

    q = filters.CharFilter(label="企业名称或信用代码", method="search")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    industry = filters.ChoiceFilter(label="行业类别", choices=Industry.choices)
    sub_industry = filters.ChoiceFilter(label="行业细类", choices=SubIndustry.choices)
    supervision_class = filters.ModelChoiceFilter(
        label="监管类别", queryset=SupervisionClass.objects.all())
    risk_colour = filters.ChoiceFilter(label="风险等级", choices=COLOUR_FILTER_CHOICES,
                                       method="by_colour")
    major_hazard_grade = filters.ChoiceFilter(label="重大危险源等级", choices=GRADE_FILTER_CHOICES,
                                              method="by_grade")
    status = filters.ChoiceFilter(label="经营状态", choices=EnterpriseStatus.choices)

    class Meta:
        model = Enterprise
        fields = ["q", "region", "industry", "sub_industry", "supervision_class", "risk_colour",
                  "major_hazard_grade", "status"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if len(value) == 18 and value.isalnum():
            return queryset.filter(credit_code=value.upper())
        return queryset.filter(Q(name__contains=value) | Q(credit_code__startswith=value.upper()))

    def by_colour(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(risk_colour="" if value == "none" else value)

    def by_grade(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "none":
            return queryset.filter(major_hazard_grade__isnull=True)
        return queryset.filter(major_hazard_grade=int(value))


class LicenceFilterSet(EnterpriseAudienceMixin, RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="证书编号或企业", method="search")
    # Links from an enterprise's file narrow the list to it; not a field a person types.
    enterprise = IdFilter(label="企业", field_name="enterprise_id",
                                      widget=forms.HiddenInput)
    kind = filters.ChoiceFilter(label="许可证类别", choices=LicenceKind.choices)
    region = RegionCodeFilter(label="所属区划", method="by_region")
    expires_before = filters.DateFilter(label="有效期至（不晚于）", field_name="expires_on",
                                        lookup_expr="lte",
                                        widget=forms.DateInput(attrs={"type": "date"}))
    validity = filters.ChoiceFilter(label="有效状态", method="by_validity",
                                    choices=LICENCE_VALIDITY_CHOICES)

    class Meta:
        model = Licence
        fields = ["q", "enterprise", "kind", "region", "validity", "expires_before"]

    def by_validity(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        soon = today + timedelta(days=LICENCE_SOON_DAYS)
        if value == "expired":
            return queryset.filter(expires_on__lt=today)
        if value == "soon":
            return queryset.filter(expires_on__gte=today, expires_on__lte=soon)
        return queryset.filter(expires_on__gt=soon)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(number__contains=value) | Q(enterprise__name__contains=value))


class MajorHazardFilterSet(EnterpriseAudienceMixin, RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="名称或企业", method="search")
    enterprise = IdFilter(label="企业", field_name="enterprise_id")
    grade = filters.ChoiceFilter(label="等级", choices=GRADE_CHOICES)
    region = RegionCodeFilter(label="所属区划", method="by_region")

    class Meta:
        model = MajorHazard
        fields = ["q", "enterprise", "grade", "region"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__contains=value) | Q(enterprise__name__contains=value))


class MajorHazardUnitFilterSet(EnterpriseAudienceMixin, RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="单元名称", field_name="name", lookup_expr="contains")
    source = IdFilter(label="重大危险源", field_name="source_id")
    kind = filters.ChoiceFilter(label="单元类型", choices=UnitKind.choices)
    grade = filters.ChoiceFilter(label="等级", choices=GRADE_CHOICES)
    region = RegionCodeFilter(label="所属区划", method="by_region")

    class Meta:
        model = MajorHazardUnit
        fields = ["q", "source", "kind", "grade", "region"]


class MajorHazardSubstanceFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="品名", method="search")
    unit = IdFilter(label="单元", field_name="unit_id")

    class Meta:
        model = MajorHazardSubstance
        fields = ["q", "unit"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__contains=value) | Q(substance__name__contains=value))


class RiskPointFilterSet(EnterpriseAudienceMixin, RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="风险点或企业", method="search")
    enterprise = IdFilter(label="企业", field_name="enterprise_id")
    colour = filters.ChoiceFilter(label="风险颜色", choices=RiskColour.choices)
    region = RegionCodeFilter(label="所属区划", method="by_region")

    class Meta:
        model = RiskPoint
        fields = ["q", "enterprise", "colour", "region"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__contains=value) | Q(enterprise__name__contains=value))


# --- reference tables -----------------------------------------------------------------


class HazardCategoryFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="代码或类别", method="search")

    class Meta:
        model = HazardCategory
        fields = ["q", "code"]

    code = filters.CharFilter(label="类别代码", widget=forms.HiddenInput)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(code__icontains=value) | Q(name__contains=value))


class HazardSubstanceFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="品名、别名或CAS号", method="search")
    category = filters.ModelChoiceFilter(label="危险性类别", queryset=HazardCategory.objects.all())
    # Exact look-ups for API clients; the page searches with ``q``.
    name = filters.CharFilter(label="品名", widget=forms.HiddenInput)
    cas = filters.CharFilter(label="CAS号", widget=forms.HiddenInput)

    class Meta:
        model = HazardSubstance
        fields = ["q", "category", "name", "cas"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__contains=value) | Q(aliases__contains=value)
                               | Q(cas__icontains=value))


class AlphaBandFilterSet(filters.FilterSet):
    class Meta:
        model = AlphaBand
        fields: list[str] = []


class RiskBandFilterSet(filters.FilterSet):
    method = filters.ChoiceFilter(label="评价方法", choices=AssessmentMethod.choices)

    class Meta:
        model = RiskBand
        fields = ["method"]


class SupervisionClassFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="代码或名称", method="search")

    class Meta:
        model = SupervisionClass
        fields = ["q"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(code__icontains=value) | Q(name__contains=value))
