"""瞒报核查 pages: the imported lists, the import with its row report and template, the
rows (matched and verification tasks) and the verdict. Thin: the services decide."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from yingji.accidents.filtersets import CrossCheckBatchFilterSet, CrossCheckRowFilterSet
from yingji.accidents.forms import CrossCheckImportForm, VerifyForm
from yingji.accidents.models import Accident, CrossCheckBatch, CrossCheckRow, RowStatus
from yingji.accidents.services import crosscheck
from yingji.core.exports import xlsx_response
from yingji.core.imports import ImportFileError
from yingji.core.scope import may
from yingji.core.views.actions import refusal_text
from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDetailView,
    ObjectListView,
    PageView,
    TemplatePageView,
)


def _row_status(r: CrossCheckRow) -> str:
    if r.status == RowStatus.PENDING and r.due and r.due < timezone.localdate():
        return "待核查（已逾期）"
    if r.status == RowStatus.VERIFIED:
        return f"已核查：{r.get_verdict_display()}"
    return r.get_status_display()


def _row_badge(r: CrossCheckRow) -> str:
    if "逾期" in _row_status(r) or r.verdict == "concealed":
        return "red"
    return {"matched": "green", "pending": "yellow"}.get(r.status, "")


class BatchListView(ObjectListView):
    """导入的核查名单."""

    model = CrossCheckBatch
    title = "瞒报核查名单"
    filterset_class = CrossCheckBatchFilterSet
    select_related = ("region", "imported_by")
    toolbar_template = "accidents/crosscheck_toolbar.html"
    columns = (Column("kind", "名单类型", accessor="get_kind_display"),
               Column("source_name", "来源单位"), Column("region", "核查范围", accessor="region.name"),
               Column("imported_at", "导入时间", sortable=True), Column("rows_total", "行数"),
               Column("rows_matched", "已匹配事故"), Column("rows_unmatched", "转核查任务"))

    def detail_url(self, obj: Any) -> str | None:
        return reverse("crosscheckrow_list") + f"?batch={obj.pk}"


class ImportView(TemplatePageView):
    """导入核查名单 with the row-level report."""

    model = CrossCheckBatch
    action = "add"
    title = "导入瞒报核查名单"
    template_name = "accidents/crosscheck_import.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from yingji.accidents.models import AccidentSettings

        return {"form": kwargs.get("form") or CrossCheckImportForm(),
                "window": AccidentSettings.current().match_window_days, **kwargs}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CrossCheckImportForm(request.POST, request.FILES)
        context: dict[str, Any] = {"form": form}
        if form.is_valid():
            data = form.cleaned_data
            try:
                batch, result = crosscheck.import_list(data["kind"], data["source_name"], data["file"],
                                                       actor=self.actor)
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            except ValidationError as exc:
                form.add_error(None, refusal_text(exc))
            else:
                context.update(batch=batch, result=result)
        status = 200 if "result" in context or not form.errors else 400
        return self.render(self.template_name, self.get_context_data(**context), status=status)


class TemplateDownloadView(PageView):
    model = CrossCheckBatch
    action = "add"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return xlsx_response(crosscheck.list_template(), "瞒报核查名单导入模板.xlsx")


class RowListView(ObjectListView):
    """核查记录: matched rows and the districts' verification tasks."""

    model = CrossCheckRow
    title = "瞒报核查任务"
    filterset_class = CrossCheckRowFilterSet
    # The menu's 瞒报核查 opens this list: the imported lists and the import are reached here.
    toolbar_template = "accidents/crosscheck_rows_toolbar.html"
    select_related = ("batch", "region", "accident")
    columns = (Column("kind", "名单", accessor="batch.get_kind_display"),
               Column("day", "日期", sortable=True, link_to_detail=True),
               Column("unit_name", "单位名称", link_to_detail=True), Column("person", "人员"),
               Column("region", "区划", accessor="region.name"), Column("summary", "情况摘要"),
               Column("status", "状态", accessor=_row_status, badge=_row_badge),
               Column("due", "核查期限", sortable=True),
               Column("accident", "对应事故", accessor="accident.number"),
               Column("match_reasons", "匹配依据"))


class RowDetailView(ObjectDetailView):
    model = CrossCheckRow
    select_related = ("batch", "region", "accident", "verified_by")
    extra_template = "accidents/crosscheck_row_panel.html"
    fields = (Column("kind", "名单", accessor="batch"), "day", "unit_name", "credit_code", "person",
              "region", "address", "summary", Column("status", "状态", accessor=_row_status),
              "due", Column("accident", "对应事故", accessor="accident",
                            link=lambda r: reverse("accident_detail", args=[r.accident_id])
                            if r.accident_id else None),
              "match_reasons", "verdict", "verdict_note", "concealed_by", "verified_at",
              "verified_by")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["edit_url"] = context["delete_url"] = None
        user = self.request.user
        if obj.status == RowStatus.PENDING and may(user, CrossCheckRow, "change"):
            form = VerifyForm(row=obj, user=user)
            chosen = self.request.GET.get("accident", "")
            field: Any = form.fields["accident"]
            if chosen.isdigit() and len(chosen) <= 12 and field.queryset.filter(pk=int(chosen)).exists():
                form.initial.update(accident=int(chosen), verdict="concealed")
            context["verify_form"] = form
            context["add_url"] = (reverse("accident_add") + f"?row={obj.pk}"
                                  if may(user, Accident, "add") else None)
        return context


class RowVerifyView(ObjectActionView):
    """核查结论 of one verification task (the kit's action: form, service, refusal)."""

    model = CrossCheckRow
    form_class = VerifyForm
    success_message = "核查结论已保存"
    invalid_message = "核查结论填写有误"

    def form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"row": obj, "user": self.request.user}

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        crosscheck.verify_row(obj, actor=self.actor, **data)
        return obj
