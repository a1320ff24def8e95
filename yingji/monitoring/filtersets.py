"""One FilterSet per model, shared by list pages, the API and exports."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from yingji.core.filtersets import IdFilter, RegionCodeFilter
from yingji.core.rules import normalize_region_code
from yingji.core.scope import region_range_q
from yingji.monitoring.models import (
    Alarm,
    AlarmKind,
    AlarmLevel,
    AlarmSeverity,
    DataSource,
    DeadLetter,
    Device,
    MeasurementPoint,
    MonitoredObject,
    ObjectKind,
    PointType,
)
from yingji.monitoring.models.readings import Door
from yingji.monitoring.workflow import ALARM_FLOW


def _prefix(code: str) -> str:
    from yingji.core.models import Region

    normal = normalize_region_code(code)
    region = Region.objects.filter(code=normal).only("prefix").first()
    return region.prefix if region is not None else normal.rstrip("0")


def _day_start(day: datetime) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class _EnterpriseRegionMixin(filters.FilterSet):
    region_path = "enterprise__region"

    def by_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(region_range_q(self.region_path, _prefix(value)))


class MonitoredObjectFilterSet(_EnterpriseRegionMixin):
    q = filters.CharFilter(label="名称、编码或企业", method="search")
    region = RegionCodeFilter(label="区划", method="by_region")
    enterprise = IdFilter(label="企业ID", field_name="enterprise_id")
    kind = filters.ChoiceFilter(label="对象类型", choices=ObjectKind.choices)

    class Meta:
        model = MonitoredObject
        fields = ["q", "region", "enterprise", "kind"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__contains=value) | Q(code=value) | Q(enterprise__name__contains=value))


class DeviceFilterSet(_EnterpriseRegionMixin):
    region_path = "monitored_object__enterprise__region"
    q = filters.CharFilter(label="名称或型号", method="search")
    monitored_object = IdFilter(label="监测对象ID", field_name="monitored_object_id")

    class Meta:
        model = Device
        fields = ["q", "monitored_object"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__contains=value) | Q(model_number__contains=value))


class MeasurementPointFilterSet(_EnterpriseRegionMixin):
    q = filters.CharFilter(label="测点名称、编码或企业", method="search")
    region = RegionCodeFilter(label="区划", method="by_region")
    enterprise = IdFilter(label="企业ID", field_name="enterprise_id")
    monitored_object = IdFilter(label="监测对象ID", field_name="monitored_object_id")
    point_type = filters.ChoiceFilter(label="测点类型", choices=PointType.choices)
    offline = filters.BooleanFilter(label="离线", field_name="state__offline")

    class Meta:
        model = MeasurementPoint
        fields = ["q", "region", "enterprise", "monitored_object", "point_type", "offline"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__contains=value) | Q(code=value) | Q(enterprise__name__contains=value))


class AlarmFilterSet(_EnterpriseRegionMixin):
    q = filters.CharFilter(label="报警内容或企业", method="search")
    region = RegionCodeFilter(label="区划", method="by_region")
    enterprise = IdFilter(label="企业ID", field_name="enterprise_id")
    monitored_object = IdFilter(label="监测对象ID", field_name="monitored_object_id")
    point = IdFilter(label="测点ID", field_name="point_id")
    kind = filters.ChoiceFilter(label="报警类型", choices=AlarmKind.choices)
    level = filters.ChoiceFilter(label="越限级别", choices=[c for c in AlarmLevel.choices if c[0]])
    severity = filters.ChoiceFilter(label="严重程度", choices=AlarmSeverity.choices)
    state = filters.ChoiceFilter(label="状态", choices=list(ALARM_FLOW.states.items()))
    is_open = filters.BooleanFilter(label="未结束")
    since = filters.DateFilter(label="报警日期起", method="by_since")
    until = filters.DateFilter(label="报警日期止", method="by_until")

    class Meta:
        model = Alarm
        fields = ["q", "region", "enterprise", "monitored_object", "point", "kind", "level", "severity",
                  "state", "is_open", "since", "until"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(message__contains=value) | Q(enterprise__name__contains=value))

    def by_since(self, queryset: QuerySet, name: str, value: datetime) -> QuerySet:
        return queryset.filter(last_at__gte=_day_start(value))

    def by_until(self, queryset: QuerySet, name: str, value: datetime) -> QuerySet:
        return queryset.filter(first_at__lt=_day_start(value) + timedelta(days=1))


class DeadLetterFilterSet(filters.FilterSet):
    q = filters.CharFilter(label="原因、数据源或主题", method="search")
    door = filters.ChoiceFilter(label="接入方式", choices=Door.choices)
    reason_code = filters.CharFilter(label="原因代码")
    enterprise = IdFilter(label="企业ID", field_name="enterprise_id")
    since = filters.DateFilter(label="接收日期起", method="by_since")

    class Meta:
        model = DeadLetter
        fields = ["q", "door", "reason_code", "enterprise", "since"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(reason__contains=value) | Q(source_code=value) | Q(topic__contains=value))

    def by_since(self, queryset: QuerySet, name: str, value: datetime) -> QuerySet:
        return queryset.filter(received_at__gte=_day_start(value))


class DataSourceFilterSet(_EnterpriseRegionMixin):
    q = filters.CharFilter(label="编码、名称或企业", method="search")
    enterprise = IdFilter(label="企业ID", field_name="enterprise_id")
    active = filters.BooleanFilter(label="启用")

    class Meta:
        model = DataSource
        fields = ["q", "enterprise", "active"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(code=value) | Q(name__contains=value) | Q(enterprise__name__contains=value))
