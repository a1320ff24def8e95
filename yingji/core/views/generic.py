"""Generic page views: a module's list, detail, edit and delete pages are configuration.

Every view requires a signed-in user (redirect to the login page otherwise) and the
model permission for its action (403 otherwise). Every queryset starts from
``Model.objects.restrict(user, action)``, so an object outside the user's data scope
is a 404 exactly like a missing one. Writes go through the services
(``create_object`` / ``update_object`` / ``delete_object`` unless a view overrides
``perform_*``); a view never saves a model itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View
from django_filters import FilterSet

from yingji.core import audit, events, exports
from yingji.core.actor import Actor
from yingji.core.forms import apply_errors, mark_invalid
from yingji.core.models import Attachment
from yingji.core.scope import may
from yingji.core.services.objects import create_object, delete_object, update_object

# --- values and columns ---------------------------------------------------------------


def display(value: Any) -> str:
    """A value as page text: 是/否, local times, lists joined with 、, "" for empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, list | tuple | set):
        return "、".join(display(v) for v in value)
    return str(value)


def resolve(obj: Any, path: str) -> Any:
    """The value at ``a.b.c`` (or ``a__b__c``) on ``obj``; a field with choices gives
    its Chinese label; a missing link gives None."""
    current = obj
    parts = path.replace("__", ".").split(".")
    for index, part in enumerate(parts):
        if current is None:
            return None
        last = index == len(parts) - 1
        if last and hasattr(current, f"get_{part}_display"):
            return getattr(current, f"get_{part}_display")()
        current = getattr(current, part, None)
        if callable(current) and not isinstance(current, models.Model):
            current = current()
    return current


@dataclass(frozen=True)
class Column:
    """One column of a list page and of its Excel export.

    ``accessor`` is a dotted path (``region.name``) or a callable taking the row;
    it defaults to ``name``. ``sortable`` columns are the only allowed values of the
    ``ordering`` parameter; they sort by ``order_field`` (default: the accessor path).
    """

    name: str
    label: str
    accessor: str | Callable[[Any], Any] | None = None
    sortable: bool = False
    order_field: str | None = None
    link_to_detail: bool = False
    link: Callable[[Any], str | None] | None = None
    badge: Callable[[Any], str] | None = None
    export: bool = True

    def value(self, obj: Any) -> Any:
        accessor = self.accessor or self.name
        if callable(accessor):
            return accessor(obj)
        return resolve(obj, accessor)

    def text(self, obj: Any) -> str:
        return display(self.value(obj))

    def export_value(self, obj: Any) -> Any:
        value = self.value(obj)
        if isinstance(value, models.Model):
            return str(value)
        if isinstance(value, list | tuple | set):
            return display(value)
        return value

    @property
    def order_key(self) -> str | None:
        if not self.sortable:
            return None
        if self.order_field:
            return self.order_field
        if isinstance(self.accessor, str):
            return self.accessor.replace(".", "__")
        return self.name


@dataclass(frozen=True)
class Cell:
    """A rendered table cell."""

    text: str
    url: str | None = None
    badge: str = ""


@dataclass(frozen=True)
class Row:
    """A rendered table row with its object (for per-row action templates)."""

    obj: Any
    cells: list[Cell]
    url: str | None


@dataclass(frozen=True)
class Header:
    """A table header: ``sort_url`` toggles the order; ``direction`` is asc/desc/""."""

    label: str
    sort_url: str | None
    direction: str


# --- URLs ------------------------------------------------------------------------------


def route_name(model: type[models.Model] | models.Model, action: str) -> str:
    """The URL name convention of generic pages: ``department_list``, ``department_detail``…"""
    return f"{model._meta.model_name}_{action}"


def object_url(model: type[models.Model] | models.Model, action: str, pk: Any = None) -> str | None:
    """The URL of a generic page, or None when the module does not define it."""
    try:
        if pk is None:
            return reverse(route_name(model, action))
        return reverse(route_name(model, action), kwargs={"pk": pk})
    except NoReverseMatch:
        return None


def query_url(request: HttpRequest, **changes: Any) -> str:
    """The current query string with ``changes`` applied (None removes a key)."""
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else request.path


# --- base -------------------------------------------------------------------------------


class PageView(View):
    """A signed-in page. Anonymous users go to the login page; users without the model
    permission for ``action`` (or the explicit ``permission``) get the 403 page."""

    model: ClassVar[type[models.Model] | None] = None
    action: ClassVar[str | None] = "view"
    permission: ClassVar[str | None] = None
    title: ClassVar[str] = ""
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not self.has_permission():
            raise PermissionDenied("您没有访问此页面的权限")
        return super().dispatch(request, *args, **kwargs)

    def required_action(self) -> str | None:
        return self.action

    def has_permission(self) -> bool:
        if self.permission:
            return self.request.user.has_perm(self.permission)
        action = self.required_action()
        if action is None or self.model is None:
            return True
        return may(self.request.user, self.model, action)

    @property
    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def get_title(self) -> str:
        if self.title:
            return self.title
        return str(self.model._meta.verbose_name_plural) if self.model else ""

    def render(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        context.setdefault("title", self.get_title())
        return render(self.request, template, context, status=status)


class TemplatePageView(PageView):
    """A signed-in page rendering ``template_name`` with ``get_context_data()``."""

    template_name: ClassVar[str] = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return dict(kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render(self.template_name, self.get_context_data(**kwargs))


def restricted(view: PageView, action: str) -> QuerySet[Any]:
    """``model.objects.restrict(user, action)``: permission and data scope in one."""
    assert view.model is not None
    manager: Any = view.model._default_manager
    return manager.restrict(view.request.user, action)


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
        return {c.name: c.order_key for c in self.columns if c.order_key}

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
            for column in self.columns:
                link = column.link(obj) if column.link else (url if column.link_to_detail else None)
                badge = column.badge(obj) if column.badge else ""
                cells.append(Cell(column.text(obj), link, badge))
            yield Row(obj, cells, url)

    def build_headers(self, ordering: str) -> list[Header]:
        headers = []
        for column in self.columns:
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
        return [c for c in self.columns if c.export]

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


# --- detail -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldRow:
    """One label/value line of a detail page."""

    label: str
    text: str
    url: str | None = None


class ObjectDetailView(PageView):
    """One object: its fields, timeline of domain events and attachments.

    ``fields`` lists field names or Columns (default: every concrete field but the
    ones in ``audit_exclude``); ``extra_template`` adds module-specific panels.
    """

    fields: ClassVar[Sequence[str | Column]] = ()
    select_related: ClassVar[Sequence[str]] = ()
    template_name: ClassVar[str] = "ui/generic/object_detail.html"
    extra_template: ClassVar[str | None] = None
    show_timeline: ClassVar[bool] = True
    show_attachments: ClassVar[bool] = True

    def get_queryset(self) -> QuerySet[Any]:
        queryset = restricted(self, "view")
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def get_object(self) -> Any:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return self.render(self.template_name, self.get_context_data(obj))

    def field_rows(self, obj: Any) -> list[FieldRow]:
        assert self.model is not None
        names: Sequence[str | Column] = self.fields or [
            f.name for f in self.model._meta.concrete_fields
            if not f.primary_key and f.name not in getattr(self.model, "audit_exclude", ())
        ]
        rows = []
        for entry in names:
            if isinstance(entry, Column):
                link = entry.link(obj) if entry.link else None
                rows.append(FieldRow(entry.label, entry.text(obj), link))
                continue
            field = self.model._meta.get_field(entry)
            label = str(getattr(field, "verbose_name", entry))
            url = None
            if field.is_relation and field.many_to_one and field.related_model is not None:
                key = getattr(obj, f"{entry}_id", None)
                if key is not None:
                    url = object_url(field.related_model, "detail", key)  # type: ignore[arg-type]
            rows.append(FieldRow(label, display(resolve(obj, entry)), url))
        return rows

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        assert self.model is not None
        user = self.request.user
        edit_url = object_url(obj, "edit", obj.pk) if may(user, self.model, "change") else None
        delete_url = object_url(obj, "delete", obj.pk) if may(user, self.model, "delete") else None
        context: dict[str, Any] = {
            "view": self,
            "object": obj,
            "title": str(obj),
            "pretitle": str(self.model._meta.verbose_name),
            "field_rows": self.field_rows(obj),
            "list_url": object_url(self.model, "list"),
            "edit_url": edit_url,
            "delete_url": delete_url,
            "extra_template": self.extra_template,
        }
        if self.show_timeline:
            context["timeline"] = events.timeline(obj, limit=100)
        if self.show_attachments:
            context["attachments"] = attachments_of(obj)
            context["attachment_upload"] = (
                attachment_upload_url(obj) if may(user, self.model, "change") else None
            )
        return context


def attachments_of(obj: models.Model) -> list[Attachment]:
    content_type = ContentType.objects.get_for_model(type(obj))
    return list(
        Attachment.objects.filter(content_type=content_type, object_id=str(obj.pk))
        .select_related("uploaded_by")
    )


@dataclass(frozen=True)
class UploadTarget:
    """Where the attachment upload form posts, and the hidden fields it needs."""

    url: str
    fields: dict[str, str]


def attachment_upload_url(obj: models.Model) -> UploadTarget | None:
    """The upload endpoint for ``obj`` ("attachment_upload"), whether it takes the
    object in the path or in the POST body; None while it does not exist."""
    meta = obj._meta
    params = {"app_label": meta.app_label, "model": str(meta.model_name), "object_id": str(obj.pk)}
    try:
        return UploadTarget(reverse("attachment_upload", kwargs=params), {})
    except NoReverseMatch:
        pass
    try:
        return UploadTarget(reverse("attachment_upload"), params)
    except NoReverseMatch:
        return None


# --- edit and delete --------------------------------------------------------------------


class ObjectEditView(PageView):
    """Create (no ``pk`` in the URL) or update a ``model`` row with ``form_class``.

    The form is built with the requesting ``user`` so choices stay inside the scope;
    a valid form goes to ``perform_create`` / ``perform_update`` (the generic services
    by default); a ValidationError from the service is shown on the form's fields.
    """

    form_class: ClassVar[type[forms.ModelForm[Any]]]
    template_name: ClassVar[str] = "ui/generic/object_edit.html"

    def required_action(self) -> str:
        return "change" if "pk" in self.kwargs else "add"

    def get_object(self) -> Any:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(restricted(self, "change"), pk=self.kwargs["pk"])

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.ModelForm[Any]:
        return self.form_class(data, files, instance=obj, user=self.request.user)  # type: ignore[call-arg]

    def form_data(self, form: forms.ModelForm[Any]) -> dict[str, Any]:
        """Cleaned values of the model's own fields (not disabled ones)."""
        assert self.model is not None
        names = {f.name for f in self.model._meta.get_fields()
                 if getattr(f, "concrete", False) or f.many_to_many}
        return {name: value for name, value in form.cleaned_data.items()
                if name in names and not form.fields[name].disabled}

    def perform_create(self, form: forms.ModelForm[Any]) -> Any:
        assert self.model is not None
        return create_object(self.model, self.form_data(form), actor=self.actor)

    def perform_update(self, obj: Any, form: forms.ModelForm[Any]) -> Any:
        return update_object(obj, self.form_data(form), actor=self.actor)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return self.render_form(self.get_form(obj), obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.get_form(obj, request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = self.perform_update(obj, form) if obj is not None else self.perform_create(form)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                verb = "修改" if obj is not None else "新增"
                messages.success(request, f"已{verb}{self.verbose_name}：{saved}")
                return redirect(self.success_url(saved))
        return self.render_form(form, obj)

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name) if self.model else ""

    def success_url(self, obj: Any) -> str:
        return object_url(obj, "detail", obj.pk) or object_url(obj, "list") or "/"

    def render_form(self, form: forms.ModelForm[Any], obj: Any) -> HttpResponse:
        mark_invalid(form)
        title = f"修改{self.verbose_name}" if obj is not None else f"新增{self.verbose_name}"
        cancel = (object_url(obj, "detail", obj.pk) if obj is not None else None) or (
            object_url(self.model, "list") if self.model else None)
        return self.render(self.template_name, {
            "view": self, "form": form, "object": obj, "title": title,
            "pretitle": str(self.model._meta.verbose_name_plural) if self.model else "",
            "cancel_url": cancel or "/",
        })


class ObjectDeleteView(PageView):
    """Delete one ``model`` row (POST only) through ``delete_object``; a row still
    referenced elsewhere is kept and the reason shown."""

    action = "delete"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert self.model is not None
        obj = get_object_or_404(restricted(self, "delete"), pk=kwargs["pk"])
        label = str(obj)
        try:
            self.perform_delete(obj)
        except ValidationError as exc:
            messages.error(request, f"未能删除“{label}”：{'；'.join(exc.messages)}")
            return redirect(object_url(obj, "detail", obj.pk) or "/")
        messages.success(request, f"已删除{self.model._meta.verbose_name}：{label}")
        return redirect(object_url(self.model, "list") or "/")

    def perform_delete(self, obj: Any) -> None:
        delete_object(obj, actor=self.actor)


__all__ = [
    "Column", "ObjectDeleteView", "ObjectDetailView", "ObjectEditView", "ObjectListView",
    "PageView", "TemplatePageView", "display", "object_url", "route_name",
]
