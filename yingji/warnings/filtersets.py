"""One FilterSet per model, shared by list pages, the API and exports."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet

from yingji.core.filtersets import RegionCodeFilter, RegionScopedFilterMixin
from yingji.core.personal.fields import matches
from yingji.warnings.models import Bulletin, DutyRole, Level, ResponsiblePerson, Tier, WarningType
from yingji.warnings.workflow import BULLETIN_FLOW


class BulletinFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """预警信息: title search, issuing-region subtree, type, level, state."""

    q = filters.CharFilter(label="标题或内容", method="search")
    region = RegionCodeFilter(label="发布区域", method="by_region")
    warning_type = filters.ModelChoiceFilter(label="预警类型", queryset=WarningType.objects.all())
    level = filters.ChoiceFilter(label="预警级别", choices=Level.choices)
    state = filters.ChoiceFilter(label="状态", choices=list(BULLETIN_FLOW.states.items()))

    class Meta:
        model = Bulletin
        fields = ["q", "region", "warning_type", "level", "state"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__contains=value) | Q(content__contains=value))


class ResponsiblePersonFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """责任人: name or phone, region subtree, duty role, tier, hazard type, published."""

    q = filters.CharFilter(label="姓名或完整手机号", method="search")
    region = RegionCodeFilter(label="责任区域", method="by_region")
    role = filters.ChoiceFilter(label="责任类别", choices=DutyRole.choices)
    tier = filters.ChoiceFilter(label="层级", choices=Tier.choices)
    hazard_type = filters.ModelChoiceFilter(label="负责灾种", queryset=WarningType.objects.all(),
                                            method="by_hazard")
    published = filters.BooleanFilter(label="向社会公布")

    class Meta:
        model = ResponsiblePerson
        fields = ["q", "region", "role", "tier", "hazard_type", "published"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The phone is encrypted: found by its blind index, the whole number only.
        return queryset.filter(Q(name__contains=value) | matches(queryset.model, "phone", value))

    def by_hazard(self, queryset: QuerySet, name: str, value: WarningType) -> QuerySet:
        return queryset.filter(Q(hazard_types=value) | Q(hazard_types=None)).distinct()
