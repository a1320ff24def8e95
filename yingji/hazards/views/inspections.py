"""Self-inspection pages: check lists (排查清单) and their items, running a
self-inspection for an enterprise, the inspections list and the coverage view."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from yingji.core.forms import apply_errors
from yingji.core.scope import may
from yingji.core.views.generic import (
    ChildDeleteView,
    ChildEditView,
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
)
from yingji.enterprises.models import Enterprise
from yingji.hazards.filtersets import ChecklistFilterSet, SelfInspectionFilterSet
from yingji.hazards.forms import ChecklistForm, ChecklistItemForm, SelfInspectionForm
from yingji.hazards.models import Checklist, ChecklistItem, SelfInspection
from yingji.hazards.services import inspections


class ChecklistListView(ObjectListView):
    """排查清单 list."""

    model = Checklist
    filterset_class = ChecklistFilterSet
    columns = (
        Column("name", "清单名称", link_to_detail=True, sortable=True),
        Column("industry", "适用行业", accessor=lambda c: c.get_industry_display() or "所有行业"),
        Column("active", "启用"),
        Column("updated_at", "更新时间", sortable=True),
    )


class ChecklistDetailView(ObjectDetailView):
    """A check list with its items."""

    model = Checklist
    extra_template = "hazards/checklist_items.html"
    show_attachments = False

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["items"] = list(obj.items.all())
        context["can_edit"] = may(self.request.user, ChecklistItem, "change")
        return context


class ChecklistEditView(ObjectEditView):
    model = Checklist
    form_class = ChecklistForm


class ChecklistItemEditView(ChildEditView):
    """An item of a check list (``?checklist=<pk>`` when adding); back to its list."""

    model = ChecklistItem
    form_class = ChecklistItemForm
    parent_field = "checklist"


class ChecklistItemDeleteView(ChildDeleteView):
    """Remove an item; back to its check list."""

    model = ChecklistItem
    parent_field = "checklist"


class SelfInspectionListView(ObjectListView):
    """企业自查 records in scope."""

    model = SelfInspection
    filterset_class = SelfInspectionFilterSet
    select_related = ("enterprise", "checklist")
    toolbar_template = "hazards/inspection_toolbar.html"
    columns = (
        Column("enterprise", "企业", accessor="enterprise.name", link_to_detail=True),
        Column("checklist", "排查清单", accessor="checklist.name"),
        Column("inspected_at", "排查时间", sortable=True),
        Column("inspector_name", "排查人"),
        Column("item_count", "检查项数"),
        Column("failed_count", "发现隐患", sortable=True),
    )


class SelfInspectionDetailView(ObjectDetailView):
    model = SelfInspection
    select_related = ("enterprise", "checklist")
    extra_template = "hazards/inspection_results.html"
    fields = ("enterprise", "checklist", "inspected_at", "inspector_name", "item_count",
              "failed_count", "notes")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["results"] = list(obj.results.select_related("item", "hazard"))
        context["edit_url"] = context["delete_url"] = None
        return context


class SelfInspectionRunView(PageView):
    """Run a self-inspection for one enterprise: pick a check list, answer every item;
    failed items become hazards."""

    model = SelfInspection
    action = "add"
    title = "企业自查"

    def _context(self, enterprise: Enterprise, checklist: Checklist | None,
                 form: SelfInspectionForm | None) -> dict[str, Any]:
        return {"enterprise": enterprise, "checklists": list(inspections.checklists_for(enterprise)),
                "checklist": checklist, "form": form,
                "title": f"企业自查：{enterprise.name}"}

    def _objects(self, pk: int) -> tuple[Enterprise, Checklist | None]:
        enterprise = get_object_or_404(Enterprise.objects.restrict(self.request.user, "view"), pk=pk)
        raw = self.request.GET.get("checklist") or self.request.POST.get("checklist") or ""
        checklist = (inspections.checklists_for(enterprise).filter(pk=int(raw)).first()
                     if raw.isdigit() else None)
        return enterprise, checklist

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        enterprise, checklist = self._objects(pk)
        form = None
        if checklist is not None:
            from django.utils import timezone

            form = SelfInspectionForm(items=list(checklist.items.all()), initial={
                "inspector_name": request.user.display_name,  # type: ignore[union-attr]
                "inspected_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
        return self.render("hazards/inspection_run.html", self._context(enterprise, checklist, form))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        enterprise, checklist = self._objects(pk)
        if checklist is None:
            messages.error(request, "请选择适用的排查清单")
            return redirect("selfinspection_run", pk=pk)
        items = list(checklist.items.all())
        form = SelfInspectionForm(request.POST, items=items)
        if form.is_valid():
            answers = [inspections.Answer(item.pk, form.cleaned_data[f"item_{item.pk}"] == "1",
                                          form.cleaned_data.get(f"note_{item.pk}") or "")
                       for item in items]
            try:
                done = inspections.run_self_inspection(
                    enterprise, checklist, answers, actor=self.actor,
                    inspector_name=form.cleaned_data["inspector_name"],
                    inspected_at=form.cleaned_data["inspected_at"],
                    notes=form.cleaned_data["notes"])
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"自查完成：检查{done.item_count}项，登记隐患{done.failed_count}项")
                return redirect("selfinspection_detail", pk=done.pk)
        return self.render("hazards/inspection_run.html", self._context(enterprise, checklist, form),
                           status=400)


class CoverageView(PageView):
    """自查覆盖情况: every operating enterprise in scope with its last self-inspection
    and the count in the period; those without any come first."""

    model = SelfInspection
    title = "企业自查覆盖情况"

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            days = max(7, min(int(request.GET.get("days", "90")), 730))
        except ValueError:
            days = 90
        rows, covered, total = inspections.coverage(request.user, days)
        return self.render("hazards/coverage.html", {
            "rows": rows[:500], "covered": covered, "total": total, "days": days,
            "rate": round(100 * covered / total, 1) if total else None,
            "truncated": len(rows) > 500})
