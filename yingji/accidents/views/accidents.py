"""The accident ledger (事故台账), the record, its entry and correction, the turn from an
incident, and the detail page's steps (posted to ``AccidentStepView``). Thin: the
services decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from yingji.accidents import rules, workflow
from yingji.accidents.filtersets import AccidentFilterSet
from yingji.accidents.forms import STEPS, AccidentForm, FromIncidentForm
from yingji.accidents.models import Accident, CrossCheckRow, Stage
from yingji.accidents.services import accidents, crosscheck, findings
from yingji.core.scope import may
from yingji.core.steps.views import StepView
from yingji.core.views.actions import refusal_text
from yingji.core.views.generic import (
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    TemplatePageView,
)
from yingji.core.views.pages import RegionFilterWidgetMixin

GRADE_BADGE = {"I": "red", "II": "orange", "III": "yellow", "IV": "azure"}


def stage_text(a: Accident) -> str:
    label = Stage(a.state).label
    today = timezone.localdate()
    if a.state == Stage.INVESTIGATING and a.report_due and a.report_due < today:
        return label + "（调查报告逾期）"
    if a.state == Stage.REPORTED and a.reply_due and a.reply_due < today:
        return label + "（批复逾期）"
    if a.state == Stage.CLOSED and a.review_due and a.review_due < today:
        return label + "（回头看逾期）"
    return label


def _stage_badge(a: Accident) -> str:
    if "逾期" in stage_text(a):
        return "red"
    return {"closed": "green", "reviewed": "green", "none": "secondary"}.get(a.state, "")


ACCIDENT_COLUMNS = (
    Column("number", "编号", sortable=True, link_to_detail=True),
    Column("title", "事故名称", link_to_detail=True),
    Column("occurred_at", "发生时间", sortable=True),
    Column("region", "发生地", accessor="region.name"),
    Column("unit", "事故单位", accessor="unit_display"),
    Column("industry", "行业", accessor="get_industry_display"),
    Column("grade", "等级", accessor="grade_display", sortable=True,
           badge=lambda a: GRADE_BADGE.get(a.grade, "")),
    Column("deaths", "死亡（失踪）", accessor=lambda a: f"{a.deaths}（{a.missing}）"),
    Column("stage", "办理阶段", accessor=stage_text, badge=_stage_badge),
    Column("supervised", "挂牌督办", accessor=lambda a: "是" if a.supervised else ""),
)
EXPORT_EXTRA = (
    Column("category_6441", "事故类别", accessor="get_category_6441_display"),
    Column("serious_injuries", "重伤"), Column("minor_injuries", "轻伤"),
    Column("loss_wan", "直接经济损失（万元）"),
    Column("is_production", "生产安全事故"),
    Column("causes", "原因分类", accessor="cause_labels"),
    Column("investigating_level", "调查层级", accessor="get_investigating_level_display"),
    Column("report_due", "调查报告期限"), Column("replied_on", "批复日期"),
    Column("closed_on", "结案日期"),
)


class AccidentListView(RegionFilterWidgetMixin, ObjectListView):
    """事故台账: filters, sort, page, overdue flags, Excel export."""

    model = Accident
    title = "生产安全事故台账"
    filterset_class = AccidentFilterSet
    select_related = ("region", "enterprise")
    toolbar_template = "accidents/list_toolbar.html"
    columns = ACCIDENT_COLUMNS

    def export_columns(self) -> list[Column]:
        return [*self.columns, *EXPORT_EXTRA]


def _step_form(step: Any, obj: Accident, actor: Any) -> Any:
    """The step's unbound form on the page, carrying the version shown."""
    form: Any = step.form
    return form(accident=obj, user=actor.user, initial={"version": obj.version})


def _has_rows_to_choose(form: Any) -> bool:
    """Whether every required row choice of the step's form has a row to choose (移出调查组成员
    without members, 整改完成 with every measure done: not offered, it could only fail)."""
    from django import forms as django_forms

    return all(field.queryset is not None and field.queryset.exists()
               for field in form.fields.values()
               if isinstance(field, django_forms.ModelChoiceField) and field.required)


class AccidentDetailView(ObjectDetailView):
    """One accident: its facts, the grade history, the investigation with its deadlines,
    the team, findings and measures, the timeline; the steps the state allows."""

    model = Accident
    select_related = ("region", "enterprise", "created_by")
    extra_template = "accidents/accident_panel.html"
    fields = ("number", "title", "occurred_at", "region", "address",
              Column("unit", "事故单位", accessor="unit_display",
                     link=lambda a: reverse("enterprise_detail", args=[a.enterprise_id])
                     if a.enterprise_id else None),
              "credit_code", "industry", "subtype",
              Column("is_production", "事故性质", accessor=lambda a: "生产安全事故" if a.is_production
                     else f"非生产安全事故（{a.get_non_production_reason_display()}"
                          f"{'：' + a.non_production_note if a.non_production_note else ''}）"),
              Column("grade", "事故等级（按493号令核定）", accessor="grade_display"),
              "deaths", "missing", "serious_injuries", "minor_injuries", "loss_wan", "victims",
              "category_6441", Column("causes", "事故原因分类", accessor="cause_labels"),
              "description", "source",
              Column("concealed", "瞒报认定",
                     accessor=lambda a: f"经核查属瞒报（瞒报单位和人员：{a.concealed_by}）"
                     if a.concealed else ""),
              Column("incident", "来源事件", accessor=lambda a: "查看来源事件" if a.incident_id else "",
                     link=lambda a: reverse("incident_detail", args=[a.incident_id])
                     if a.incident_id else None))

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["can_change"] = may(self.request.user, Accident, "change")
        context["delete_url"] = None
        actor = self.actor
        # The steps the workflow offers this user in this state whose conditions hold.
        offered = [(step, _step_form(step, obj, actor)) for step in STEPS.available(obj, actor)
                   if workflow.offered(obj, actor, step.name)]
        context["steps"] = [(step, form) for step, form in offered if _has_rows_to_choose(form)]
        context["grade_changes"] = list(obj.grade_changes.select_related("changed_by"))
        context["team"] = list(obj.team.all())
        context["findings"] = list(obj.findings.all())
        context["measures"] = list(obj.measures.all())
        context["today"] = timezone.localdate()
        context["level_label"] = rules.LEVEL_LABELS.get(obj.investigating_level, "")
        context["fine_unit"] = findings.fine_hint(obj, "unit")
        context["fine_head"] = findings.fine_hint(obj, "person")
        return context


class AccidentEditView(ObjectEditView):
    """事后补录 and correction of the facts (figures change by 核定伤亡损失). With
    ``?row=<pk>`` (the 补录 link of a 瞒报 verification task) the form starts from the
    row's date, unit, credit code, place and person, and the saved record goes back to
    the task, chosen for its verdict."""

    model = Accident
    form_class = AccidentForm
    create_service = accidents.create_accident

    def perform_update(self, obj: Any, form: Any) -> Any:
        return accidents.update_accident(obj, self.form_data(form), actor=self.actor,
                                         expected_version=form.cleaned_data["seen_version"])

    def crosscheck_row(self) -> CrossCheckRow | None:
        raw = self.request.POST.get("row") or self.request.GET.get("row") or ""
        if "pk" in self.kwargs or not raw.isdigit() or len(raw) > 12:
            return None
        return get_object_or_404(CrossCheckRow.objects.restrict(self.request.user, "change")
                                 .select_related("batch", "region"), pk=int(raw))

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> Any:
        row = self.crosscheck_row()
        if row is None:
            return super().get_form(obj, data, files)
        form: Any = self.form_class(data, files, instance=obj, user=self.request.user,
                                    initial=crosscheck.entry_initial(row, user=self.request.user))
        form.crosscheck_row = row
        return form

    def perform_create(self, form: Any) -> Any:
        row = getattr(form, "crosscheck_row", None)
        if row is None:
            return super().perform_create(form)
        return crosscheck.enter_accident_for_row(row, self.form_data(form), actor=self.actor)

    def success_url(self, obj: Any) -> str:
        row = self.crosscheck_row()
        if row is not None:
            return reverse("crosscheckrow_detail", args=[row.pk]) + f"?accident={obj.pk}"
        return super().success_url(obj)


class AccidentStepView(StepView):
    """The detail page's step buttons post here with the step's ``name``
    (``forms.STEPS``). A step the user's role may not take at all (an inspector's 提级调查,
    批复 or 结案) is a 403, as in the API; the rest is StepView's: form errors and
    refusals in Chinese, nothing changed."""

    model = Accident
    action = "view"  # each step's own permission decides (ACCIDENT_FLOW)
    steps = STEPS
    invalid_message = "{step}填写有误"
    forbid_never_allowed = True



class FromIncidentView(TemplatePageView):
    """转为事故记录: pick a production safety incident in scope; its facts are taken over."""

    model = Accident
    action = "add"
    title = "由突发事件转为事故记录"
    template_name = "accidents/from_incident.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        initial = {"incident": self.request.GET.get("incident")} if self.request.GET.get("incident") else None
        return {"form": kwargs.get("form") or FromIncidentForm(user=self.request.user, initial=initial)}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = FromIncidentForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            incident = data.pop("incident")
            try:
                accident = accidents.accident_from_incident(incident, actor=self.actor, data=data)
            except ValidationError as exc:
                messages.error(request, refusal_text(exc))
            else:
                messages.success(request, f"已转为事故记录：{accident.number}")
                return redirect("accident_detail", pk=accident.pk)
        return self.render(self.template_name, self.get_context_data(form=form))
