"""Inspection pages: the list, the detail page with findings and the rectification
steps (``forms.INSPECTION_STEPS``), the record form, the finding and 立案 actions.
Thin: writes go through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone

from yingji.core.scope import may
from yingji.core.steps.views import StepView
from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.enforcement.filtersets import InspectionFilterSet
from yingji.enforcement.forms import INSPECTION_STEPS, FindingForm, InspectionForm
from yingji.enforcement.models import DocumentKind, DrawPick, Finding, Inspection, Inspector
from yingji.enforcement.services import inspections
from yingji.enforcement.services.documents import INSPECTION_DOCUMENTS, may_issue
from yingji.enforcement.workflow import INSPECTION_FLOW

INSPECTION_COLUMNS = (
    Column("number", "检查编号", sortable=True, link_to_detail=True),
    Column("enterprise", "被检查单位", accessor="enterprise.name", link_to_detail=True),
    Column("region", "街道", accessor="region.name"),
    Column("source", "来源", accessor="get_source_display"),
    Column("method", "方式", accessor="get_method_display"),
    Column("inspected_on", "检查日期", sortable=True),
    Column("state", "状态", accessor=lambda i: INSPECTION_FLOW.label(i.state) + (
        "（复查逾期）" if i.recheck_overdue else ""), sortable=True,
        badge=lambda i: "red" if i.recheck_overdue
        else {"passed": "green", "failed": "orange"}.get(i.state, "")),
    Column("recheck_on", "复查日期", sortable=True),
)


class InspectionListView(ObjectListView):
    """现场检查: filters, sort, page, Excel export."""

    model = Inspection
    title = "现场检查"
    filterset_class = InspectionFilterSet
    select_related = ("enterprise", "region")
    columns = INSPECTION_COLUMNS


class InspectionDetailView(ObjectDetailView):
    model = Inspection
    select_related = ("enterprise", "region", "department", "team", "plan", "campaign")
    extra_template = "enforcement/inspection_panel.html"
    fields = ("number", Column("enterprise", "被检查单位", accessor="enterprise.name",
                               link=lambda i: reverse("enterprise_detail", args=[i.enterprise_id])),
              "region", "department", "source",
              Column("campaign", "专项行动", accessor=lambda i: i.campaign.name if i.campaign else "",
                     link=lambda i: reverse("campaign_detail", args=[i.campaign_id])
                     if i.campaign_id else None),
              "method", "joint_departments", "inspected_on",
              Column("inspectors", "检查人员", accessor=lambda i: "、".join(
                  p.name for p in i.inspectors.all())),
              Column("items", "检查事项", accessor=lambda i: "、".join(x.name for x in i.items.all())),
              "site_contact", "summary", Column("state", "状态", accessor="get_state_label"),
              "rectification_due", "rectification_order", "recheck_on", "recheck_passed",
              "recheck_opinion")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        can_change = may(user, Inspection, "change")
        context["edit_url"] = None  # a recorded inspection changes through its steps only
        context.update({
            "findings": list(obj.findings.select_related("standard", "case", "item")),
            "finding_form": FindingForm() if can_change and obj.state in ("recorded", "rectifying") else None,
            # The steps the workflow offers this user now, each with its form (the one
            # declaration of its inputs) carrying the version shown.
            "steps": [(step, step.form(initial={"version": obj.version}))
                      for step in INSPECTION_STEPS.available(obj, self.actor)] if can_change else [],
            "can_view_cases": user.has_perm("enforcement.view_case"),
            "can_open_case": may(user, Finding, "view")
            and user.has_perm("enforcement.add_case"),
            "officers": list(obj.inspectors.all()),
            "documents": list(obj.documents.order_by("issued_at")),
            "issue_kinds": [(k, DocumentKind(k).label) for k in INSPECTION_DOCUMENTS
                            if may_issue(obj, k)] if user.has_perm("enforcement.add_document") else [],
        })
        return context


class InspectionEditView(ObjectEditView):
    """Record a 现场检查 (new only: afterwards it changes through its steps)."""

    model = Inspection
    form_class = InspectionForm

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.ModelForm[Any]:
        form = super().get_form(obj, data, files)
        field: Any = form.fields["inspectors"]
        field.queryset = Inspector.objects.restrict(self.request.user, "view").filter(is_active=True)
        if obj is None:
            form.initial.setdefault("inspected_on", timezone.localdate())
        picks: Any = form.fields["pick"]
        picks.queryset = DrawPick.objects.restrict(self.request.user, "view")
        if obj is None and "enterprise" in self.request.GET:
            form.initial["enterprise"] = self.request.GET["enterprise"]
        pick = picks.queryset.select_related("draw").filter(
            pk=self.request.GET.get("pick") or 0).first() if obj is None else None
        if pick is not None:  # 登记检查 from a draw's row: its enterprise, team and plan
            form.initial.update(pick=pick.pk, enterprise=pick.enterprise_id, source="draw",
                                plan=pick.draw.plan_id, inspectors=list(pick.inspectors.all()))
        return form

    def perform_create(self, form: forms.ModelForm[Any]) -> Any:
        data = self.form_data(form)
        people = list(data.pop("inspectors"))
        items = list(data.pop("items", []))
        return inspections.record_inspection(data, actor=self.actor, inspectors=people, items=items)

    def perform_update(self, obj: Any, form: forms.ModelForm[Any]) -> Any:
        from django.core.exceptions import ValidationError

        raise ValidationError("现场检查记录登记后不能修改，请通过检查发现、责令整改和复查记录后续情况")


class InspectionActionView(ObjectActionView):
    model = Inspection

    def success_url(self, obj: Any) -> str:
        return reverse("inspection_detail", args=[obj.pk])


class FindingView(InspectionActionView):
    form_class = FindingForm
    success_message = "已登记检查发现"

    def perform(self, obj: Inspection, data: dict[str, Any]) -> Any:
        inspections.add_finding(obj, data, actor=self.actor)
        return obj


class InspectionStepView(StepView):
    """The step buttons post here with the step's ``name`` (``forms.INSPECTION_STEPS``):
    the inspection in scope (404 otherwise), the step's form, its service; back to the
    inspection's page."""

    model = Inspection
    steps = INSPECTION_STEPS


class FindingCaseView(ObjectActionView):
    """立案 from a violation found in an inspection (the inspection's officers)."""

    model = Finding
    action = "view"
    success_message = "已立案"

    def perform(self, obj: Finding, data: dict[str, Any]) -> Any:
        officers = list(obj.inspection.inspectors.all())
        return inspections.open_case_from_finding(obj, actor=self.actor, officers=officers)

    def success_url(self, obj: Any) -> str:
        return reverse("case_detail", args=[obj.pk]) if hasattr(obj, "decision_due") \
            else reverse("inspection_detail", args=[obj.inspection_id])

    def failure_url(self, obj: Any) -> str:
        return reverse("inspection_detail", args=[obj.inspection_id])
