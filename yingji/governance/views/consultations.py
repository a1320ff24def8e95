"""会商研判 pages: the list (filter, sort, page, export), the session's page with the
report's parts (figures, trend charts, the draft's edit form), the follow-up tasks and
the steps, the edit of the session and the Word report. Thin: the services decide."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from yingji.core.documents import docx_response
from yingji.core.steps.views import StepView
from yingji.core.views.base import restricted
from yingji.core.views.generic import Column, ObjectDetailView, ObjectEditView, ObjectListView, PageView
from yingji.governance import rules
from yingji.governance.filtersets import ConsultationFilterSet
from yingji.governance.forms_consultations import (
    CONSULTATION_STEPS,
    ConsultationForm,
    FollowUpForm,
    ReportEditForm,
)
from yingji.governance.models import Consultation, Node
from yingji.governance.services import consultation_report, consultations
from yingji.governance.services.consultation_data import figure_text


def _period(c: Consultation) -> str:
    return f"{c.period_start:%Y-%m-%d}至{c.period_end:%Y-%m-%d}"


class ConsultationListView(ObjectListView):
    model = Consultation
    title = "会商研判"
    filterset_class = ConsultationFilterSet
    select_related = ("region",)
    columns = (Column("title", "会商主题", link_to_detail=True),
               Column("kind", "会商类型", accessor="get_kind_display"),
               Column("region", "研判区域", accessor="region.name"),
               Column("period_end", "研判期", accessor=_period, sortable=True),
               Column("held_on", "会商日期", sortable=True),
               Column("auto", "定期自动生成"),
               Column("status", "状态", accessor="get_status_display",
                      badge=lambda c: "green" if c.status == "issued" else "yellow"),
               Column("number", "报告编号"))


class ConsultationDetailView(ObjectDetailView):
    model = Consultation
    select_related = ("region", "issued_by", "item")
    extra_template = "governance/consultation_panel.html"
    show_attachments = False
    fields = ("title", "kind", "region", Column("period", "研判期", accessor=_period), "held_on",
              "host", "participants", "conclusions", "status", "number", "auto", "generated_at",
              "issued_by", "issued_at")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        may_change = obj.is_draft and user.has_perm("governance.change_consultation")
        if not obj.is_draft:
            context["edit_url"] = None
        context["delete_url"] = None
        parts = []
        for number, part in enumerate(obj.sections, start=1):
            rows = [{**i, "value_text": figure_text(i["value"], i["unit"]),
                     "previous_text": figure_text(i["previous"], i["unit"])} for i in part["indicators"]]
            months = [f"{int(m[5:])}月" for m in part["months"]]
            chart = {"title": f"{part['title']}逐月趋势", "months": months,
                     "series": [{"name": i["name"], "unit": i["unit"], "values": i["trend"]}
                                for i in part["indicators"]]}
            parts.append({**part, "heading": f"{rules.chinese_number(number)}、{part['title']}",
                          "rows": rows, "chart": chart})
        today = timezone.localdate()
        nodes = list(Node.objects.restrict(user, "view").filter(item_id=obj.item_id)
                     .select_related("owner", "region")) if obj.item_id else []
        for node in nodes:
            code = node.status(today)
            node.status_label, node.status_badge = rules.STATUS_LABELS[code], rules.STATUS_BADGES[code]
        context.update(
            parts=parts, nodes=nodes, may_change=may_change,
            may_issue=obj.is_draft and user.has_perm("governance.issue_consultation"),
            edit_form=ReportEditForm(consultation=obj) if may_change else None,
            follow_up_form=FollowUpForm(user=user) if may_change else None)
        return context


class ConsultationEditView(ObjectEditView):
    model = Consultation
    form_class = ConsultationForm
    create_service = consultations.create_consultation
    update_service = consultations.update_consultation

    def required_action(self) -> str:
        return "change" if "pk" in self.kwargs else "add"


class ConsultationStepView(StepView):
    model = Consultation
    action = "view"  # each step's own permission and the service decide
    steps = CONSULTATION_STEPS


class ConsultationReportView(PageView):
    """The report (Word), with its charts."""

    model = Consultation

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        consultation = get_object_or_404(restricted(self, "view").select_related("region"), pk=kwargs["pk"])
        content = consultation_report.report_file(consultation, actor=self.actor)
        suffix = consultation.number or "征求意见稿"
        return docx_response(content, f"{consultation.title}（{suffix}）.docx")
