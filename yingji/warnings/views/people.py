"""Pages of the responsible-person directory (责任人名录): list, detail, edit, delete
and the Excel import. Thin: writes go through the directory services."""

from __future__ import annotations

from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.core.views.imports import ImportPageView, ImportTemplateView
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.warnings.filtersets import ResponsiblePersonFilterSet
from yingji.warnings.forms import ResponsiblePersonForm
from yingji.warnings.imports import person_import_spec
from yingji.warnings.models import ResponsiblePerson
from yingji.warnings.services import directory


class ResponsiblePersonListView(RegionFilterWidgetMixin, ObjectListView):
    """责任人名录: filter by region, role, tier, hazard type; Excel export."""

    model = ResponsiblePerson
    filterset_class = ResponsiblePersonFilterSet
    select_related = ("region",)
    toolbar_template = "warnings/people_toolbar.html"
    columns = (
        Column("name", "姓名", link_to_detail=True, sortable=True),
        Column("role", "责任类别", accessor="get_role_display"),
        Column("tier", "层级", accessor="get_tier_display"),
        Column("region", "责任区域", accessor="region.name"),
        Column("phone", "手机号"),
        Column("position", "职务"),
        Column("published", "公布", accessor=lambda p: "是" if p.published else "否"),
    )


class ResponsiblePersonDetailView(ObjectDetailView):
    """One directory entry with the hazards the person answers for."""

    model = ResponsiblePerson
    select_related = ("region",)
    fields = ("name", "phone", "email", "region", "role", "tier",
              Column("hazards", "负责灾种", accessor=lambda p: "、".join(
                  t.name for t in p.hazard_types.all()) or "全部"),
              "position", "organisation", "published", "active")


class ResponsiblePersonEditView(ObjectEditView):
    """Add or edit a directory entry (its contact account follows)."""

    model = ResponsiblePerson
    form_class = ResponsiblePersonForm
    create_service = staticmethod(directory.create_person)
    update_service = staticmethod(directory.update_person)


class ResponsiblePersonDeleteView(ObjectDeleteView):
    """Remove a directory entry (its contact account is deactivated)."""

    model = ResponsiblePerson
    delete_service = staticmethod(directory.delete_person)


class ResponsiblePersonImportView(ImportPageView):
    """批量导入责任人: upload an .xlsx, see the row-level report."""

    model = ResponsiblePerson
    title = "批量导入责任人"
    spec_factory = staticmethod(person_import_spec)
    help_text = "按手机号、区划和责任类别识别责任人：已存在的更新，不存在的新增，可重复导入。"
    template_route = "responsibleperson_import_template"
    back_route = "responsibleperson_list"


class ResponsiblePersonImportTemplateView(ImportTemplateView):
    """The directory import template (.xlsx)."""

    model = ResponsiblePerson
    spec_factory = staticmethod(person_import_spec)
    filename = "责任人名录导入模板.xlsx"
