"""The base of every signed-in page: values as page text, table columns, the URL
conventions of generic pages, and ``PageView`` (login, permission, the acting user)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.urls import resolve as resolve_path
from django.utils import timezone
from django.views import View

from yingji.core.actor import Actor
from yingji.core.personal.fields import personal_field
from yingji.core.scope import may

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
    its Chinese label; a personal field (``core.personal``) its mask; a missing link
    gives None."""
    current = obj
    parts = path.replace("__", ".").split(".")
    for index, part in enumerate(parts):
        if current is None:
            return None
        last = index == len(parts) - 1
        if last and isinstance(current, models.Model):
            personal = personal_field(current, part)
            if personal is not None:
                return personal.masked(getattr(current, personal.attname))
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
    raw: bool = False  # machine data shown as received (a rejected message): set as code

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
    raw: bool = False


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
    """The URL of a generic page, or None when the module does not define it.

    Route names carry the model name only, so two apps' models of the same name (the
    enterprises' and flood's risk points once were) would share them: a route whose view
    serves another model is not this model's page."""
    name = route_name(model, action)
    try:
        url = reverse(name) if pk is None else reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:
        return None
    model_class = model if isinstance(model, type) else type(model)
    return url if _route_serves(model_class, name, url) else None


_SERVES: dict[tuple[Any, ...], bool] = {}


def _route_serves(model: type[models.Model], name: str, url: str) -> bool:
    """Whether the view behind ``name`` serves ``model`` (a view naming no model does)."""
    key = (model, name, settings.ROOT_URLCONF, get_urlconf())
    served = _SERVES.get(key)
    if served is None:
        prefix = get_script_prefix()
        path = "/" + url[len(prefix):] if url.startswith(prefix) else url
        view = getattr(resolve_path(path).func, "view_class", None)
        other = getattr(view, "model", None)
        served = not (isinstance(other, type) and issubclass(other, models.Model)) or (
            other._meta.concrete_model is model._meta.concrete_model)
        _SERVES[key] = served
    return served


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
