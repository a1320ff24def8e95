"""Plan pages: the registry list, the plan's page (its digital structure, versions,
lifecycle and activations), add/edit/delete; the lifecycle buttons post to
``PlanStepView`` (``steps.PLAN_STEPS``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from yingji.core.scope import may
from yingji.core.steps.views import StepView
from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.plans import filtersets, rules
from yingji.plans.forms import PlanForm, ReviseForm
from yingji.plans.models import (
    Drill,
    Plan,
    PlanActivation,
    PlanResponseLevel,
    PlanSettings,
    RevisionCause,
)
from yingji.plans.services import drills, lifecycle, plans
from yingji.plans.steps import PLAN_STEPS
from yingji.plans.workflow import PLAN_FLOW


def _state_badge(plan: Plan) -> str:
    return {"in_force": "green", "issued": "orange", "revising": "yellow",
            "abolished": "secondary"}.get(plan.state, "blue")


class PlanListView(ObjectListView):
    """应急预案台账."""

    model = Plan
    filterset_class = filtersets.PlanFilterSet
    select_related = ("region", "enterprise")
    columns = (
        Column("name", "预案名称", link_to_detail=True, sortable=True),
        Column("kind", "类别", accessor="get_kind_display", sortable=True),
        Column("level", "层级", accessor="get_level_display", sortable=True),
        Column("region", "适用区划", accessor="region.name"),
        Column("owner_unit", "编制单位"),
        Column("doc_number", "文号"),
        Column("issued_on", "印发日期", sortable=True),
        Column("state", "状态", accessor="state_label", badge=_state_badge),
    )


class PlanDetailView(ObjectDetailView):
    """The plan: registry fields, the digital structure (command, groups, levels with
    conditions, actions and resources, contacts), versions, lifecycle and activations."""

    model = Plan
    select_related = ("region", "enterprise", "parent", "responsible", "current_version")
    extra_template = "plans/plan_panel.html"
    fields = ("kind", "level", "region", "owner_unit", "enterprise", "parent",
              Column("types", "适用事件", accessor=lambda p: _types(p)),
              "doc_number", "issued_on", "effective_from", "effective_to", "filing_body",
              "filed_on", "last_evaluated_on", "responsible",
              Column("state", "状态", accessor="state_label"), "summary")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        context["edit_url"] = context["edit_url"] if obj.state != "abolished" else None
        if obj.state != "draft" or obj.versions.exists():
            context["delete_url"] = None
        levels = list(PlanResponseLevel.objects.filter(plan=obj).prefetch_related(
            "conditions", "actions__group", "resources"))
        context.update({
            "groups": list(obj.groups.all()),
            "levels": levels,
            "contacts": list(obj.contacts.select_related("group", "user")),
            "versions": list(obj.versions.all()),
            "reviews": list(obj.reviews.all()),
            "evaluations": list(obj.evaluations.all()),
            "revisions": list(obj.revisions.all()),
            "revision_needs": _revision_needs(obj, self.actor),
            "children": list(Plan.objects.restrict(user, "view").filter(parent=obj)),
            "activations": list(PlanActivation.objects.restrict(user, "view").filter(plan=obj)
                                .select_related("incident")[:20]),
            "can_edit": may(user, Plan, "change") and obj.state != "abolished",
            "drills": list(Drill.objects.restrict(user, "view").filter(plan=obj)[:20]),
            "steps": _steps(obj, self.actor),
            "filing_due": lifecycle.filing_due(obj) if obj.state == "issued" else None,
            "filing_workdays": PlanSettings.current().filing_workdays,
            "evaluation_due": lifecycle.evaluation_due(obj) if obj.state in ("in_force", "revising")
            else None,
            "today": timezone.localdate(),
            "filing_materials": [rules.FILING_MATERIALS[m] for m in rules.filing_materials(obj.kind)],
            "suggested_body": rules.filing_body(obj.kind, obj.level),
        })
        return context


def _types(plan: Plan) -> str:
    from yingji.incidents import rules as incident_rules

    names = [incident_rules.SUBTYPE_BY_CODE[c].label for c in plan.subtype_codes
             if c in incident_rules.SUBTYPE_BY_CODE]
    category = incident_rules.CATEGORY_LABELS.get(plan.category, "全部类别")
    return f"{category}：{'、'.join(names)}" if names else category


def _steps(plan: Plan, actor: Any) -> list[dict[str, Any]]:
    """The lifecycle steps the workflow offers this user on the plan now, each with its
    form filled in (the version shown, the filing body and materials the type needs)."""
    initial = {"version": plan.version, "filing_body": rules.filing_body(plan.kind, plan.level),
               "materials": rules.filing_materials(plan.kind)}
    return [{"name": step.name, "label": step.label, "form": step.form(initial=initial)}
            for step in PLAN_STEPS.available(plan, actor)]


def _revision_needs(plan: Plan, actor: Any) -> list[dict[str, Any]]:
    """Drill findings asking for a revision of the plan, each with the revise form filled
    in, for the staff the workflow lets open a revision."""
    if plan.state == "abolished" or not PLAN_FLOW.allowed_for(actor, PLAN_FLOW.transition("revise"), plan):
        return []
    return [{"finding": finding, "form": ReviseForm(initial={
        "version": plan.version, "cause": RevisionCause.DRILL, "drill_finding": finding.pk,
        "detail": f"{finding.drill.title}：{finding.problem}"})}
        for finding in drills.revision_needs(Plan.objects.filter(pk=plan.pk))]


class PlanEditView(ObjectEditView):
    model = Plan
    form_class = PlanForm
    create_service = plans.create_plan
    update_service = plans.update_plan


class PlanDeleteView(ObjectDeleteView):
    model = Plan
    delete_service = plans.delete_plan


class PlanStepView(StepView):
    """The plan page's lifecycle buttons (``PLAN_STEPS``), back to its 生命周期 section."""

    model = Plan
    steps = PLAN_STEPS
    invalid_message = "{step}填写有误"

    def back_url(self, obj: Any) -> str:
        return super().back_url(obj) + "#lifecycle"
