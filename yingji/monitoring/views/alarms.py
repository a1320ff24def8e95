"""Alarm pages: the list, one alarm with its workflow buttons and 转隐患, and the POSTs
of the steps. Thin: every step is an alarm service."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from yingji.core.scope import may
from yingji.core.views.actions import ObjectActionView
from yingji.core.views.generic import Column, ObjectDetailView, ObjectListView, PageView
from yingji.monitoring.filtersets import AlarmFilterSet
from yingji.monitoring.models import Alarm
from yingji.monitoring.services import alarms
from yingji.monitoring.steps import STEPS, AlarmStep
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


class AlarmActionView(ObjectActionView):
    """A POST on one alarm in the user's scope (404 otherwise); back to its page."""

    model = Alarm

    def success_url(self, obj: Any) -> str:
        return reverse("alarm_detail", args=[obj.pk])


class AlarmStepView(AlarmActionView):
    """One workflow step (``step`` from ``steps.STEPS``): its form, its service."""

    step: ClassVar[AlarmStep]

    def perform(self, obj: Alarm, data: dict[str, Any]) -> Alarm:
        return self.step.run(obj, data, actor=self.actor)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return f"{self.step.label}完成：{ALARM_FLOW.label(obj.state)}"


class UnknownStepView(AlarmActionView):
    """A step name no button offers: refused, nothing changes."""

    def perform(self, obj: Alarm, data: dict[str, Any]) -> Alarm:
        raise ValidationError(f"未知的操作：{self.request.POST.get('name', '')[:20]}")


STEP_VIEWS: dict[str, type[AlarmActionView]] = {
    name: type(f"{name.title()}StepView", (AlarmStepView,),
               {"step": step, "form_class": step.form, "__module__": __name__})
    for name, step in STEPS.items()}


class AlarmTransitionView(PageView):
    """The workflow buttons (签收 / 处置反馈 / 消警 / 关闭) post here with the step's
    ``name``: handed to that step's view, which finds the alarm in scope or answers 404."""

    model = Alarm
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        view = STEP_VIEWS.get(request.POST.get("name", ""), UnknownStepView)
        response = view.as_view()(request, *args, **kwargs)
        assert isinstance(response, HttpResponse)
        return response


class AlarmToHazardView(AlarmActionView):
    """POST: turn the alarm into a hidden hazard in one step, then show the hazard."""

    def perform(self, obj: Alarm, data: dict[str, Any]) -> Alarm:
        obj.hazard_id = alarms.do_to_hazard(obj, actor=self.actor)
        return obj

    def get_success_message(self, obj: Any, result: Any) -> str:
        return f"已转为隐患（编号{obj.hazard_id}），监测数据已附在隐患上"

    def success_url(self, obj: Any) -> str:
        return f"/hazards/{obj.hazard_id}/"

    def failure_url(self, obj: Any) -> str:
        return reverse("alarm_detail", args=[obj.pk])
