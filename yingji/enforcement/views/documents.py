"""Documents: issue one (number taken by the service), the list, the Word download."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from yingji.core import audit
from yingji.core.views.generic import Column, ObjectActionView, ObjectListView, PageView
from yingji.enforcement.filtersets import DocumentFilterSet
from yingji.enforcement.models import Case, Document, Inspection
from yingji.enforcement.services.documents import docx_bytes, issue_document


def _owner_link(d: Document, cases: bool) -> str | None:
    if d.case_id:
        return reverse("case_detail", args=[d.case_id]) if cases else None
    return reverse("inspection_detail", args=[d.inspection_id])


def _columns(cases: bool) -> tuple[Column, ...]:
    return (
        Column("number", "文书编号", sortable=True,
               link=lambda d: reverse("document_download", args=[d.pk])),
        Column("kind", "文书种类", accessor="get_kind_display"),
        Column("owner", "案件/检查", accessor=lambda d: str(d.case or d.inspection),
               link=lambda d: _owner_link(d, cases)),
        Column("department", "制发部门", accessor="department.name"),
        Column("issued_at", "制发时间", sortable=True),
    )


_PARTY_COLUMNS = _columns(cases=False)


class DocumentListView(ObjectListView):
    """执法文书 in scope; an enterprise account sees the documents served on it
    (``Document.scope_q``), its cases as text (it does not open the case file)."""

    model = Document
    title = "执法文书"
    filterset_class = DocumentFilterSet
    select_related = ("department", "case", "inspection")
    columns = _columns(cases=True)

    def get_columns(self) -> Sequence[Column]:
        if self.request.user.has_perm("enforcement.view_case"):
            return self.columns
        return _PARTY_COLUMNS


def _issue(view: ObjectActionView, obj: Any, data: dict[str, Any]) -> Any:
    kind = view.request.POST.get("kind", "")
    return issue_document(obj, kind, actor=view.actor)


class CaseDocumentView(ObjectActionView):
    """制发 a document of the case (``kind`` posted)."""

    model = Case
    action = "view"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return _issue(self, obj, data)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return f"已制发{result.get_kind_display()}：{result.number}"

    def success_url(self, obj: Any) -> str:
        return reverse("case_detail", args=[obj.case_id if isinstance(obj, Document) else obj.pk])


class InspectionDocumentView(CaseDocumentView):
    model = Inspection  # type: ignore[assignment]

    def success_url(self, obj: Any) -> str:
        pk = obj.inspection_id if isinstance(obj, Document) else obj.pk
        return reverse("inspection_detail", args=[pk])


class DocumentDownloadView(PageView):
    """The Word file of an issued document (audited as an export)."""

    model = Document

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        doc = get_object_or_404(Document.objects.restrict(request.user, "view")
                                .select_related("department", "case", "inspection"), pk=kwargs["pk"])
        content = docx_bytes(doc)
        audit.record(audit.AuditAction.EXPORT, actor=self.actor, obj=doc,
                     detail=f"下载{doc.get_kind_display()}{doc.number}")
        response = HttpResponse(content, content_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
        from urllib.parse import quote

        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote(doc.get_kind_display() + doc.number)}.docx")
        return response
