"""组织机构: departments' list, detail, edit and delete pages."""

from __future__ import annotations

from typing import Any

from yingji.core.filtersets import (
    DepartmentFilterSet,
)
from yingji.core.forms import DepartmentForm
from yingji.core.models import Department
from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.core.views.pages.common import RegionFilterWidgetMixin, _active_badge

# --- 组织机构 ---------------------------------------------------------------------------


class DepartmentListView(RegionFilterWidgetMixin, ObjectListView):
    """组织机构 list."""

    model = Department
    filterset_class = DepartmentFilterSet
    select_related = ("region", "parent")
    columns = (
        Column("name", "名称", sortable=True, link_to_detail=True),
        Column("short_name", "简称"),
        Column("kind", "类型", sortable=True),
        Column("region", "所属区划", accessor="region.name", sortable=True, order_field="region_id"),
        Column("parent", "上级单位", accessor="parent.name"),
        Column("phone", "值班电话"),
        Column("is_active", "启用", sortable=True, badge=_active_badge),
    )


class DepartmentDetailView(ObjectDetailView):
    """组织机构 detail with its sub-units."""

    model = Department
    select_related = ("region", "parent")
    extra_template = "core/pages/department_extra.html"
    fields = ("name", "short_name", "kind", "parent", "region", "sector", "phone", "address",
              "sort_order", "is_active", "created_at", "updated_at")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["sub_units"] = list(
            Department.objects.restrict(self.request.user, "view").filter(parent=obj)
            .select_related("region")[:200]
        )
        return context


class DepartmentEditView(ObjectEditView):
    """组织机构 create and edit."""

    model = Department
    form_class = DepartmentForm


class DepartmentDeleteView(ObjectDeleteView):
    """组织机构 delete."""

    model = Department
