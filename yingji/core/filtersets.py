"""One FilterSet per model, shared by list pages, the API and exports.

Every FilterSet takes ``q`` (free-text search); field filters have Chinese labels.
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field

from yingji.core.models import AuditLog, Department, DepartmentKind, Notification, Region, User
from yingji.core.models.audit import AuditAction
from yingji.core.models.regions import RegionLevel
from yingji.core.models.users import CONTACT_PREFIX
from yingji.core.personal.fields import matches
from yingji.core.roles import ROLE_CHOICES
from yingji.core.rules import RegionCodeError, normalize_region_code
from yingji.core.scope import region_range_q


def validate_region_code(value: str) -> None:
    """Filter validator: a malformed division code is a form error (400 in the API, a
    message on list pages), not an empty result."""
    try:
        normalize_region_code(value)
    except RegionCodeError as exc:
        # The reason quotes the input; as a parameter, a "%" in it is text, not a format.
        raise ValidationError("%(reason)s", code="region_code", params={"reason": str(exc)}) from exc


ID_MAX = 2**63 - 1  # the largest primary key any supported database stores


class IdField(forms.IntegerField):
    """A record number in a filter: a whole number from 1 to the largest key, so that
    a huge, negative or fractional value is a field error, never a database error."""

    default_error_messages = {"invalid": "应为正整数编号", "min_value": "应为正整数编号",
                              "max_value": "编号超出范围"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": ID_MAX})
class IdFilter(filters.NumberFilter):
    """Filter by the id of a related record (``enterprise``, ``incident`` …); an integer
    parameter in the OpenAPI schema (a NumberFilter alone would say "number")."""

    field_class = IdField


YEAR_MIN = 2000  # the earliest year the platform's records and statistics go back to


def _year_bounds(first: int | None, last: int | None) -> tuple[int, int]:
    return first or YEAR_MIN, last or timezone.localdate().year + 1


class YearField(forms.IntegerField):
    """A year in a filter or a query: a whole number from 2000 to next year, so that
    ``1`` or ``10000`` is a Chinese field error, never a date or database error."""

    def __init__(self, *args: Any, first: int | None = None, last: int | None = None,
                 **kwargs: Any) -> None:
        low, high = _year_bounds(first, last)
        kwargs.setdefault("min_value", low)
        kwargs.setdefault("max_value", high)
        kwargs.setdefault("error_messages", {
            "invalid": f"年度应为{low}年至{high}年的四位数字", "min_value": f"年度不能早于{low}年",
            "max_value": f"年度不能晚于{high}年"})
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": YEAR_MIN})
class YearFilter(filters.NumberFilter):
    """Filter by a year (``?year=2026``), checked by ``YearField``; an integer parameter
    in the OpenAPI schema."""

    field_class = YearField


def year_param(request: Any, name: str = "year", *, api: bool = False,
               first: int | None = None, last: int | None = None) -> tuple[int, str]:
    """The year asked for in the query (``?year=2026``) and a message, for a statistics
    page or endpoint. Absent: this year. Outside ``first``–``last`` (2000 to next year by
    default) or not a number: the API (``api=True``) answers a Chinese 400 on the field
    (a ``ValidationError``); a page falls back to this year and returns the message to
    show ("年度“1”无效，应为2000年至2027年，已显示本年")."""
    this_year = timezone.localdate().year
    low, high = _year_bounds(first, last)
    raw = str(request.GET.get(name) or "").strip()
    if not raw:
        return this_year, ""
    if raw.isdigit() and low <= int(raw) <= high:
        return int(raw), ""
    reason = f"年度“{raw[:8]}”无效，应为{low}年至{high}年"
    if api:
        raise ValidationError({name: reason})
    return this_year, f"{reason}，已显示本年"


class RegionCodeFilter(filters.CharFilter):
    """A division-code filter (2-12 digits) validated with the rule's Chinese message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("validators", [validate_region_code])
        super().__init__(*args, **kwargs)


def _region_code_or_none(value: str) -> str | None:
    try:
        return normalize_region_code(value)
    except RegionCodeError:
        return None


class RegionFilterSet(filters.FilterSet):
    """Lookup by code prefix or name; filter by level and parent."""

    q = filters.CharFilter(label="代码或名称", method="search")
    level = filters.ChoiceFilter(label="层级", choices=RegionLevel.choices)
    parent = RegionCodeFilter(label="上级区划代码", method="by_parent")
    within = RegionCodeFilter(label="所属区划代码", method="by_within")

    class Meta:
        model = Region
        fields = ["q", "level", "parent", "within"]

    def search(self, queryset: QuerySet[Region], name: str, value: str) -> QuerySet[Region]:
        value = value.strip()
        if value.isdigit():
            return queryset.filter(code__startswith=value)
        return queryset.filter(Q(name__contains=value) | Q(full_name__contains=value))

    def by_parent(self, queryset: QuerySet[Region], name: str, value: str) -> QuerySet[Region]:
        code = _region_code_or_none(value)
        return queryset.filter(parent_id=code) if code else queryset.none()

    def by_within(self, queryset: QuerySet[Region], name: str, value: str) -> QuerySet[Region]:
        code = _region_code_or_none(value)
        if code is None:
            return queryset.none()
        region = Region.objects.filter(code=code).first()
        return queryset.subtree(region.prefix) if region else queryset.none()  # type: ignore[attr-defined]


class RegionScopedFilterMixin:
    """``region`` filter: rows in the subtree of the given region code."""

    def by_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        code = _region_code_or_none(value)
        region = Region.objects.filter(code=code).first() if code else None
        if region is None:
            return queryset.none()
        field = queryset.model.scope_region_field
        return queryset.filter(region_range_q(field, region.prefix))


class DepartmentFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    q = filters.CharFilter(label="名称", method="search")
    kind = filters.ChoiceFilter(label="类型", choices=DepartmentKind.choices)
    region = RegionCodeFilter(label="所属区划", method="by_region")
    is_active = filters.BooleanFilter(label="启用")

    class Meta:
        model = Department
        fields = ["q", "kind", "region", "is_active"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__contains=value) | Q(short_name__contains=value))


USER_KINDS = [("staff", "工作人员账号"), ("contact", "联系人账号（责任人，不能登录）"), ("all", "全部")]


class UserFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """Accounts. Contact accounts (login-less, made for the warnings directory's 责任人,
    thousands of them) are left out unless ``kind`` is ``contact`` or ``all``."""

    q = filters.CharFilter(label="姓名、账号或完整手机号", method="search")
    role = filters.ChoiceFilter(label="角色", choices=ROLE_CHOICES, field_name="groups__name")
    region = RegionCodeFilter(label="数据范围", method="by_region")
    department = IdFilter(label="所在单位", field_name="department_id")
    is_active = filters.BooleanFilter(label="启用")
    kind = filters.ChoiceFilter(label="账号类型", choices=USER_KINDS, method="by_kind",
                                empty_label="工作人员账号")

    class Meta:
        model = User
        fields = ["q", "role", "region", "department", "is_active", "kind"]

    @property
    def qs(self) -> QuerySet:
        if not hasattr(self, "_qs"):
            queryset = super().qs
            if not (self.data or {}).get("kind"):  # the default, also on an unfiltered page
                queryset = queryset.exclude(username__startswith=CONTACT_PREFIX)
            self._qs = queryset
        return self._qs

    def by_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "contact":
            return queryset.filter(username__startswith=CONTACT_PREFIX)
        if value == "staff":
            return queryset.exclude(username__startswith=CONTACT_PREFIX)
        return queryset

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The phone is encrypted: found by its blind index, the whole number only.
        return queryset.filter(
            Q(username__contains=value) | Q(real_name__contains=value)
            | matches(queryset.model, "phone", value)
        )


class AuditLogFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="操作人、对象或说明", method="search")
    action = filters.ChoiceFilter(label="操作", choices=AuditAction.choices)
    success = filters.BooleanFilter(label="成功")
    object_type = filters.CharFilter(label="对象类型")
    actor_id = IdFilter(label="操作人ID")
    ip = filters.CharFilter(label="IP地址")
    time_after = filters.IsoDateTimeFilter(label="起始时间", field_name="time", lookup_expr="gte")
    time_before = filters.IsoDateTimeFilter(label="截止时间", field_name="time", lookup_expr="lte")

    class Meta:
        model = AuditLog
        fields = ["q", "action", "success", "object_type", "actor_id", "ip",
                  "time_after", "time_before"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(actor_label__contains=value) | Q(object_repr__contains=value)
            | Q(detail__contains=value)
        )


class NotificationFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="标题", field_name="title", lookup_expr="contains")
    unread = filters.BooleanFilter(label="未读", field_name="read_at", lookup_expr="isnull")
    level = filters.CharFilter(label="级别")

    class Meta:
        model = Notification
        fields = ["q", "unread", "level"]
