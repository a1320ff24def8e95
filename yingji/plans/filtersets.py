"""One FilterSet per model, shared by list pages, the API and exports."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet

from yingji.core.filtersets import IdFilter, RegionCodeFilter, RegionScopedFilterMixin
from yingji.incidents import rules as incident_rules
from yingji.plans.models import (
    DRILL_STATES,
    PLAN_STATES,
    Drill,
    DrillFinding,
    DrillKind,
    Plan,
    PlanActivation,
    PlanKind,
    PlanLevel,
)


class PlanFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """应急预案: name, region subtree, kind, level, category, state, 文号."""

    q = filters.CharFilter(label="名称、编制单位或文号", method="search")
    region = RegionCodeFilter(label="适用区划", method="by_region")
    kind = filters.ChoiceFilter(label="预案类别", choices=PlanKind.choices)
    level = filters.ChoiceFilter(label="预案层级", choices=PlanLevel.choices)
    category = filters.ChoiceFilter(label="事件类别", choices=incident_rules.CATEGORIES)
    state = filters.ChoiceFilter(label="状态", choices=list(PLAN_STATES.items()))
    enterprise = IdFilter(label="企业", field_name="enterprise_id")

    class Meta:
        model = Plan
        fields = ["q", "region", "kind", "level", "category", "state", "enterprise"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__contains=value) | Q(owner_unit__contains=value)
                               | Q(doc_number__contains=value))


class PlanActivationFilterSet(filters.FilterSet):
    """预案启动记录: incident and plan."""

    incident = IdFilter(label="事件", field_name="incident_id")
    plan = IdFilter(label="预案", field_name="plan_id")

    class Meta:
        model = PlanActivation
        fields = ["incident", "plan"]


class DrillFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """应急演练: name, region subtree, kind, state, plan, year."""

    q = filters.CharFilter(label="名称或组织单位", method="search")
    region = RegionCodeFilter(label="演练区划", method="by_region")
    kind = filters.ChoiceFilter(label="演练形式", choices=DrillKind.choices)
    state = filters.ChoiceFilter(label="状态", choices=list(DRILL_STATES.items()))
    plan = IdFilter(label="预案", field_name="plan_id")
    year = filters.ChoiceFilter(label="年度", method="by_year",
                                choices=[(str(y), f"{y}年") for y in range(2015, 2036)])

    class Meta:
        model = Drill
        fields = ["q", "region", "kind", "state", "plan", "year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__contains=value) | Q(organiser__contains=value))

    def by_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(planned_on__year=int(value))


class DrillFindingFilterSet(filters.FilterSet):
    """演练问题: drill and state."""

    drill = IdFilter(label="演练", field_name="drill_id")
    state = filters.ChoiceFilter(label="状态", choices=[("open", "整改中"), ("closed", "已整改")])

    class Meta:
        model = DrillFinding
        fields = ["drill", "state"]
