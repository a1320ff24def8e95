"""Activation pages: the plans matching an incident (ranked, with the reason), starting
a response from a plan, the plan's tasks and 叫应, resource proposals, a change of level;
and the board of open incidents with their best match."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse

from yingji.core.steps.views import StepView
from yingji.core.views.generic import PageView, TemplatePageView
from yingji.incidents.models import Incident
from yingji.monitoring import rules as monitoring_rules
from yingji.plans import rules
from yingji.plans.models import ActivationTask, Plan, PlanActivation
from yingji.plans.services import activation, matching
from yingji.plans.steps import ACTIVATION_STEPS, INCIDENT_STEPS
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
        actor = self.actor
        can_start = bool(INCIDENT_STEPS.available(incident, actor)) and incident.is_open
        # A plan above the user's scope (the city's, for a district) is shown, not linked.
        visible = set(Plan.objects.restrict(user, "view").filter(pk__in=matched)
                      .values_list("pk", flat=True))
        return {"incident": incident, "matches": matches, "others": others,
                "visible_plans": visible,
                "activations": activations, "facts": facts, "can_start": can_start,
                "active_plans": active, "startable": {p.pk for p in startable},
                "can_change": bool(ACTIVATION_STEPS.available(incident, actor)) and incident.is_open,
                "levels": list(rules.LEVELS),
                "pretitle": incident.title,
                "warning_label": warning_rules.level_label(facts.warning_level)
                if facts.warning_level else "",
                "alarm_label": monitoring_rules.LEVEL_LABEL.get(facts.alarm_level, "")}


class IncidentPlanStepView(StepView):
    """启动预案 (``INCIDENT_STEPS``) from the incident's plan page: the plan is read from
    the caller's scope by the step's form; the service checks it covers the incident."""

    model = Incident
    action = "view"
    steps = INCIDENT_STEPS
    invalid_message = "{step}失败"

    def back_url(self, obj: Any) -> str:
        return reverse("incident_plans", kwargs={"pk": obj.pk})


class ActivationStepView(StepView):
    """调整响应级别 of a plan's response (``ACTIVATION_STEPS``)."""

    model = PlanActivation
    steps = ACTIVATION_STEPS
    invalid_message = "{step}失败"

    def back_url(self, obj: Any) -> str:
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
