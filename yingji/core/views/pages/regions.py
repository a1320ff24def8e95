"""行政区划: the region tree's list, detail and the picker's search."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django_filters import FilterSet

from yingji.core.filtersets import (
    RegionFilterSet,
)
from yingji.core.forms import region_label, scoped_regions
from yingji.core.models import Department, Region
from yingji.core.rules import LEVEL_PREFIX_LENGTH
from yingji.core.scope import region_range_q, scope_of
from yingji.core.views.generic import (
    Column,
    FieldRow,
    ObjectDetailView,
    ObjectListView,
    PageView,
    object_url,
)

# --- 行政区划 ---------------------------------------------------------------------------


def _region_link(region: Region | None, user: Any) -> str | None:
    """The detail URL of ``region`` when it is inside ``user``'s scope."""
    if region is None or not scope_of(user).covers_region(region.code):
        return None
    return object_url(Region, "detail", region.code)


class RegionListView(ObjectListView):
    """行政区划: drill down from the top of the user's scope; search by code or name."""

    model = Region
    filterset_class = RegionFilterSet
    toolbar_template = "core/pages/region_breadcrumb.html"
    export_max_rows = 50_000
    columns = (
        Column("code", "区划代码", sortable=True, link_to_detail=True),
        Column("name", "名称", sortable=True, link_to_detail=True),
        Column("level", "层级", sortable=True),
        Column("full_name", "全称"),
        Column("children", "下级区划", export=False,
               accessor=lambda r: "查看下级" if r.level < 5 else "",
               link=lambda r: f"?parent={r.code}" if r.level < 5 else None),
    )

    def get_queryset(self) -> QuerySet[Any]:
        return scoped_regions(self.request.user)

    def filter_data(self) -> QueryDict | None:
        """A name or code search covers the whole scope, not just the level browsed."""
        data = self.request.GET.copy()
        if data.get("q"):
            data.pop("parent", None)
        return data or None

    def get_filterset(self, queryset: QuerySet[Any]) -> FilterSet | None:
        filterset = super().get_filterset(queryset)
        if filterset is not None:
            for name in ("parent", "within"):  # set by drill-down links, not typed
                filterset.form.fields[name].widget = forms.HiddenInput()
        return filterset

    def scope_root(self) -> Region | None:
        user: Any = self.request.user
        return user.scope_region if user.scope_region_id else None

    def browsing_parent(self) -> Region | None:
        """The region whose children are listed when no search is given."""
        code = self.request.GET.get("parent", "")
        if code:
            return scoped_regions(self.request.user).filter(code=code.ljust(12, "0")).first()
        return self.scope_root()

    def is_searching(self) -> bool:
        return any(self.request.GET.get(k) for k in ("q", "level", "parent", "within"))

    def filter_queryset(self, queryset: QuerySet[Any], filterset: FilterSet | None) -> QuerySet[Any]:
        if self.is_searching():
            return super().filter_queryset(queryset, filterset)
        root = self.scope_root()
        return queryset.filter(parent=root) if root else queryset.filter(level=1)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        parent = self.browsing_parent() if not self.request.GET.get("q") else None
        context["browsing"] = parent
        context["trail"] = self.trail(parent)
        return context

    def trail(self, region: Region | None) -> list[Region]:
        """The ancestors of ``region`` (itself included) inside the user's scope."""
        if region is None:
            return []
        lengths = [n for n in LEVEL_PREFIX_LENGTH.values() if n < len(region.prefix)]
        codes = [region.code[:n].ljust(12, "0") for n in lengths]
        ancestors = list(scoped_regions(self.request.user).filter(code__in=codes).order_by("level"))
        return [*ancestors, region]


class RegionDetailView(ObjectDetailView):
    """One region: its place in the tree, children, and what the user has there."""

    model = Region
    show_timeline = False
    show_attachments = False
    extra_template = "core/pages/region_extra.html"

    def get_queryset(self) -> QuerySet[Any]:
        return scoped_regions(self.request.user).select_related("parent")

    fields = ("code", "name", "level", "parent", "full_name", "longitude", "latitude")

    def field_rows(self, obj: Any) -> list[FieldRow]:
        rows = super().field_rows(obj)
        if _region_link(obj.parent, self.request.user) is None:
            # The parent lies above the user's scope: show it, do not link to a 404.
            rows = [replace(row, url=None) if row.label == "上级区划" else row for row in rows]
        return rows

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        context["children"] = list(obj.children.order_by("code")[:300])
        context["children_total"] = obj.children.count()
        context["department_count"] = Department.objects.restrict(user, "view").filter(
            region_range_q("region", obj.prefix)).count()
        context["child_list_url"] = f"{object_url(Region, 'list')}?parent={obj.code}"
        return context


class RegionAutocompleteView(PageView):
    """Regions in the user's scope matching ``q`` (code prefix or name), for pickers:
    HTML ``<option>`` elements, or JSON with ``format=json``."""

    model = Region
    limit: ClassVar[int] = 30

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        query = request.GET.get("q", "").strip()[:40]
        regions = scoped_regions(request.user)
        if query.isdigit():
            regions = regions.filter(code__startswith=query)
        elif query:
            regions = regions.filter(Q(name__contains=query) | Q(full_name__contains=query))
        max_level = request.GET.get("max_level", "")
        if max_level.isdigit():
            regions = regions.filter(level__lte=int(max_level))
        found = list(regions.order_by("level", "code")[: self.limit])
        if request.GET.get("format") == "json":
            return JsonResponse({"results": [
                {"code": r.code, "name": r.name, "full_name": r.full_name, "level": r.level,
                 "label": region_label(r)} for r in found
            ]})
        return render(request, "core/pages/region_options.html",
                      {"regions": [(r.code, region_label(r)) for r in found]})
