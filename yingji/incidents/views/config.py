"""Configuration pages: grading criteria, report limits, checklists, duty patterns and
parameters (read by everyone with the permission, changed from city-wide scope)."""

from __future__ import annotations

from typing import Any

from django import forms

from yingji.core.forms import ScopedModelForm
from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.incidents.models import (
    ChecklistTemplate,
    DutyPattern,
    GradeCriterion,
    IncidentSettings,
    ReportRule,
)


def _form(model_: type[Any]) -> type[ScopedModelForm]:
    meta = type("Meta", (), {"model": model_, "fields": "__all__",
                             "widgets": {"items": forms.Textarea(attrs={"rows": 8})}})
    return type(f"{model_.__name__}Form", (ScopedModelForm,), {"Meta": meta})


COLUMNS: dict[type[Any], tuple[Column, ...]] = {
    GradeCriterion: (Column("category", "事件类别", accessor="get_category_display", link_to_detail=True),
                     Column("subtype", "事件子类", accessor="get_subtype_display"),
                     Column("metric", "指标", accessor="get_metric_display"),
                     Column("threshold", "阈值"), Column("grade", "等级", accessor="get_grade_display"),
                     Column("source", "依据")),
    ReportRule: (Column("grade", "等级", accessor="get_grade_display", link_to_detail=True),
                 Column("category", "类别", accessor="get_category_display"),
                 Column("phone_minutes", "电话报告（分钟）"),
                 Column("first_minutes", "书面首报（分钟）"), Column("followup_hours", "续报间隔（小时）"),
                 Column("final_hours", "终报（小时）"), Column("report_to", "报送对象")),
    ChecklistTemplate: (Column("name", "名称", link_to_detail=True),
                        Column("category", "类别", accessor="get_category_display"),
                        Column("subtype", "子类", accessor="get_subtype_display"),
                        Column("count", "行动数", accessor=lambda t: len(t.parsed_items()))),
    DutyPattern: (Column("name", "名称", link_to_detail=True), Column("formula", "模式"),
                  Column("shift_hours", "每班时长（小时）"), Column("start_hour", "交班时刻")),
    IncidentSettings: (Column("arrival_target_minutes", "到场时限（分钟）", link_to_detail=True),
                       Column("arrival_target_rate", "到场率目标（%）"),
                       Column("supplement_minutes", "补报时限（分钟）")),
}

VIEWS: dict[str, Any] = {}
for _model, _columns in COLUMNS.items():
    _name = _model.__name__
    VIEWS[f"{_name}List"] = type(f"{_name}ListView", (ObjectListView,), {
        "model": _model, "columns": _columns, "__doc__": f"{_model._meta.verbose_name}列表"})
    VIEWS[f"{_name}Detail"] = type(f"{_name}DetailView", (ObjectDetailView,), {"model": _model})
    VIEWS[f"{_name}Edit"] = type(f"{_name}EditView", (ObjectEditView,), {
        "model": _model, "form_class": _form(_model)})
    VIEWS[f"{_name}Delete"] = type(f"{_name}DeleteView", (ObjectDeleteView,), {"model": _model})
