"""Pages of the monitoring app: cockpit (map coloured by live risk, live alarm feed,
open alarm groups), alarms with the workflow buttons and 转隐患, points with the trend
chart, monitored objects, data sources, access-rate report, dead letters. Thin: writes
go through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from yingji.core.scope import may
from yingji.core.views.generic import (
    Column,
    FieldRow,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    TemplatePageView,
    restricted,
)
from yingji.enterprises.models import Enterprise
from yingji.monitoring import rules
from yingji.monitoring.filtersets import (
    AlarmFilterSet,
    DataSourceFilterSet,
    DeadLetterFilterSet,
    MeasurementPointFilterSet,
    MonitoredObjectFilterSet,
)
from yingji.monitoring.forms import AlarmStepForm, MeasurementPointForm, MonitoredObjectForm
from yingji.monitoring.models import (
    Alarm,
    DataSource,
    DeadLetter,
    MeasurementPoint,
    MonitoredObject,
    RuleConfig,
)
from yingji.monitoring.mqtt import readings_topic, topic_root
from yingji.monitoring.services import alarms, analytics
from yingji.monitoring.workflow import ALARM_FLOW

SEVERITY_BADGE = {1: "red", 2: "orange", 3: "yellow"}
COLOUR_HEX = {"red": "#d63939", "orange": "#f76707", "yellow": "#f59f00", "blue": "#206bc4"}


def _alarm_state(a: Alarm) -> str:
    text = ALARM_FLOW.label(a.state)
    return text + ("（已恢复）" if a.is_open and a.recovered_at else "")


ALARM_COLUMNS = (
    Column("last_at", "最近报警", sortable=True, link_to_detail=True),
    Column("enterprise", "企业", accessor="enterprise.name"),
    Column("message", "报警内容", link_to_detail=True),
    Column("kind", "类型", accessor="get_kind_display"),
    Column("severity", "严重程度", accessor="get_severity_display", sortable=True,
           badge=lambda a: SEVERITY_BADGE.get(a.severity, "")),
    Column("count", "次数", sortable=True),
    Column("state", "状态", accessor=_alarm_state, sortable=True,
           badge=lambda a: "" if a.is_open else "green"),
    Column("acknowledged_at", "签收时间"),
)


class AlarmListView(ObjectListView):
    model = Alarm
    title = "监测报警"
    filterset_class = AlarmFilterSet
    select_related = ("enterprise",)
    columns = ALARM_COLUMNS


class AlarmDetailView(ObjectDetailView):
    """One alarm: fields, workflow buttons, 转隐患, the point's trend around it, timeline."""

    model = Alarm
    select_related = ("enterprise", "monitored_object", "point", "acknowledged_by", "feedback_by")
    extra_template = "monitoring/alarm_panel.html"
    show_attachments = False
    fields = ("message", "enterprise", "monitored_object", "point", "kind", "level", "severity",
              Column("state", "状态", accessor=_alarm_state), "first_at", "last_at", "count", "first_value",
              "last_value", "threshold", "recovered_at", "pushed_at", "acknowledged_by", "acknowledged_at",
              "feedback", "feedback_by", "feedback_at", "ended_at",
              Column("hazard", "转隐患", accessor=lambda a: a.hazard_id and f"隐患 #{a.hazard_id}",
                     link=lambda a: f"/hazards/{a.hazard_id}/" if a.hazard_id else None))

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        can_change = may(self.request.user, Alarm, "change")
        context["transitions"] = ALARM_FLOW.available(obj, self.actor) if can_change else []
        context["can_hazard"] = can_change and not obj.hazard_id and self.request.user.has_perm(
            "hazards.add_hazard")
        context["edit_url"] = context["delete_url"] = None
        if obj.point_id:
            context["trend_url"] = reverse("measurementpoint-trend", args=[obj.point_id]) + "?hours=6"
        return context


class AlarmTransitionView(PageView):
    """POST one alarm step (签收 / 处置反馈 / 消警 / 关闭) from the detail page."""

    model = Alarm
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        alarm = get_object_or_404(restricted(self, "change"), pk=pk)
        form = AlarmStepForm(request.POST)
        if not form.is_valid():
            messages.error(request, "提交的数据有误，请刷新页面后重试")
            return redirect("alarm_detail", pk=pk)
        name, version, comment = (form.cleaned_data["name"], form.cleaned_data["version"],
                                  form.cleaned_data["comment"])
        try:
            if name == "acknowledge":
                done = alarms.acknowledge(alarm, actor=self.actor, expected_version=version)
            elif name == "feedback":
                done = alarms.give_feedback(alarm, actor=self.actor, comment=comment,
                                            expected_version=version)
            elif name == "clear":
                done = alarms.clear(alarm, actor=self.actor, comment=comment, expected_version=version)
            else:
                done = alarms.close(alarm, actor=self.actor, comment=comment, expected_version=version)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError)
                           else (str(exc) or "您没有执行此操作的权限"))
        else:
            label = ALARM_FLOW.transition(name).label
            messages.success(request, f"{label}完成：{ALARM_FLOW.label(done.state)}")
        return redirect("alarm_detail", pk=pk)


class AlarmToHazardView(PageView):
    """POST: turn the alarm into a hidden hazard in one step."""

    model = Alarm
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        alarm = get_object_or_404(restricted(self, "change"), pk=pk)
        try:
            hazard_id = alarms.to_hazard(alarm, actor=self.actor)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError)
                           else (str(exc) or "您没有执行此操作的权限"))
            return redirect("alarm_detail", pk=pk)
        messages.success(request, f"已转为隐患（编号{hazard_id}），监测数据已附在隐患上")
        return redirect(f"/hazards/{hazard_id}/")


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


class DataSourceListView(ObjectListView):
    model = DataSource
    title = "数据源"
    filterset_class = DataSourceFilterSet
    select_related = ("enterprise",)
    columns = (
        Column("code", "编码", sortable=True, link_to_detail=True),
        Column("name", "名称"),
        Column("enterprise", "企业", accessor="enterprise.name"),
        Column("active", "启用"),
        Column("token_prefix", "令牌前缀"),
        Column("last_seen_at", "最近接入", sortable=True),
    )


class DataSourceDetailView(ObjectDetailView):
    model = DataSource
    select_related = ("enterprise",)
    show_attachments = False
    fields = ("code", "name", "enterprise", "token_prefix",
              Column("topic", "MQTT主题", accessor=lambda s: readings_topic(topic_root(), s.code)),
              "active", "last_seen_at", "created_at")


class DeadLetterListView(ObjectListView):
    model = DeadLetter
    title = "死信（被拒收的数据）"
    filterset_class = DeadLetterFilterSet
    select_related = ("enterprise",)
    columns = (
        Column("received_at", "接收时间", sortable=True, link_to_detail=True),
        Column("door", "接入方式", accessor="get_door_display"),
        Column("source_code", "数据源"),
        Column("enterprise", "企业", accessor="enterprise.name"),
        Column("reason", "原因", link_to_detail=True),
        Column("payload", "内容（截断）", accessor=lambda d: d.payload[:80]),
    )


class DeadLetterDetailView(ObjectDetailView):
    model = DeadLetter
    select_related = ("enterprise",)
    show_attachments = False
    show_timeline = False


class AccessRateView(TemplatePageView):
    """接入率 / 在线率 per enterprise or county for a day, with the 92 % target."""

    model = MeasurementPoint
    title = "接入率与在线率"
    template_name = "monitoring/access.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        try:
            day = date.fromisoformat(self.request.GET.get("day", ""))
        except ValueError:
            day = timezone.localdate()
        by = "region" if self.request.GET.get("by") == "region" else "enterprise"
        rows = analytics.access_rates(restricted(self, "view"), day, by)
        chart = {"title": "接入率（%）", "items": [
            {"name": r.label, "value": round((r.access_rate or 0) * 100, 1)} for r in rows[:40]]}
        return {"rows": rows, "day": day, "by": by, "chart": chart,
                "target": round(rules.ACCESS_RATE_TARGET * 100)}


class CockpitView(TemplatePageView):
    """监测预警一张图: enterprises coloured by live risk, counts, open alarm groups and
    the live alarm feed. ``?part=live`` answers only the counts and the groups, which the
    feed re-reads when an alarm event arrives."""

    model = Alarm
    title = "监测预警驾驶舱"
    template_name = "monitoring/cockpit.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("part") == "live":
            return self.render("monitoring/cockpit_live.html", self.live_context())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from yingji.ui.views.map import map_settings

        user = self.request.user
        url = reverse("monitoring_map")
        recent = Alarm.objects.restrict(user, "view").select_related("enterprise").order_by("-last_at")[:20]
        return {
            **self.live_context(),
            "map": map_settings(user),
            "layers": [{"name": rules.COLOUR_LABEL[c], "url": f"{url}?colour={c}", "color": COLOUR_HEX[c]}
                       for c in ("red", "orange", "yellow", "blue")],
            "recent": [{"alarm": a, "state": _alarm_state(a)} for a in recent],
        }

    def live_context(self) -> dict[str, Any]:
        user = self.request.user
        visible = Alarm.objects.restrict(user, "view")
        points = MeasurementPoint.objects.restrict(user, "view")
        rates = analytics.access_rates(points, timezone.localdate(), "region")
        total_points = sum(r.points for r in rates)
        reporting = sum(r.reporting for r in rates)
        return {
            "open_count": visible.filter(is_open=True).count(),
            "critical_count": visible.filter(is_open=True, severity=1).count(),
            "unacked_count": visible.filter(state__in=("raised", "pushed")).count(),
            "offline_count": points.filter(state__offline=True).count(),
            "points_count": total_points,
            "access_rate": rules.access_rate(total_points, reporting),
            "groups": alarms.open_alarm_groups(visible)[:12],
        }


def cockpit_geojson(request: HttpRequest) -> HttpResponse:
    """Monitored enterprises in scope as GeoJSON points of one live colour layer."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": {"code": "not_authenticated", "message": "未登录"}}, status=401)
    if not may(request.user, Alarm, "view") or not may(request.user, Enterprise, "view"):
        raise PermissionDenied("您没有访问此页面的权限")
    colour = request.GET.get("colour", "")
    features = []
    for row in analytics.live_colours(Enterprise.objects.restrict(request.user, "view")):
        if (colour and row["colour"] != colour) or row["longitude"] is None or row["latitude"] is None:
            continue
        popup = (f"{row['name']}：{row['colour_label']}；未结束报警{row['open_alarms']}条"
                 f"（紧急{row['critical_alarms']}）；离线测点{row['offline_points']}/{row['total_points']}；"
                 f"逾期隐患{row['overdue_hazards']}")
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [
            row["longitude"], row["latitude"]]}, "properties": {"name": row["name"], "popup": popup,
                                                                "id": row["id"], "colour": row["colour"]}})
    return JsonResponse({"type": "FeatureCollection", "features": features},
                        json_dumps_params={"ensure_ascii": False})
