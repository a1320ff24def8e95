"""One FilterSet per model, shared by the list pages, the API and the exports."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from yingji.accidents import rules
from yingji.accidents.models import (
    Accident,
    CrossCheckBatch,
    CrossCheckRow,
    DistrictTarget,
    GradeChange,
    RowStatus,
    Stage,
)
from yingji.accidents.models.accidents import GRADE_CHOICES
from yingji.core.filtersets import IdFilter, RegionCodeFilter, RegionScopedFilterMixin
from yingji.core.models import Industry


def _start(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# The to-dos of the workbench and the 安委办 as filters, one condition each, so the count
# a to-do shows is the number of rows its link lists.
DUE_KINDS = [("report_overdue", "调查报告逾期"), ("reply_overdue", "批复逾期"),
             ("review_due", "回头看30日内到期或逾期"), ("supervising", "在办挂牌督办")]
REVIEW_WARNING_DAYS = 30


def due_condition(kind: str, today: Any) -> Q:
    """The rows of to-do ``kind`` (``DUE_KINDS``) on ``today`` (production safety
    accidents only: a 非生产安全事故 owes nothing)."""
    conditions = {
        "report_overdue": Q(state=Stage.INVESTIGATING, report_due__lt=today),
        "reply_overdue": Q(state=Stage.REPORTED, reply_due__lt=today),
        "review_due": Q(state=Stage.CLOSED, review_due__lte=today + timedelta(days=REVIEW_WARNING_DAYS)),
        "supervising": Q(supervised=True, supervision_closed_at__isnull=True, closed_on__isnull=True),
    }
    return conditions[kind] & Q(is_production=True)


class AccidentFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """事故: text, region subtree, grade, industry, GB 6441 category, stage, production
    safety or not, 挂牌督办, 典型案例, overdue, date range, year."""

    q = filters.CharFilter(label="编号、名称或单位", method="search")
    region = RegionCodeFilter(label="区划", method="by_region")
    grade = filters.ChoiceFilter(label="等级", choices=GRADE_CHOICES)
    industry = filters.ChoiceFilter(label="行业领域", choices=Industry.choices)
    category_6441 = filters.ChoiceFilter(label="事故类别", choices=rules.CATEGORIES_6441)
    stage = filters.ChoiceFilter(label="办理阶段", choices=Stage.choices, field_name="state")
    is_production = filters.BooleanFilter(label="生产安全事故")
    supervised = filters.BooleanFilter(label="挂牌督办")
    typical = filters.BooleanFilter(label="典型案例")
    overdue = filters.BooleanFilter(label="调查或批复逾期", method="by_overdue")
    due = filters.ChoiceFilter(label="待办事项", choices=DUE_KINDS, method="by_due")
    year = filters.NumberFilter(label="年度", method="by_year", min_value=2000, max_value=2100)
    occurred_after = filters.DateFilter(label="发生日期起", method="by_after")
    occurred_before = filters.DateFilter(label="发生日期止", method="by_before")

    class Meta:
        model = Accident
        fields: list[str] = []

    def search(self, queryset: QuerySet[Accident], name: str, value: str) -> QuerySet[Accident]:
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value)
                               | Q(unit_name__icontains=value))

    def by_overdue(self, queryset: QuerySet[Accident], name: str, value: bool | None
                   ) -> QuerySet[Accident]:
        if value is None:
            return queryset
        today = timezone.localdate()
        q = (Q(state=Stage.INVESTIGATING, report_due__lt=today)
             | Q(state=Stage.REPORTED, reply_due__lt=today)
             | Q(state=Stage.CLOSED, review_due__lt=today))
        return queryset.filter(q) if value else queryset.exclude(q)

    def by_due(self, queryset: QuerySet[Accident], name: str, value: str) -> QuerySet[Accident]:
        return queryset.filter(due_condition(value, timezone.localdate())) if value else queryset

    def by_year(self, queryset: QuerySet[Accident], name: str, value: Any) -> QuerySet[Accident]:
        if not value:
            return queryset
        start = _start(datetime(int(value), 1, 1).date())
        return queryset.filter(occurred_at__gte=start,
                               occurred_at__lt=_start(datetime(int(value) + 1, 1, 1).date()))

    def by_after(self, queryset: QuerySet[Accident], name: str, value: Any) -> QuerySet[Accident]:
        return queryset.filter(occurred_at__gte=_start(value)) if value else queryset

    def by_before(self, queryset: QuerySet[Accident], name: str, value: Any) -> QuerySet[Accident]:
        return queryset.filter(occurred_at__lt=_start(value) + timedelta(days=1)) if value else queryset


class GradeChangeFilterSet(filters.FilterSet):
    accident = IdFilter(label="事故ID", field_name="accident_id")

    class Meta:
        model = GradeChange
        fields: list[str] = []


class DistrictTargetFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    region = RegionCodeFilter(label="区划", method="by_region")
    year = filters.NumberFilter(label="年度", min_value=2000, max_value=2100)

    class Meta:
        model = DistrictTarget
        fields: list[str] = []


class CrossCheckBatchFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    kind = filters.ChoiceFilter(label="名单类型", choices=rules.LIST_KINDS)
    region = RegionCodeFilter(label="区划", method="by_region")

    class Meta:
        model = CrossCheckBatch
        fields: list[str] = []


class CrossCheckRowFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="单位或人员", method="search")
    status = filters.ChoiceFilter(label="状态", choices=RowStatus.choices)
    batch = IdFilter(label="名单ID", field_name="batch_id")
    region = RegionCodeFilter(label="区划", method="by_region")
    overdue = filters.BooleanFilter(label="核查逾期", method="by_overdue")

    class Meta:
        model = CrossCheckRow
        fields: list[str] = []

    def search(self, queryset: QuerySet[CrossCheckRow], name: str, value: str) -> QuerySet[CrossCheckRow]:
        return queryset.filter(Q(unit_name__icontains=value) | Q(person__icontains=value))

    def by_overdue(self, queryset: QuerySet[CrossCheckRow], name: str, value: bool | None
                   ) -> QuerySet[CrossCheckRow]:
        if value is None:
            return queryset
        q = Q(status=RowStatus.PENDING, due__lt=timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)
