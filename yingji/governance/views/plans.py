"""Work plan pages: the list, the plan with its tree, its edit, the import with its
review screen, and the board. Thin: the services decide."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from yingji.core.views.actions import refusal_text
from yingji.core.views.base import restricted
from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
)
from yingji.governance import rules
from yingji.governance.filtersets import WorkPlanFilterSet
from yingji.governance.forms import ConfirmImportForm, PlanImportForm, WorkPlanForm
from yingji.governance.models import WorkItem, WorkPlan
from yingji.governance.services import board, imports, plans


class WorkPlanListView(ObjectListView):
    model = WorkPlan
    title = "工作计划"
    filterset_class = WorkPlanFilterSet
    select_related = ("region",)
    toolbar_template = "governance/plan_toolbar.html"
    columns = (Column("year", "年度", sortable=True),
               Column("title", "计划名称", link_to_detail=True, sortable=True),
               Column("issuer", "印发单位"), Column("doc_number", "文号"),
               Column("region", "适用区域", accessor="region.name"),
               Column("item_count", "事项数", sortable=True),
               Column("imported_at", "导入时间", sortable=True))


class WorkPlanDetailView(ObjectDetailView):
    model = WorkPlan
    select_related = ("region", "imported_by")
    extra_template = "governance/plan_panel.html"
    fields = ("year", "title", "issuer", "doc_number", "region", "preamble",
              Column("counts", "事项数", accessor="counts_text"), "source", "source_name",
              "imported_by", "imported_at")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        items = list(WorkItem.objects.restrict(user, "view").filter(plan=obj).order_by("order")
                     .prefetch_related("nodes"))
        day = timezone.localdate()
        for item in items:
            nodes = list(item.nodes.all())
            item.node_count = len(nodes)
            code = rules.item_status(n.status(day) for n in nodes) if nodes else ""
            item.status_label = rules.STATUS_LABELS.get(code, "")
            item.status_badge = rules.STATUS_BADGES.get(code, "")
        context["items"] = items
        return context


class WorkPlanEditView(ObjectEditView):
    model = WorkPlan
    form_class = WorkPlanForm
    update_service = plans.update_plan

    def required_action(self) -> str:
        if "pk" not in self.kwargs:
            raise PermissionDenied("请通过“导入工作计划”新建计划")
        return "change"


class WorkPlanDeleteView(ObjectDeleteView):
    model = WorkPlan
    delete_service = plans.delete_plan


class WorkPlanImportView(PageView):
    """导入工作计划: the particulars and the text (file or pasted) → the review screen
    with the recognised tree and its counts → 确认导入. Nothing is saved before the
    confirmation; a bad file shows its reason and changes nothing."""

    model = WorkPlan
    action = "add"
    title = "导入工作计划"
    template_name = "governance/import.html"

    def page(self, form: Any, *, found: Any = None, confirm: Any = None, status: int = 200) -> HttpResponse:
        return self.render(self.template_name, {"form": form, "preview": found, "confirm": confirm,
                                                "pretitle": "识别编号层级，预览后保存"}, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.page(PlanImportForm(user=request.user))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("confirm"):
            return self.confirm(request)
        form = PlanImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.page(form, status=400)
        data = form.cleaned_data
        upload = data.get("file")
        source, source_name, text = "text", "", data.get("text") or ""
        try:
            if upload is not None:
                source_name = upload.name or ""
                text, source = imports.text_of_file(source_name, upload.read())
            found = imports.preview(text)
        except ValidationError as exc:
            form.add_error("file" if upload is not None else "text", refusal_text(exc))
            return self.page(form, status=400)
        confirm = ConfirmImportForm(initial={**{k: data.get(k) for k in (
            "year", "title", "issuer", "doc_number")}, "region": data["region"].pk,
            "text": found.text, "source": source, "source_name": source_name,
            }, user=request.user)
        if not data.get("title") and found.outline.title:
            confirm.initial["title"] = found.outline.title
        return self.page(form, found=found, confirm=confirm)

    def confirm(self, request: HttpRequest) -> HttpResponse:
        confirm = ConfirmImportForm(request.POST, user=request.user)
        form = PlanImportForm(request.POST, user=request.user)
        if not confirm.is_valid():
            return self.page(form, confirm=confirm, status=400)
        data = confirm.cleaned_data
        source = str(data.get("source") or "")
        source = source if source in ("docx", "xlsx", "text") else "text"
        try:
            plan = imports.import_plan(data, data["text"], actor=self.actor, source=source,
                                       source_name=data.get("source_name") or "")
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, f"未导入：{refusal_text(exc)}")
            found = None
            with contextlib.suppress(ValidationError):
                found = imports.preview(data["text"])
            return self.page(form, found=found, confirm=confirm, status=400)
        messages.success(request, f"已导入工作计划《{plan.title}》：{plan.counts_text}")
        return redirect("workplan_detail", pk=plan.pk)


class PlanBoardView(PageView):
    """The plan's board: items done / on time / late / not started by lead department
    and by district, with charts; what the user's scope holds."""

    model = WorkPlan
    template_name = "governance/board.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = get_object_or_404(restricted(self, "view").select_related("region"), pk=kwargs["pk"])
        data = board.board(plan, request.user)
        charts = {"chart-department": data.chart(data.by_department, "按牵头单位"),
                  "chart-district": data.chart(data.by_district, "按责任区域")}
        def rows(tallies: list[rules.Tally]) -> list[dict[str, Any]]:
            return [{"name": t.name, "counts": [t.counts[code] for code, _ in rules.STATUSES],
                     "total": t.total, "rate": t.done_rate} for t in tallies]

        statuses = [{"code": code, "label": label, "badge": rules.STATUS_BADGES[code],
                     "items": data.items.counts[code], "nodes": data.nodes.counts[code]}
                    for code, label in rules.STATUSES]
        return self.render(self.template_name, {
            "plan": plan, "board": data, "charts": charts, "statuses": statuses,
            "departments": rows(data.by_department), "districts": rows(data.by_district),
            "title": f"推进看板：{plan.title}", "pretitle": "工作计划"})
