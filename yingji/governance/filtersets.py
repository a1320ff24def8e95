"""One FilterSet per model, shared by the list pages, the API and the exports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters as filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from yingji.core.filtersets import IdFilter, RegionCodeFilter, RegionScopedFilterMixin
from yingji.governance import rules
from yingji.governance.models import (
    STYLE_CHOICES,
    Consultation,
    ConsultationKind,
    ConsultationStatus,
    Indicator,
    IndicatorEntry,
    IndicatorKind,
    IndicatorTarget,
    Node,
    ProgressReport,
    Supervision,
    WorkItem,
    WorkPlan,
)


def node_condition(status: str, today: Any, prefix: str = "") -> Q:
    """The nodes in ``status`` on ``today`` as a condition (``rules.node_status``)."""
    p = prefix
    open_ = Q(**{f"{p}done_on__isnull": True})
    return {
        rules.DONE: Q(**{f"{p}done_on__isnull": False}),
        rules.LATE: open_ & Q(**{f"{p}due__lt": today}),
        rules.ON_TIME: open_ & Q(**{f"{p}due__gte": today, f"{p}reported_at__isnull": False}),
        rules.NOT_STARTED: open_ & Q(**{f"{p}due__gte": today, f"{p}reported_at__isnull": True}),
    }[status]


def item_condition(status: str, today: Any) -> Q:
    """The items in ``status`` (``rules.item_status``) through their nodes."""
    nodes = Node.objects.filter(item=OuterRef("pk"))
    has_node = Exists(nodes)
    late = Exists(nodes.filter(node_condition(rules.LATE, today)))
    open_ = Exists(nodes.filter(done_on__isnull=True))
    moved = Exists(nodes.filter(Q(done_on__isnull=False) | Q(reported_at__isnull=False)))
    conditions: dict[str, Any] = {
        rules.DONE: has_node & ~open_,
        rules.LATE: late,
        rules.ON_TIME: open_ & ~late & moved,
        rules.NOT_STARTED: ~has_node | (~late & ~moved),
    }
    return Q(conditions[status])


class WorkPlanFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="名称、文号或印发单位", method="search")
    year = filters.NumberFilter(label="年度")
    region = RegionCodeFilter(label="区划", method="by_region")

    class Meta:
        model = WorkPlan
        fields = ["q", "year", "region"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__contains=value) | Q(doc_number__contains=value)
                               | Q(issuer__contains=value))


class WorkItemFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="事项或内容", method="search")
    plan = IdFilter(label="工作计划", field_name="plan_id")
    style = filters.ChoiceFilter(label="编号层级", choices=STYLE_CHOICES)
    department = filters.CharFilter(label="牵头或配合单位", method="by_department")
    region = RegionCodeFilter(label="责任区域", method="by_region")
    status = filters.ChoiceFilter(label="推进情况", choices=rules.STATUSES, method="by_status")
    supervised = filters.BooleanFilter(label="已督办", method="by_supervised")

    class Meta:
        model = WorkItem
        fields = ["q", "plan", "style", "department", "region", "status", "supervised"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__contains=value) | Q(body__contains=value))

    def by_department(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(lead_department__contains=value) | Q(co_departments__contains=value))

    def by_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(item_condition(value, timezone.localdate()))

    def by_supervised(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        found = Exists(Supervision.objects.filter(item=OuterRef("pk")))
        return queryset.filter(found if value else ~found)


class NodeFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="节点任务", field_name="title", lookup_expr="contains")
    plan = IdFilter(label="工作计划", field_name="item__plan_id")
    item = IdFilter(label="工作事项", field_name="item_id")
    owner = IdFilter(label="责任人", field_name="owner_id")
    mine = filters.BooleanFilter(label="本人负责", method="by_mine")
    region = RegionCodeFilter(label="责任区域", method="by_region")
    status = filters.ChoiceFilter(label="推进情况", choices=rules.STATUSES, method="by_status")
    due_within = filters.NumberFilter(label="N日内到期", method="by_due_within", min_value=0,
                                      max_value=366)
    due_after = filters.DateFilter(label="时限起", field_name="due", lookup_expr="gte")
    due_before = filters.DateFilter(label="时限止", field_name="due", lookup_expr="lte")

    class Meta:
        model = Node
        fields = ["q", "plan", "item", "owner", "mine", "region", "status", "due_within",
                  "due_after", "due_before"]

    def by_mine(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        user = getattr(self.request, "user", None)
        if not value or user is None:
            return queryset
        return queryset.filter(owner_id=user.pk)

    def by_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(node_condition(value, timezone.localdate()))

    def by_due_within(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        today = timezone.localdate()
        return queryset.filter(done_on__isnull=True, due__gte=today,
                               due__lte=today + timedelta(days=int(value)))


class ProgressReportFilterSet(filters.FilterSet):
    node = IdFilter(label="工作节点", field_name="node_id")
    done = filters.BooleanFilter(label="已完成")

    class Meta:
        model = ProgressReport
        fields = ["node", "done"]


class SupervisionFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="编号或要求", method="search")
    plan = IdFilter(label="工作计划", field_name="item__plan_id")
    item = IdFilter(label="工作事项", field_name="item_id")
    region = RegionCodeFilter(label="责任区域", method="by_region")

    class Meta:
        model = Supervision
        fields = ["q", "plan", "item", "region"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(number__contains=value) | Q(requirement__contains=value))


class IndicatorFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="指标名称", field_name="name", lookup_expr="contains")
    kind = filters.ChoiceFilter(label="取值方式", choices=IndicatorKind.choices)
    active = filters.BooleanFilter(label="启用")

    class Meta:
        model = Indicator
        fields = ["q", "kind", "active"]


class IndicatorTargetFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    indicator = IdFilter(label="考核指标", field_name="indicator_id")
    year = filters.NumberFilter(label="年度", min_value=2000, max_value=2100)
    region = RegionCodeFilter(label="区县", method="by_region")

    class Meta:
        model = IndicatorTarget
        fields = ["indicator", "year", "region"]


class IndicatorEntryFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    indicator = IdFilter(label="考核指标", field_name="indicator_id")
    region = RegionCodeFilter(label="区县", method="by_region")

    class Meta:
        model = IndicatorEntry
        fields = ["indicator", "region"]


class ConsultationFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="会商主题或结论", method="search")
    kind = filters.ChoiceFilter(label="会商类型", choices=ConsultationKind.choices)
    status = filters.ChoiceFilter(label="状态", choices=ConsultationStatus.choices)
    auto = filters.BooleanFilter(label="定期自动生成")
    region = RegionCodeFilter(label="研判区域", method="by_region")
    period_after = filters.DateFilter(label="研判期止不早于", field_name="period_end", lookup_expr="gte")
    period_before = filters.DateFilter(label="研判期止不晚于", field_name="period_end", lookup_expr="lte")

    class Meta:
        model = Consultation
        fields = ["q", "kind", "status", "auto", "region", "period_after", "period_before"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__contains=value) | Q(conclusions__contains=value))
