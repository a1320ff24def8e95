"""Plan pages: the registry list, the plan's page (its digital structure, versions,
lifecycle and activations), add/edit/delete and one page action per lifecycle step."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils import timezone

from yingji.core.scope import may
from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.plans import filtersets, rules
from yingji.plans.forms import (
    CommentStepForm,
    EvaluateForm,
    FileForm,
    IssueForm,
    PlanForm,
    ReasonStepForm,
    ReviewForm,
    ReviseForm,
    SignForm,
)
from yingji.plans.models import Drill, Plan, PlanActivation, PlanResponseLevel, PlanRevision, RevisionCause
from yingji.plans.services import drills, lifecycle, plans
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
            "revision_needs": _revision_needs(obj, user),
            "children": list(Plan.objects.restrict(user, "view").filter(parent=obj)),
            "activations": list(PlanActivation.objects.restrict(user, "view").filter(plan=obj)
                                .select_related("incident")[:20]),
            "can_edit": may(user, Plan, "change") and obj.state != "abolished",
            "drills": list(Drill.objects.restrict(user, "view").filter(plan=obj)[:20]),
            "steps": _steps(obj, self.actor),
            "filing_due": lifecycle.filing_due(obj) if obj.state == "issued" else None,
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


# Steps shown on the plan's page: (name, label, form class, url name).
STEP_FORMS: dict[str, tuple[str, type[forms.Form]]] = {
    "submit_review": ("提交评审", CommentStepForm),
    "pass_review": ("登记评审结论", ReviewForm),
    "sign": ("签署", SignForm),
    "issue": ("印发", IssueForm),
    "file": ("备案", FileForm),
    "revise": ("启动修订", ReviseForm),
    "abolish": ("废止", ReasonStepForm),
}


def _steps(plan: Plan, actor: Any) -> list[dict[str, Any]]:
    out = []
    for transition in PLAN_FLOW.available(plan, actor):
        name = transition.name
        if name == "fail_review":
            continue
        label, form_class = STEP_FORMS[name]
        form = form_class(initial={"version": plan.version, "filing_body": rules.filing_body(
            plan.kind, plan.level), "materials": rules.filing_materials(plan.kind)})
        out.append({"name": name, "label": label, "form": form, "url": f"plan_{name}"})
    if plan.state == "in_force" and may(actor.user, Plan, "change"):
        out.append({"name": "evaluate", "label": "登记评估", "form": EvaluateForm(), "url": "plan_evaluate"})
    return out


def _revision_needs(plan: Plan, user: Any) -> list[dict[str, Any]]:
    """Drill findings asking for a revision of the plan, each with the revise form filled
    in, for the staff who may open a revision."""
    if plan.state == "abolished" or not may(user, PlanRevision, "add"):
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


# --- lifecycle steps --------------------------------------------------------------------


class PlanStepView(ObjectActionView):
    """One lifecycle step of a plan from its page."""

    model = Plan
    step: ClassVar[str] = ""

    def success_url(self, obj: Any) -> str:
        return super().success_url(obj) + "#lifecycle"


def _version(data: dict[str, Any]) -> int | None:
    return data.pop("version", None)


class SubmitReviewView(PlanStepView):
    form_class = CommentStepForm
    success_message = "已提交评审"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return lifecycle.submit_review(obj, actor=self.actor, expected_version=_version(data),
                                       comment=data.get("comment", ""))


class ReviewView(PlanStepView):
    form_class = ReviewForm
    success_message = "已登记评审结论"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return lifecycle.record_review(obj, actor=self.actor, expected_version=_version(data), **data)


class SignView(PlanStepView):
    form_class = SignForm
    success_message = "预案已签署"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return lifecycle.sign_plan(obj, actor=self.actor, expected_version=_version(data), **data)


class IssueView(PlanStepView):
    form_class = IssueForm
    success_message = "预案已印发，请在时限内备案"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return lifecycle.issue_plan(obj, actor=self.actor, expected_version=_version(data), **data)


class FileView(PlanStepView):
    form_class = FileForm
    success_message = "预案已备案，进入施行"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return lifecycle.file_plan(obj, actor=self.actor, expected_version=_version(data), **data)


class EvaluateView(PlanStepView):
    form_class = EvaluateForm
    success_message = "已登记预案评估"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        lifecycle.evaluate_plan(obj, actor=self.actor, **data)
        return None


class ReviseView(PlanStepView):
    form_class = ReviseForm
    success_message = "已启动预案修订"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        lifecycle.revise_plan(obj, actor=self.actor, expected_version=_version(data), **data)
        return None


class AbolishView(PlanStepView):
    form_class = ReasonStepForm
    success_message = "预案已废止"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return lifecycle.abolish_plan(obj, actor=self.actor, expected_version=_version(data),
                                      comment=data["comment"])


STEP_VIEWS: dict[str, type[PlanStepView]] = {
    "submit_review": SubmitReviewView, "pass_review": ReviewView, "sign": SignView,
    "issue": IssueView, "file": FileView, "evaluate": EvaluateView, "revise": ReviseView,
    "abolish": AbolishView,
}
