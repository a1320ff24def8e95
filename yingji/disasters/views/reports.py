"""Reports: the informant's phone form, the list and a report's page with the street's
and the county's steps, resubmission of a returned report, correction after 核报, and
the registers of the dead and missing and of damaged houses."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from yingji.core.forms import apply_errors
from yingji.core.steps.views import StepView
from yingji.core.views.generic import (
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
)
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.disasters import rules
from yingji.disasters.filtersets import (
    CasualtyRecordFilterSet,
    DamagedHouseFilterSet,
    DisasterReportFilterSet,
)
from yingji.disasters.forms import (
    REPORT_STEPS,
    CasualtyForm,
    CorrectionForm,
    FiguresForm,
    HouseForm,
    ReportForm,
)
from yingji.disasters.models import CasualtyRecord, DamagedHouse, DisasterReport
from yingji.disasters.services import registers, reports
from yingji.disasters.workflow import REPORT_FLOW

STATE_BADGE = {"submitted": "orange", "reviewed": "azure", "accepted": "green", "returned": "red"}


class ReportListView(RegionFilterWidgetMixin, ObjectListView):
    model = DisasterReport
    title = "灾情报告"
    filterset_class = DisasterReportFilterSet
    select_related = ("region", "event", "submitted_by")
    columns = (
        Column("region", "村（社区）", accessor="region.name", link_to_detail=True),
        Column("event", "灾害", accessor="event.title"),
        Column("kind", "类型", accessor="get_kind_display"),
        Column("sequence", "序号"),
        Column("reported_at", "统计截至", sortable=True),
        Column("affected", "受灾人口"),
        Column("relocated", "紧急转移安置"),
        Column("state", "状态", accessor="get_state_label", badge=lambda r: STATE_BADGE.get(r.state, "")),
        Column("late", "迟报", badge=lambda r: "red" if r.late else ""),
        Column("flags", "数据提示", accessor=lambda r: "；".join(r.flags)),
    )

    def export_columns(self) -> list[Column]:
        return [
            *self.columns[:5],
            *[Column(n, rules.LABELS[n]) for n in rules.FIELDS],
            Column("direct_loss", "直接经济损失（万元）"),
            *self.columns[7:],
        ]


class ReportDetailView(ObjectDetailView):
    model = DisasterReport
    select_related = ("region", "event", "submitted_by", "reviewed_by", "checked_by")
    extra_template = "disasters/report_panel.html"
    fields = (
        "event",
        "region",
        "kind",
        "sequence",
        "reported_at",
        Column("state", "状态", accessor="get_state_label"),
        "late",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "checked_by",
        "checked_at",
        "comment",
        "correction_reason",
        "note",
        Column("flags", "数据提示", accessor=lambda r: "；".join(r.flags)),
    )

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        groups = []
        for title, rows in (
            ("人员受灾", rules.PEOPLE),
            ("农作物受灾", rules.CROPS),
            ("房屋倒损", rules.HOUSES),
            ("直接经济损失", rules.LOSSES),
        ):
            groups.append((title, [(label, getattr(obj, name), unit) for name, label, unit in rows]))
        context["groups"] = groups
        context["direct_loss"] = obj.direct_loss
        # The steps' own permissions decide (the county's check is not a change of the
        # report: the relief section checks reports it may not edit).
        context["transitions"] = REPORT_STEPS.available(obj, self.actor)
        offered = REPORT_FLOW.available(obj, self.actor)
        context["can_resubmit"] = any(t.name == "resubmit" for t in offered)
        context["can_correct"] = (
            obj.event.frozen_at is not None
            and obj.state == "accepted"
            and self.request.user.has_perm("disasters.correct_disasterreport")
        )
        context["corrections"] = list(obj.corrections.select_related("corrected_by"))
        context["edit_url"] = context["delete_url"] = None
        return context


class ReportStepView(StepView):
    """街道审核 / 区县审核上报 / 退回修改: the buttons post the step's ``name``
    (``forms.REPORT_STEPS``); the report in the user's scope, the step's form, its
    service; back to the report."""

    model = DisasterReport
    action = "view"
    steps = REPORT_STEPS


class ReportFormView(PageView):
    """The informant's phone form: pick the disaster and the community, enter the
    figures (the last report's are filled in), submit."""

    model = DisasterReport
    action = "add"
    title = "灾情报送"

    def _form(self, data: Any = None) -> ReportForm:
        return ReportForm(data, user=self.request.user, initial=self.request.GET.dict())

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form()
        event_id, region_code = request.GET.get("event"), request.GET.get("region")
        previous = None
        if event_id and region_code:
            event = form.fields["event"].queryset.filter(pk=event_id).first()  # type: ignore[attr-defined]
            region = form.fields["region"].queryset.filter(code=region_code).first()  # type: ignore[attr-defined]
            if event is not None and region is not None:
                previous = reports.previous_report(event, region)
                if previous is not None:
                    for name in rules.FIELDS:
                        form.fields[name].initial = getattr(previous, name)
        mine = (
            DisasterReport.objects.restrict(request.user, "view")
            .filter(submitted_by=request.user)
            .select_related("region", "event")[:10]
        )
        return self.render("disasters/report_form.html", {"form": form, "previous": previous, "mine": mine})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = reports.submit_report(
                    data["event"],
                    data["region"],
                    form.figures(),
                    actor=self.actor,
                    correction_reason=data.get("correction_reason") or "",
                    note=data.get("note") or "",
                )
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, ValidationError):
                    apply_errors(form, exc)
                else:
                    form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"已上报：{report}"
                    + ("（数据提示：" + "；".join(report.flags) + "）" if report.flags else ""),
                )
                return redirect(reverse("disasterreport_detail", args=[report.pk]))
        return self.render("disasters/report_form.html", {"form": form, "previous": None, "mine": []})


class FiguresPageView(PageView):
    """Resubmit a returned report, or correct one after 核报 (``correct``)."""

    model = DisasterReport
    action = "view"
    correct = False

    def get_title(self) -> str:
        return "核报后更正" if self.correct else "修改后重新上报"

    def _report(self) -> DisasterReport:
        return get_object_or_404(
            DisasterReport.objects.restrict(self.request.user, "change").select_related("region", "event"),
            pk=self.kwargs["pk"],
        )

    def _form(self, report: DisasterReport, data: Any = None) -> FiguresForm:
        form_class = CorrectionForm if self.correct else FiguresForm
        return form_class(data, initial_figures=report.figures())

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = self._report()
        return self.render("disasters/figures_form.html", {"form": self._form(report), "report": report})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = self._report()
        form = self._form(report, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if self.correct:
                    done = reports.correct_report(
                        report, form.figures(), actor=self.actor, reason=data.get("reason") or ""
                    )
                else:
                    done = reports.resubmit_report(
                        report,
                        form.figures(),
                        actor=self.actor,
                        correction_reason=data.get("correction_reason") or "",
                        note=data.get("note") or "",
                    )
            except ValidationError as exc:
                apply_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已提交：{done}")
                return redirect(reverse("disasterreport_detail", args=[done.pk]))
        return self.render("disasters/figures_form.html", {"form": form, "report": report})


class CasualtyListView(RegionFilterWidgetMixin, ObjectListView):
    model = CasualtyRecord
    title = "因灾死亡失踪人员名单"
    filterset_class = CasualtyRecordFilterSet
    select_related = ("region", "event")
    columns = (
        Column("name", "姓名", link_to_detail=True),
        Column("gender", "性别"),
        Column("age", "年龄"),
        Column("id_number", "身份证号"),
        Column("status", "类别", accessor="get_status_display"),
        Column("region", "村（社区）", accessor="region.name"),
        Column("event", "灾害", accessor="event.title"),
        Column("cause", "原因"),
        Column("occurred_at", "时间"),
    )


class CasualtyDetailView(ObjectDetailView):
    model = CasualtyRecord
    select_related = ("region", "event")


class CasualtyEditView(ObjectEditView):
    model = CasualtyRecord
    form_class = CasualtyForm
    create_service = registers.add_casualty
    update_service = registers.update_casualty

    def form_data(self, form: Any) -> dict[str, Any]:
        data = super().form_data(form)
        if form.instance.pk is None or form.cleaned_data.get("id_number"):
            data["id_number"] = form.cleaned_data.get("id_number")
        data["correction_reason"] = form.cleaned_data.get("correction_reason") or ""
        return data


class HouseListView(RegionFilterWidgetMixin, ObjectListView):
    model = DamagedHouse
    title = "倒损住房户台账"
    filterset_class = DamagedHouseFilterSet
    select_related = ("region", "event")
    columns = (
        Column("head_name", "户主", link_to_detail=True),
        Column("id_number", "身份证号"),
        Column("degree", "损坏程度", accessor="get_degree_display"),
        Column("rooms", "间数"),
        Column("address", "住址"),
        Column("region", "村（社区）", accessor="region.name"),
        Column("event", "灾害", accessor="event.title"),
    )


class HouseDetailView(ObjectDetailView):
    model = DamagedHouse
    select_related = ("region", "event")


class HouseEditView(ObjectEditView):
    model = DamagedHouse
    form_class = HouseForm
    create_service = registers.add_house
    update_service = registers.update_house

    def form_data(self, form: Any) -> dict[str, Any]:
        data = super().form_data(form)
        if form.instance.pk is None or form.cleaned_data.get("id_number"):
            data["id_number"] = form.cleaned_data.get("id_number")
        data["correction_reason"] = form.cleaned_data.get("correction_reason") or ""
        return data
