"""Measurement points (with the trend chart and the rule overrides in words) and
monitored objects."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils import timezone

from yingji.core.views.generic import Column, FieldRow, ObjectDetailView, ObjectEditView, ObjectListView
from yingji.monitoring.filtersets import MeasurementPointFilterSet, MonitoredObjectFilterSet
from yingji.monitoring.forms import MeasurementPointForm, MonitoredObjectForm
from yingji.monitoring.models import Alarm, MeasurementPoint, MonitoredObject, RuleConfig

POINT_COLUMNS = (
    Column("code", "测点编码", sortable=True, link_to_detail=True),
    Column("name", "测点名称", link_to_detail=True),
    Column("enterprise", "企业", accessor="enterprise.name"),
    Column("object", "监测对象", accessor="monitored_object.name"),
    Column("point_type", "类型", accessor="get_point_type_display", sortable=True),
    Column("unit", "单位"),
    Column("thresholds", "阈值（低低/低/高/高高）", accessor=lambda p: " / ".join(
        "—" if v is None else f"{v:g}" for v in (p.low_low, p.low, p.high, p.high_high))),
    Column("last", "最新值", accessor=lambda p: _last(p)),
    Column("offline", "在线", accessor=lambda p: "离线" if _state(p) and _state(p).offline else "在线",
           badge=lambda p: "red" if _state(p) and _state(p).offline else "green"),
)


def _state(p: MeasurementPoint) -> Any:
    try:
        return p.state
    except MeasurementPoint.state.RelatedObjectDoesNotExist:
        return None


def _last(p: MeasurementPoint) -> str:
    state = _state(p)
    if state is None or state.last_value is None:
        return "无数据"
    return f"{state.last_value:g}{p.unit}（{timezone.localtime(state.last_ts):%m-%d %H:%M:%S}）"


class PointListView(ObjectListView):
    model = MeasurementPoint
    title = "监测测点"
    filterset_class = MeasurementPointFilterSet
    select_related = ("enterprise", "monitored_object", "state")
    columns = POINT_COLUMNS


def rule_overrides_text(overrides: dict[str, Any]) -> str:
    """A point's rule overrides as a duty officer reads them:
    "连续次数：3；变化率上限（量程%/分钟）：不启用"."""
    if not overrides:
        return "无（按测点类型的规则）"
    parts = []
    for key, value in overrides.items():
        try:
            label = str(getattr(RuleConfig._meta.get_field(key), "verbose_name", key))
        except FieldDoesNotExist:
            label = key
        parts.append(f"{label}：{'不启用' if value is None else value}")
    return "；".join(parts)


class PointDetailView(ObjectDetailView):
    model = MeasurementPoint
    select_related = ("enterprise", "monitored_object", "device")
    extra_template = "monitoring/point_panel.html"
    show_attachments = False

    def field_rows(self, obj: Any) -> list[FieldRow]:
        label = str(MeasurementPoint._meta.get_field("rule_overrides").verbose_name)
        return [FieldRow(label, rule_overrides_text(obj.rule_overrides)) if row.label == label else row
                for row in super().field_rows(obj)]

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["trend_url"] = reverse("measurementpoint-trend", args=[obj.pk])
        context["open_alarms"] = list(Alarm.objects.filter(point=obj, is_open=True))
        return context


class PointEditView(ObjectEditView):
    model = MeasurementPoint
    form_class = MeasurementPointForm


OBJECT_COLUMNS = (
    Column("code", "对象编码", sortable=True, link_to_detail=True),
    Column("name", "对象名称", link_to_detail=True),
    Column("kind", "类型", accessor="get_kind_display"),
    Column("enterprise", "企业", accessor="enterprise.name"),
    Column("major_hazard_unit", "重大危险源单元", accessor="major_hazard_unit.name"),
)


class ObjectListPage(ObjectListView):
    model = MonitoredObject
    title = "监测对象"
    filterset_class = MonitoredObjectFilterSet
    select_related = ("enterprise", "major_hazard_unit")
    columns = OBJECT_COLUMNS


class ObjectDetailPage(ObjectDetailView):
    model = MonitoredObject
    select_related = ("enterprise", "major_hazard_unit")
    extra_template = "monitoring/object_panel.html"
    show_attachments = False

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["points"] = list(obj.points.select_related("state").order_by("code"))
        context["open_alarms"] = list(obj.alarms.filter(is_open=True).order_by("severity", "-last_at"))
        return context


class ObjectEditPage(ObjectEditView):
    model = MonitoredObject
    form_class = MonitoredObjectForm
