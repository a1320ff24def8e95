"""The generic list page: a filtered, sorted, paginated table with Excel export."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django_filters import FilterSet

from yingji.core import audit, exports
from yingji.core.replica import replica_reads
from yingji.core.scope import may
from yingji.core.views.base import (
    Cell,
    Column,
    Header,
    PageView,
    Row,
    display,
    object_url,
    query_url,
    restricted,
)

# --- list -------------------------------------------------------------------------------


class ObjectListView(PageView):
    """A filtered, sorted, paginated table of ``model`` with Excel export.

    Order of operations: restricted queryset, FilterSet, whitelisted ``ordering``,
    then either pagination (``page``/``page_size``) or ``?export=xlsx`` of every
    matching row (audited).
    """

    columns: ClassVar[Sequence[Column]] = ()
    filterset_class: ClassVar[type[FilterSet] | None] = None
    select_related: ClassVar[Sequence[str]] = ()
    prefetch_related: ClassVar[Sequence[str]] = ()
    page_sizes: ClassVar[Sequence[int]] = (25, 50, 100)
    template_name: ClassVar[str] = "ui/generic/object_list.html"
    table_template_name: ClassVar[str] = "ui/generic/object_list_table.html"
    row_actions_template: ClassVar[str | None] = None
    toolbar_template: ClassVar[str | None] = None
    export_formats: ClassVar[Sequence[str]] = ("xlsx",)
    export_max_rows: ClassVar[int] = 100_000
    empty_message: ClassVar[str] = "没有符合条件的记录"

    def get_columns(self) -> Sequence[Column]:
        """The columns for this request (default ``columns``; a list whose links depend
        on what the user may open overrides it)."""
        return self.columns

    def get_queryset(self) -> QuerySet[Any]:
        queryset = restricted(self, "view")
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def get_filterset(self, queryset: QuerySet[Any]) -> FilterSet | None:
        if self.filterset_class is None:
            return None
        from yingji.core.forms import bootstrapify

        filterset = self.filterset_class(self.filter_data(), queryset=queryset,
                                         request=self.request)
        bootstrapify(filterset.form, filter_form=True)
        return filterset

    def filter_data(self) -> QueryDict | None:
        """The filter parameters (None when the page is opened without any)."""
        return self.request.GET or None

    def filter_queryset(self, queryset: QuerySet[Any], filterset: FilterSet | None) -> QuerySet[Any]:
        return filterset.qs if filterset is not None else queryset

    def ordering_fields(self) -> dict[str, str]:
        return {c.name: c.order_key for c in self.get_columns() if c.order_key}

    def get_ordering(self) -> tuple[str, list[str]]:
        """The accepted ``ordering`` parameter and the order_by list ([] = default)."""
        raw = self.request.GET.get("ordering", "")
        name = raw.removeprefix("-")
        field = self.ordering_fields().get(name)
        if not field:
            return "", []
        desc = raw.startswith("-")
        return raw, [f"-{field}" if desc else field, "-pk" if desc else "pk"]

    def page_size(self) -> int:
        try:
            size = int(self.request.GET.get("page_size", ""))
        except ValueError:
            return self.page_sizes[0]
        return size if size in self.page_sizes else self.page_sizes[0]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        queryset = self.get_queryset()
        filterset = self.get_filterset(queryset)
        queryset = self.filter_queryset(queryset, filterset)
        ordering, order_by = self.get_ordering()
        if order_by:
            queryset = queryset.order_by(*order_by)
        export = request.GET.get("export")
        if export:
            # An export scans every matching row: a heavy read for the replica (core.replica).
            with replica_reads(request):
                return self.export(queryset, export, filterset)
        page = Paginator(queryset, self.page_size()).get_page(request.GET.get("page"))
        context = self.get_context_data(page=page, filterset=filterset, ordering=ordering)
        partial = request.headers.get("HX-Request") and request.headers.get("HX-Target") == "object-list"
        return self.render(self.table_template_name if partial else self.template_name, context)

    def get_context_data(self, *, page: Page[Any], filterset: FilterSet | None,
                         ordering: str) -> dict[str, Any]:
        can_export = bool(self.export_formats) and (
            self.model is None or may(self.request.user, self.model, "export")
        )
        add_url = None
        if self.model is not None and may(self.request.user, self.model, "add"):
            add_url = object_url(self.model, "add")
        return {
            "view": self,
            "page": page,
            "rows": list(self.build_rows(list(page.object_list))),
            "headers": self.build_headers(ordering),
            "filter_form": filterset.form if filterset is not None else None,
            "filter_column": "col-lg-3" if filterset is not None and len(
                filterset.form.fields) > 5 else "col-lg",
            "filter_active": bool(filterset is not None and filterset.is_bound),
            "total": page.paginator.count,
            "page_size": page.paginator.per_page,
            "page_sizes": self.page_sizes,
            "page_links": self.page_links(page),
            "export_url": query_url(self.request, export="xlsx", page=None) if can_export else None,
            "add_url": add_url,
            "row_actions_template": self.row_actions_template,
            "toolbar_template": self.toolbar_template,
            "empty_message": self.empty_message,
            "list_url": self.request.path,
        }

    def detail_url(self, obj: Any) -> str | None:
        return object_url(obj, "detail", obj.pk)

    def build_rows(self, objects: Sequence[Any]) -> Iterator[Row]:
        has_detail = self.model is not None and object_url(self.model, "detail", "0") is not None
        for obj in objects:
            url = self.detail_url(obj) if has_detail else None
            cells = []
            for column in self.get_columns():
                link = column.link(obj) if column.link else (url if column.link_to_detail else None)
                badge = column.badge(obj) if column.badge else ""
                cells.append(Cell(column.text(obj), link, badge, column.raw))
            yield Row(obj, cells, url)

    def build_headers(self, ordering: str) -> list[Header]:
        headers = []
        for column in self.get_columns():
            if not column.order_key:
                headers.append(Header(column.label, None, ""))
                continue
            direction = "asc" if ordering == column.name else (
                "desc" if ordering == f"-{column.name}" else "")
            target = f"-{column.name}" if direction == "asc" else column.name
            headers.append(Header(column.label, query_url(self.request, ordering=target, page=None),
                                  direction))
        return headers

    def page_links(self, page: Page[Any]) -> list[tuple[int | None, str | None]]:
        """(number, url) for a compact pager; (None, None) marks a gap."""
        links: list[tuple[int | None, str | None]] = []
        numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        for number in numbers:
            if isinstance(number, int):
                links.append((number, query_url(self.request, page=number)))
            else:
                links.append((None, None))
        return links

    # --- export ------------------------------------------------------------------------

    def export_columns(self) -> list[Column]:
        return [c for c in self.get_columns() if c.export]

    def export(self, queryset: QuerySet[Any], fmt: str,
               filterset: FilterSet | None) -> HttpResponse:
        if fmt not in self.export_formats:
            raise Http404("不支持的导出格式")
        if self.model is not None and not may(self.request.user, self.model, "export"):
            raise PermissionDenied("您没有导出权限")
        total = queryset.count()
        label = self.get_title()
        if total > self.export_max_rows:
            messages.error(self.request, f"符合条件的记录有{total}条，超过单次导出上限"
                                         f"{self.export_max_rows}条，请缩小筛选范围后再导出")
            return redirect(query_url(self.request, export=None))
        columns = self.export_columns()
        rows = ([c.export_value(obj) for c in columns] for obj in queryset.iterator(chunk_size=1000))
        content = exports.build_workbook([c.label for c in columns], rows, title=label)
        user = self.request.user
        audit.record(
            audit.AuditAction.EXPORT, actor=self.actor,
            object_type=audit.object_type_of(self.model) if self.model else "",
            region_code=getattr(user, "scope_region_id", None) or "",
            detail=f"导出{label}{total}条；筛选条件：{describe_filters(filterset)}",
        )
        return exports.xlsx_response(content, exports.export_filename(label))


def describe_filters(filterset: FilterSet | None) -> str:
    """The filters in use as 「label：value」 text for the audit log."""
    if filterset is None or not filterset.is_bound:
        return "无"
    form = filterset.form
    form.is_valid()
    parts = []
    for name, value in getattr(form, "cleaned_data", {}).items():
        if value in (None, "", [], ()):
            continue
        field = form.fields[name]
        choices = dict(getattr(field, "choices", None) or [])
        text = str(choices.get(value, value)) if isinstance(value, str) else display(value)
        parts.append(f"{field.label or name}：{text}")
    return "；".join(parts) or "无"
