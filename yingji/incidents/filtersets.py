"""One FilterSet per model, shared by list pages, the API and exports."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet

from yingji.core.filtersets import IdFilter, RegionCodeFilter, RegionScopedFilterMixin
from yingji.core.personal.fields import matches
from yingji.incidents import rules
from yingji.incidents.models import (
    Contact,
    DispatchOrder,
    DutyLog,
    DutyShift,
    Finding,
    Incident,
    InfoReport,
    ReportKind,
    ReportStatus,
    ResourceKind,
    ResponseTask,
    Source,
    SwapRequest,
)
from yingji.incidents.models.reports import OUTSTANDING
from yingji.incidents.workflow import (
    DISPATCH_FLOW,
    FINDING_FLOW,
    INCIDENT_FLOW,
    SWAP_FLOW,
    TASK_FLOW,
)


class IncidentFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """突发事件: name/place search, region subtree, category, subtype, grade, state, time."""

    q = filters.CharFilter(label="名称、地点或报告人", method="search")
    region = RegionCodeFilter(label="发生区划", method="by_region")
    category = filters.ChoiceFilter(label="事件类别", choices=rules.CATEGORIES)
    subtype = filters.ChoiceFilter(label="事件子类", choices=[(s.code, s.label) for s in rules.SUBTYPES])
    grade = filters.ChoiceFilter(label="事件等级", choices=rules.GRADES)
    state = filters.ChoiceFilter(label="状态", choices=list(INCIDENT_FLOW.states.items()))
    source = filters.ChoiceFilter(label="信息来源", choices=Source.choices)
    received_after = filters.DateFilter(label="接报起", field_name="received_at__date",
                                        lookup_expr="gte")
    received_before = filters.DateFilter(label="接报止", field_name="received_at__date",
                                         lookup_expr="lte")
    reports = filters.ChoiceFilter(label="报送情况", method="by_reports", choices=[
        ("pending", "有待报送"), ("overdue", "有超时未报"), ("late", "有迟报")])

    class Meta:
        model = Incident
        fields = ["q", "region", "category", "subtype", "grade", "state", "source",
                  "received_after", "received_before", "reports"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__contains=value) | Q(address__contains=value)
                               | Q(caller__contains=value))

    def by_reports(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from django.utils import timezone

        if value == "pending":
            return queryset.filter(reports__status__in=OUTSTANDING).distinct()
        if value == "overdue":
            return queryset.filter(reports__status__in=OUTSTANDING,
                                   reports__due_at__lt=timezone.now()).distinct()
        return queryset.filter(reports__late=True).distinct()


class InfoReportFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="事件名称", field_name="incident__title", lookup_expr="contains")
    kind = filters.ChoiceFilter(label="报告类型", choices=ReportKind.choices)
    status = filters.ChoiceFilter(label="状态", choices=ReportStatus.choices)
    late = filters.BooleanFilter(label="迟报")
    incident = IdFilter(label="事件编号", field_name="incident_id")

    class Meta:
        model = InfoReport
        fields = ["q", "kind", "status", "late", "incident"]


class DispatchOrderFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="资源名称", field_name="resource_name", lookup_expr="contains")
    resource_kind = filters.ChoiceFilter(label="资源类型", choices=ResourceKind.choices)
    state = filters.ChoiceFilter(label="状态", choices=list(DISPATCH_FLOW.states.items()))
    incident = IdFilter(label="事件编号", field_name="incident_id")

    class Meta:
        model = DispatchOrder
        fields = ["q", "resource_kind", "state", "incident"]


class ResponseTaskFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="处置行动", field_name="title", lookup_expr="contains")
    state = filters.ChoiceFilter(label="状态", choices=list(TASK_FLOW.states.items()))
    incident = IdFilter(label="事件编号", field_name="incident_id")

    class Meta:
        model = ResponseTask
        fields = ["q", "state", "incident"]


class DutyShiftFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    region = RegionCodeFilter(label="值班单位区划", method="by_region")
    start_after = filters.DateFilter(label="开始日期起", field_name="start__date", lookup_expr="gte")
    start_before = filters.DateFilter(label="开始日期止", field_name="start__date", lookup_expr="lte")
    person = filters.CharFilter(label="值班人员", method="by_person")

    class Meta:
        model = DutyShift
        fields = ["region", "start_after", "start_before", "person"]

    def by_person(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(leaders__real_name__contains=value)
                               | Q(officers__real_name__contains=value)).distinct()


class SwapRequestFilterSet(filters.FilterSet):
    state = filters.ChoiceFilter(label="状态", choices=list(SWAP_FLOW.states.items()))

    class Meta:
        model = SwapRequest
        fields = ["state"]


class DutyLogFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="内容", field_name="content", lookup_expr="contains")
    shift = IdFilter(label="班次编号", field_name="shift_id")

    class Meta:
        model = DutyLog
        fields = ["q", "shift"]


class ContactFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="姓名、单位、电话或完整手机号", method="search")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    category = filters.ChoiceFilter(label="类别", choices=Contact._meta.get_field("category").choices)

    class Meta:
        model = Contact
        fields = ["q", "region", "category"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The mobile is encrypted: found by its blind index, the whole number only.
        return queryset.filter(Q(name__contains=value) | Q(organisation__contains=value)
                               | Q(phone__contains=value) | matches(queryset.model, "mobile", value))


class FindingFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="问题或责任单位", method="search")
    state = filters.ChoiceFilter(label="状态", choices=list(FINDING_FLOW.states.items()))

    class Meta:
        model = Finding
        fields = ["q", "state"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(problem__contains=value) | Q(responsible_unit__contains=value))
