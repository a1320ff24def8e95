"""Incident pages: list, fast intake, the incident page (grade, reports with countdown,
dispatch, response, closing, review) and its actions. Thin: writes go through services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from yingji.core.scope import may
from yingji.core.views.generic import (
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
)
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.incidents import rules
from yingji.incidents.filtersets import FindingFilterSet, IncidentFilterSet, InfoReportFilterSet
from yingji.incidents.forms import (
    DetailsForm,
    FiguresForm,
    IncidentForm,
    ReportSubmitForm,
    bootstrap,
)
from yingji.incidents.models import (
    DispatchOrder,
    Finding,
    Incident,
    InfoReport,
    ReportStatus,
    ReportVersion,
    ResponseLevel,
)
from yingji.incidents.models.reports import OUTSTANDING
from yingji.incidents.services import dispatch, intake, reports
from yingji.incidents.services.common import incident_timeline
from yingji.incidents.workflow import DISPATCH_FLOW, INCIDENT_FLOW, TASK_FLOW

GRADE_BADGE = {"I": "red", "II": "orange", "III": "yellow", "IV": "blue"}


def _state(obj: Incident) -> str:
    return INCIDENT_FLOW.label(obj.state)


class IncidentListView(RegionFilterWidgetMixin, ObjectListView):
    """突发事件 list: filter by region, type, grade, state, time and reporting; export."""

    model = Incident
    filterset_class = IncidentFilterSet
    select_related = ("region",)
    columns = (
        Column("title", "事件名称", link_to_detail=True),
        Column("received_at", "接报时间", sortable=True),
        Column("subtype", "类型", accessor="get_subtype_display"),
        Column("grade", "等级", accessor="grade_display", sortable=True, order_field="grade",
               badge=lambda i: GRADE_BADGE.get(i.grade, "")),
        Column("region", "区划", accessor="region.name"),
        Column("deaths", "死亡", sortable=True),
        Column("state", "状态", accessor=_state, sortable=True, order_field="state"),
        Column("reporting", "报送", accessor=lambda i: "；".join(p for p in (
            f"迟报{i.late_reports}" if i.late_reports else "",
            f"超时未报{i.overdue_reports}" if i.overdue_reports else "") if p),
            badge=lambda i: "red" if i.overdue_reports else ("orange" if i.late_reports else "")),
        Column("grade_warning", "等级提示", export=True),
    )

    def get_queryset(self) -> Any:
        from django.db.models import Count, Q

        return super().get_queryset().annotate(
            late_reports=Count("reports", filter=Q(reports__late=True)),
            overdue_reports=Count("reports", filter=Q(reports__status__in=OUTSTANDING,
                                                      reports__due_at__lt=timezone.now()))
        ).order_by("-received_at", "-id")


class IncidentIntakeView(ObjectEditView):
    """接报登记: the fast form; the grade preview and enterprise match update as typed."""

    model = Incident
    form_class = IncidentForm
    template_name = "incidents/intake.html"

    def get_object(self) -> Any:
        if "pk" in self.kwargs:
            raise PermissionDenied("事件登记后请在事件页面更新伤亡和定级")
        return None

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.ModelForm[Any]:
        form = super().get_form(obj, data, files)
        if data is None:
            form.initial.setdefault("received_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
            region_code = getattr(self.request.user, "scope_region_id", None)
            if region_code:
                form.initial.setdefault("region", region_code)
        return form

    def perform_create(self, form: forms.ModelForm[Any]) -> Any:
        return intake.receive_incident(self.form_data(form), actor=self.actor)

    def render_form(self, form: forms.ModelForm[Any], obj: Any) -> HttpResponse:
        from yingji.core.forms import mark_invalid
        from yingji.ui.views.map import map_settings

        mark_invalid(form)
        return self.render(self.template_name, {
            "view": self, "form": form, "title": "接报登记", "pretitle": "突发事件",
            "map": map_settings(self.request.user), "cancel_url": "/incidents/",
            "subtypes": {c: [(s.code, s.label) for s in rules.subtypes_of(c)]
                         for c, _ in rules.CATEGORIES},
        })


class GradePreviewView(PageView):
    """GET: the rule's grade, the contradiction warning, the report limits and the
    matched enterprise for the figures typed so far (JSON for the intake form)."""

    model = Incident
    action = "add"

    def get(self, request: HttpRequest) -> JsonResponse:
        params = request.GET
        figures: dict[str, Any] = {}
        for name in intake.FIGURES:
            try:
                figures[name] = float(params.get(name) or 0) if name == "loss_wan" else int(
                    params.get(name) or 0)
            except ValueError:
                return JsonResponse({"error": f"{intake.FIGURE_LABELS[name]}应为数字"}, status=400)
        category, subtype = params.get("category", ""), params.get("subtype", "")
        reason = rules.check_classification(category, subtype)
        if reason:
            return JsonResponse({"error": reason}, status=400)
        suggestion = intake.suggest_grade(category, subtype, figures)
        chosen = params.get("grade") or suggestion.grade
        probe = Incident(category=category, subtype=subtype, grade=chosen or "",
                         suggested_grade=suggestion.grade or "")
        limits = reports.rule_for(probe)
        try:
            lon = float(params["longitude"]) if params.get("longitude") else None
            lat = float(params["latitude"]) if params.get("latitude") else None
        except ValueError:
            lon = lat = None
        match = intake.match_for({"longitude": lon, "latitude": lat,
                                  **{k: params.get(k, "") for k in (
                                      "caller_unit", "title", "address", "description")}},
                                 request.user)
        enterprise = match.enterprise
        return JsonResponse({
            "grade": suggestion.grade, "grade_label": rules.grade_label(suggestion.grade),
            "basis": suggestion.basis,
            "warning": rules.contradiction(params.get("grade") or None, suggestion.grade),
            "first_minutes": limits.first_minutes, "followup_hours": limits.followup_hours,
            "report_to": limits.report_to,
            "follow_up_days": rules.follow_up_window(subtype),
            "enterprise": {"id": enterprise.pk, "name": enterprise.name} if enterprise else None,
            "enterprise_question": match.question,
            "enterprise_candidates": [{"id": c.pk, "name": c.name} for c in match.candidates],
        })


class IncidentDetailView(ObjectDetailView):
    """The incident page: facts, grade and warning, report deadlines with countdown,
    dispatch (recommendations and orders), response tasks, closing and review; the
    timeline holds everything of the incident and its orders, reports and tasks."""

    model = Incident
    select_related = ("region", "enterprise", "received_by")
    extra_template = "incidents/incident_panel.html"
    fields = ("received_at", "source", "caller", "caller_phone", "caller_unit",
              Column("category", "类别", accessor=lambda i: f"{i.get_category_display()} / "
                                                              f"{i.get_subtype_display()}"),
              "region", "address",
              Column("point", "坐标", accessor=lambda i: f"{i.longitude:.5f}, {i.latitude:.5f}"
                     if i.point else ""),
              "occurred_at",
              Column("casualties", "伤亡", accessor=lambda i: (
                  f"死亡{i.deaths} 失踪{i.missing} 重伤{i.serious_injuries} 轻伤{i.injuries} "
                  f"被困{i.trapped}")),
              "loss_wan", "description", "enterprise", "received_by")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        now = timezone.now()
        context["edit_url"] = context["delete_url"] = None
        context["timeline"] = list(reversed(incident_timeline(obj)))
        report_rows = list(obj.reports.prefetch_related("versions").order_by("due_at", "pk"))
        for report in report_rows:
            if report.status in OUTSTANDING and report.due_at is not None:
                report.overdue, report.seconds = rules.countdown(report.due_at, now)
            if report.status == ReportStatus.REVIEW:
                report.can_sign = reports.may_sign_off(self.actor, obj, now)
        context["reports"] = report_rows
        context["report_counts"] = reports.report_counts(report_rows, now)
        context["report_rule"] = reports.rule_for(obj)
        orders = list(obj.orders.order_by("issued_at", "pk"))
        for order in orders:
            order.steps = DISPATCH_FLOW.available(order, self.actor)
            order.state_label = DISPATCH_FLOW.label(order.state)
        context["orders"] = orders
        context["arrival"] = dispatch.arrival_rate(orders)
        tasks = list(obj.tasks.select_related("department", "assignee"))
        for task in tasks:
            task.steps = TASK_FLOW.available(task, self.actor)
            task.state_label = TASK_FLOW.label(task.state)
            task.overdue = task.state != "done" and task.due_at < now
        context["tasks"] = tasks
        context["state_label"] = INCIDENT_FLOW.label(obj.state)
        context["can_change"] = may(user, Incident, "change") and obj.is_open
        context["can_dispatch"] = may(user, DispatchOrder, "add") and obj.is_open
        context["transitions"] = [t for t in INCIDENT_FLOW.available(obj, self.actor)
                                  if t.name in ("close", "reopen")]
        context["grades"] = rules.GRADES
        context["levels"] = ResponseLevel.choices
        context["figures_form"] = bootstrap(FiguresForm(initial={
            n: getattr(obj, n) for n in ("deaths", "missing", "serious_injuries", "injuries",
                                         "trapped", "loss_wan")}))
        context["details_form"] = bootstrap(DetailsForm(instance=obj))
        context["report_form"] = bootstrap(ReportSubmitForm(initial={
            "kind": next((r.kind for r in report_rows if r.status == ReportStatus.PENDING),
                         "followup")}))
        context["capability"] = self.request.GET.get("capability", "")
        if context["can_dispatch"]:
            try:
                context["recommended"] = dispatch.recommend(obj, user,
                                                            capability=context["capability"])
            except ValidationError as exc:
                context["recommend_error"] = "；".join(exc.messages)
        context["review"] = getattr(obj, "review", None) if obj.state == "reviewed" else None
        if context["review"] is not None:
            context["findings"] = list(context["review"].findings.all())
        from yingji.core.models import User
        from yingji.core.scope import region_range_q, scope_of

        prefix = scope_of(user).region_prefix
        people = User.objects.filter(is_active=True)
        if prefix is not None:
            people = people.filter(region_range_q("scope_region", prefix))
        context["people"] = list(people.order_by("real_name")[:200])
        context["today"] = date.today().isoformat()
        context["now_local"] = timezone.localtime(now).strftime("%Y-%m-%dT%H:%M")
        return context


class ReportDocxView(PageView):
    """A report version as a Word document."""

    model = InfoReport

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = get_object_or_404(
            ReportVersion.objects.restrict(request.user, "view").select_related(
                "report__incident__region", "report__incident__enterprise"), pk=pk)
        content = reports.docx_bytes(version)
        response_ = HttpResponse(content, content_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
        from urllib.parse import quote

        name = quote(f"{version.report}-第{version.number}版.docx")
        response_["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
        return response_


def _incident_link(obj: Any) -> str:
    from django.urls import reverse

    return reverse("incident_detail", kwargs={"pk": obj.incident_id})


class InfoReportListView(ObjectListView):
    """信息报送台账: every report owed or made, with due time, submission and 迟报; export."""

    model = InfoReport
    filterset_class = InfoReportFilterSet
    select_related = ("incident",)
    columns = (
        Column("incident", "事件", accessor="incident.title", link=_incident_link),
        Column("kind", "报告", accessor=lambda r: str(r).split("·", 1)[1]),
        Column("due_at", "时限", sortable=True),
        Column("submitted_at", "报送时间", sortable=True),
        Column("status", "状态", accessor="get_status_display"),
        Column("late", "迟报", accessor=lambda r: f"迟报{r.late_minutes}分钟" if r.late else "",
               badge=lambda r: "red" if r.late else ""),
        Column("report_to", "报送对象"),
    )

    def get_queryset(self) -> Any:
        return super().get_queryset().order_by("-due_at", "-id")


class FindingListView(ObjectListView):
    """复盘整改: findings of every review followed to closure; export."""

    model = Finding
    filterset_class = FindingFilterSet
    select_related = ("review__incident",)
    columns = (
        Column("problem", "问题"),
        Column("incident", "事件", accessor="review.incident.title",
               link=lambda f: _incident_link(f.review)),
        Column("responsible_unit", "责任单位", sortable=True),
        Column("due_date", "整改时限", sortable=True),
        Column("state", "状态", accessor=lambda f: "已销号" if f.state == "closed" else "整改中",
               badge=lambda f: "green" if f.state == "closed" else "orange"),
        Column("rectification", "整改情况"),
    )

    def get_queryset(self) -> Any:
        return super().get_queryset().order_by("state", "due_date", "id")
