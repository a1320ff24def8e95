"""Pages of the reference tables: GB 18218-2018 tables 1–5, risk bands and supervision
classes. Everyone with the permission reads them; city-wide staff change them, and a
change regrades what depends on it (``services.reference``)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import models
from django.urls import reverse

from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.enterprises import filtersets as fs
from yingji.enterprises import forms as ef
from yingji.enterprises.models import (
    AlphaBand,
    HazardCategory,
    HazardSubstance,
    RiskBand,
    SupervisionClass,
)
from yingji.enterprises.services import reference as refs

# The tables in the order of the switcher above each list: (route prefix, title).
TABLES: tuple[tuple[str, str], ...] = (
    ("hazardsubstance", "危险化学品临界量（表1/表3）"),
    ("hazardcategory", "危险性类别（表2/表4）"),
    ("alphaband", "暴露人员校正系数α（表5）"),
    ("riskband", "风险分级标准"),
    ("supervisionclass", "监管类别"),
)


class ReferenceListView(ObjectListView):
    """A reference table with the switcher to the others and the regrading note."""

    toolbar_template = "enterprises/reference_toolbar.html"
    page_sizes = (100, 200)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assert self.model is not None
        current = self.model._meta.model_name
        context["reference_tables"] = [
            {"title": title, "url": reverse(f"{name}_list"), "active": name == current}
            for name, title in TABLES]
        context["regrades"] = self.model in (*refs.GRADING_TABLES, RiskBand)
        return context


class ReferenceEditView(ObjectEditView):
    """Create or change a row through ``services.reference`` (regrading on save)."""

    update_service = staticmethod(refs.update_reference)


class ReferenceDeleteView(ObjectDeleteView):
    delete_service = staticmethod(refs.delete_reference)


class ReferenceDetailView(ObjectDetailView):
    show_attachments = False


def _views(model: type[models.Model], form: type[Any], filterset: type[Any],
           columns: tuple[Column, ...], **list_attrs: Any) -> dict[str, type[Any]]:
    """The list, detail, edit and delete views of one table."""
    name = model.__name__
    attrs: dict[str, Any] = {"model": model, "filterset_class": filterset, "columns": columns}
    return {
        "list": type(f"{name}ListView", (ReferenceListView,), {**attrs, **list_attrs}),
        "detail": type(f"{name}DetailView", (ReferenceDetailView,), {"model": model}),
        "edit": type(f"{name}EditView", (ReferenceEditView,), {
            "model": model, "form_class": form,
            "create_service": staticmethod(partial(refs.create_reference, model))}),
        "delete": type(f"{name}DeleteView", (ReferenceDeleteView,), {"model": model}),
    }


REFERENCE_VIEWS: dict[str, dict[str, type[Any]]] = {
    "hazardsubstance": _views(
        HazardSubstance, ef.HazardSubstanceForm, fs.HazardSubstanceFilterSet,
        (Column("name", "品名", link_to_detail=True, sortable=True), Column("aliases", "别名"),
         Column("cas", "CAS号", sortable=True),
         Column("critical_quantity", "临界量Q（吨）", sortable=True),
         Column("toxic_beta", "β（表3）"), Column("category", "危险性类别（取β）")),
        select_related=("category",)),
    "hazardcategory": _views(
        HazardCategory, ef.HazardCategoryForm, fs.HazardCategoryFilterSet,
        (Column("code", "类别代码", link_to_detail=True, sortable=True),
         Column("name", "危险性类别"), Column("critical_quantity", "临界量Q（吨）", sortable=True),
         Column("beta", "校正系数β", sortable=True))),
    "alphaband": _views(
        AlphaBand, ef.AlphaBandForm, fs.AlphaBandFilterSet,
        (Column("min_population", "人数下限（含）", link_to_detail=True),
         Column("alpha", "校正系数α"), Column("label", "说明"))),
    "riskband": _views(
        RiskBand, ef.RiskBandForm, fs.RiskBandFilterSet,
        (Column("method", "评价方法", accessor=lambda b: b.get_method_display(), link_to_detail=True),
         Column("minimum", "分值下限"), Column("inclusive", "含下限"), Column("level", "风险等级"),
         Column("colour", "颜色", accessor=lambda b: b.get_colour_display()))),
    "supervisionclass": _views(
        SupervisionClass, ef.SupervisionClassForm, fs.SupervisionClassFilterSet,
        (Column("code", "类别代码", link_to_detail=True, sortable=True), Column("name", "名称"),
         Column("description", "说明"), Column("inspections_per_year", "每年检查频次"))),
}
