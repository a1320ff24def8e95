"""Activation pages: the plans matching an incident (ranked, with the reason), starting
a response from a plan, the plan's tasks and 叫应, resource proposals, a change of level;
and the board of open incidents with their best match."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from yingji.core.scope import may
from yingji.core.views.generic import (
    ObjectActionView,
    PageView,
    TemplatePageView,
    form_error_text,
    refusal_text,
)
from yingji.incidents.models import Incident
from yingji.monitoring import rules as monitoring_rules
from yingji.plans.forms import ActivateForm, ChangeLevelForm
from yingji.plans.models import ActivationTask, Plan, PlanActivation
from yingji.plans.services import activation, matching
from yingji.warnings import rules as warning_rules


def _incident(view: PageView, pk: int) -> Incident:
    return get_object_or_404(Incident.objects.restrict(view.request.user, "view"), pk=pk)


class IncidentPlansView(TemplatePageView):
    """预案匹配与启动 of one incident."""

    model = PlanActivation
    title = "预案匹配与启动"
    template_name = "plans/incident_plans.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        incident = _incident(self, kwargs["pk"])
        user = self.request.user
        matches = matching.match_incident(incident)
        matched = {m.plan.pk for m in matches}
        startable = activation.startable_plans(incident, user)
        others = [p for p in startable if p.pk not in matched]
        activations = activation.activations_of(incident)
        tasks = {a.pk: list(ActivationTask.objects.filter(activation=a).select_related("task")
                            .order_by("task__due_at", "pk")) for a in activations}
        for item in activations:
            item.task_rows = tasks[item.pk]  # type: ignore[attr-defined]
            item.proposals = activation.proposals(item, user) if item.active else []  # type: ignore[attr-defined]
        facts = matching.facts_of(incident)
        active = {a.plan_id for a in activations if a.active}
        can_start = may(user, PlanActivation, "add") and incident.is_open
        return {"incident": incident, "matches": matches, "others": others,
                "activations": activations, "facts": facts, "can_start": can_start,
                "active_plans": active, "startable": {p.pk for p in startable},
                "can_change": may(user, PlanActivation, "change") and incident.is_open,
                "levels": ActivateForm.base_fields["level"].choices,  # type: ignore[attr-defined]
                "pretitle": incident.title,
                "warning_label": warning_rules.level_label(facts.warning_level)
                if facts.warning_level else "",
                "alarm_label": monitoring_rules.LEVEL_LABEL.get(facts.alarm_level, "")}


class ActivateView(PageView):
    """启动预案 (POST): the plan and level chosen on the incident's plan page."""

    model = PlanActivation
    action = "add"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        incident = _incident(self, kwargs["pk"])
        url = reverse("incident_plans", kwargs={"pk": incident.pk})
        form = ActivateForm(request.POST)
        if not form.is_valid():
            messages.error(request, f"提交的数据有误：{form_error_text(form)}")
            return redirect(url)
        plan = Plan.objects.restrict(request.user, "view").filter(pk=form.cleaned_data["plan"]).first()
        if plan is None:
            messages.error(request, "预案不存在或不在您的数据范围内")
            return redirect(url)
        try:
            started = activation.activate(incident, plan, form.cleaned_data["level"],
                                          actor=self.actor, reason=form.cleaned_data["reason"])
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, refusal_text(exc))
            return redirect(url)
        messages.success(request, f"已依据《{plan.name}》启动{started.get_level_display()}，"
                                  f"下达{started.tasks.count()}项处置任务")
        return redirect(url)


class ChangeLevelView(ObjectActionView):
    """调整响应级别 of a plan's response."""

    model = PlanActivation
    form_class = ChangeLevelForm
    success_message = "已调整响应级别"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return activation.change_level(obj, data["level"], actor=self.actor, reason=data["reason"])

    def success_url(self, obj: Any) -> str:
        return reverse("incident_plans", kwargs={"pk": obj.incident_id})


class ActivationBoardView(TemplatePageView):
    """预案启动: open incidents in scope with the best matching plan and level."""

    model = PlanActivation
    title = "预案启动"
    template_name = "plans/board.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        incidents = list(Incident.objects.restrict(self.request.user, "view")
                         .filter(state__in=("received", "responding")).select_related("region")
                         .order_by("-received_at")[:30])
        started = set(PlanActivation.objects.filter(incident__in=incidents, active=True)
                      .values_list("incident_id", flat=True))
        rows = []
        for incident in incidents:
            found = matching.match_incident(incident)
            rows.append({"incident": incident, "best": found[0] if found else None,
                         "count": len(found), "started": incident.pk in started})
        return {"rows": rows}
