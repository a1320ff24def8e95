"""Alarm pages: the list, one alarm with its workflow buttons and 转隐患, and the POSTs
of the steps. Thin: every step is an alarm service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from yingji.core.scope import may
from yingji.core.views.generic import Column, ObjectDetailView, ObjectListView, PageView, restricted
from yingji.monitoring.filtersets import AlarmFilterSet
from yingji.monitoring.models import Alarm
from yingji.monitoring.services import alarms
from yingji.monitoring.steps import STEPS, AlarmStepInput
from yingji.monitoring.workflow import ALARM_FLOW

SEVERITY_BADGE = {1: "red", 2: "orange", 3: "yellow"}


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
    """POST one alarm step (签收 / 处置反馈 / 消警 / 关闭) from the detail page: the step
    named by the form, with the inputs the API takes too (``steps``)."""

    model = Alarm
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        alarm = get_object_or_404(restricted(self, "change"), pk=pk)
        step = STEPS.get(request.POST.get("name", ""))
        body = AlarmStepInput(data=request.POST)
        if step is None or not body.is_valid():
            messages.error(request, "提交的数据有误，请刷新页面后重试")
            return redirect("alarm_detail", pk=pk)
        try:
            done = step.run(alarm, body.validated_data, actor=self.actor)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError)
                           else (str(exc) or "您没有执行此操作的权限"))
        else:
            messages.success(request, f"{step.label}完成：{ALARM_FLOW.label(done.state)}")
        return redirect("alarm_detail", pk=pk)


class AlarmToHazardView(PageView):
    """POST: turn the alarm into a hidden hazard in one step."""

    model = Alarm
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        alarm = get_object_or_404(restricted(self, "change"), pk=pk)
        try:
            hazard_id = alarms.do_to_hazard(alarm, actor=self.actor)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError)
                           else (str(exc) or "您没有执行此操作的权限"))
            return redirect("alarm_detail", pk=pk)
        messages.success(request, f"已转为隐患（编号{hazard_id}），监测数据已附在隐患上")
        return redirect(f"/hazards/{hazard_id}/")
