"""One FilterSet per model, shared by list pages, the API and exports."""

from __future__ import annotations

from datetime import timedelta

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from yingji.core.filtersets import IdFilter, RegionCodeFilter, RegionScopedFilterMixin, YearFilter
from yingji.core.models import Industry
from yingji.training.models import (
    Attendance,
    Certificate,
    CertificateKind,
    CertifiedPerson,
    Course,
    ExerciseKind,
    ExerciseRecord,
    Informant,
    InformantDuty,
    Mode,
    NewWorkerTraining,
    Post,
    Requirement,
    TeamExercise,
    TrainingSession,
    TrainingSettings,
    WorkType,
)

HOLDING = (("holding", "已持有效证书"), ("gap", "应持证未持有效证书"))
VALIDITY = (("expired", "已过期"), ("expiring", "即将到期"), ("review", "待复审/逾期未复审"),
            ("valid", "有效"))


class CertifiedPersonFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """三项岗位人员: name, enterprise, region subtree, industry, post, holding."""

    q = filters.CharFilter(label="姓名或企业名称", method="search")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    enterprise = IdFilter(label="企业", field_name="enterprise_id")
    industry = filters.ChoiceFilter(label="行业类别", choices=Industry.choices,
                                    field_name="enterprise__industry")
    post = filters.ChoiceFilter(label="岗位类别", choices=Post.choices)
    work_type = filters.ChoiceFilter(label="作业类别", choices=WorkType.choices)
    holding = filters.ChoiceFilter(label="持证情况", choices=HOLDING, method="by_holding")
    on_duty = filters.BooleanFilter(label="在岗")

    class Meta:
        model = CertifiedPerson
        fields = ["q", "region", "enterprise", "industry", "post", "work_type", "holding", "on_duty"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__contains=value) | Q(enterprise__name__contains=value))

    def by_holding(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from yingji.training.services.coverage import usable_holders

        needing = queryset.filter(on_duty=True).exclude(required_kind="")
        holders = usable_holders(needing)
        if value == "holding":
            return queryset.filter(pk__in=holders)
        return needing.exclude(pk__in=holders)


class CertificateFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """资格证书: number or holder, enterprise, kind, validity."""

    q = filters.CharFilter(label="证书编号、持证人或企业", method="search")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    enterprise = IdFilter(label="企业", field_name="person__enterprise_id")
    person = IdFilter(label="持证人", field_name="person_id")
    kind = filters.ChoiceFilter(label="证书类别", choices=CertificateKind.choices)
    validity = filters.ChoiceFilter(label="有效状态", choices=VALIDITY, method="by_validity")

    class Meta:
        model = Certificate
        fields = ["q", "region", "enterprise", "person", "kind", "validity"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(number__contains=value) | Q(person__name__contains=value)
                               | Q(person__enterprise__name__contains=value))

    def by_validity(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        window = today + timedelta(days=TrainingSettings.current().remind_days)
        if value == "expired":
            return queryset.filter(valid_until__lt=today)
        live = queryset.filter(valid_until__gte=today)
        if value == "review":
            return live.filter(review_due_on__lte=window)
        if value == "expiring":
            return live.filter(valid_until__lte=window)
        return live.filter(valid_until__gt=window).filter(
            Q(review_due_on__isnull=True) | Q(review_due_on__gt=window))


class CourseFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """培训课程: title, region, target post, mode."""

    q = filters.CharFilter(label="课程名称或组织单位", method="search")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    post = filters.ChoiceFilter(label="培训对象", choices=Post.choices)
    mode = filters.ChoiceFilter(label="培训方式", choices=Mode.choices)

    class Meta:
        model = Course
        fields = ["q", "region", "post", "mode"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__contains=value) | Q(organiser__contains=value))


class TrainingSessionFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """培训班次: title, course, region, mode, dates."""

    q = filters.CharFilter(label="班次名称", field_name="title", lookup_expr="contains")
    course = IdFilter(label="课程", field_name="course_id")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    mode = filters.ChoiceFilter(label="培训方式", choices=Mode.choices)
    starts_after = filters.DateFilter(label="开始日期不早于", field_name="starts_on",
                                      lookup_expr="gte")

    class Meta:
        model = TrainingSession
        fields = ["q", "course", "region", "mode", "starts_after"]


class AttendanceFilterSet(filters.FilterSet):
    """参训记录: session, person, passed."""

    session = IdFilter(label="班次", field_name="session_id")
    person = IdFilter(label="学员", field_name="person_id")
    passed = filters.BooleanFilter(label="考试合格")

    class Meta:
        model = Attendance
        fields = ["session", "person", "passed"]


class NewWorkerTrainingFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """三级安全教育: worker or enterprise, region, exam."""

    q = filters.CharFilter(label="姓名或企业名称", method="search")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    enterprise = IdFilter(label="企业", field_name="enterprise_id")
    exam_passed = filters.BooleanFilter(label="考核合格")

    class Meta:
        model = NewWorkerTraining
        fields = ["q", "region", "enterprise", "exam_passed"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(worker_name__contains=value) | Q(enterprise__name__contains=value))


class RequirementFilterSet(filters.FilterSet):
    """持证要求: industry, post."""

    industry = filters.ChoiceFilter(label="行业类别", choices=Industry.choices)
    post = filters.ChoiceFilter(label="岗位类别", choices=Post.choices)

    class Meta:
        model = Requirement
        fields = ["industry", "post"]


INFORMANT_STATE = (("untrained", "待培训"), ("no_certificate", "无有效证书"))


class InformantFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """灾害信息员: name or phone, region subtree, A/B role, on duty, training/certificate."""

    q = filters.CharFilter(label="姓名", field_name="person__name", lookup_expr="contains")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    duty = filters.ChoiceFilter(label="A/B角", choices=InformantDuty.choices)
    active = filters.BooleanFilter(label="在岗", field_name="person__active")
    state = filters.ChoiceFilter(label="培训持证", choices=INFORMANT_STATE, method="by_state")

    class Meta:
        model = Informant
        fields = ["q", "region", "duty", "active", "state"]

    def by_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        if value == "untrained":
            months = TrainingSettings.current().informant_retrain_months
            since = today - timedelta(days=round(months * 30.4))
            return queryset.filter(Q(trained_on__isnull=True) | Q(trained_on__lt=since))
        return queryset.filter(Q(certificate_valid_until__isnull=True)
                               | Q(certificate_valid_until__lt=today))


class TeamExerciseFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """队伍训练: subject or team, region, team, kind, year."""

    q = filters.CharFilter(label="训练科目或队伍", method="search")
    region = RegionCodeFilter(label="所属区划", method="by_region")
    team = IdFilter(label="救援队伍", field_name="team_id")
    kind = filters.ChoiceFilter(label="训练类型", choices=ExerciseKind.choices)
    year = YearFilter(label="年度", field_name="held_on__year")

    class Meta:
        model = TeamExercise
        fields = ["q", "region", "team", "kind", "year"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(subject__contains=value) | Q(team__name__contains=value))


class ExerciseRecordFilterSet(filters.FilterSet):
    """队员训练记录: session, member."""

    exercise = IdFilter(label="训练", field_name="exercise_id")
    member = filters.CharFilter(label="队员", lookup_expr="contains")

    class Meta:
        model = ExerciseRecord
        fields = ["exercise", "member"]
