"""Indicator library pages: the list, an indicator's page (each district's figure
against its target with the link to the data behind it, the monthly trend chart, the
entered values and the 填报 form), the indicator's and the targets' edits. Thin: the
services compute and decide."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from yingji.core.scope import may
from yingji.core.steps.views import StepView
from yingji.core.views.details import attachments_of
from yingji.core.views.generic import Column, ObjectDetailView, ObjectEditView, ObjectListView
from yingji.governance.filtersets import (
    IndicatorEntryFilterSet,
    IndicatorFilterSet,
    IndicatorTargetFilterSet,
)
from yingji.governance.forms_kpis import INDICATOR_STEPS, EntryForm, IndicatorForm, IndicatorTargetForm
from yingji.governance.models import Indicator, IndicatorEntry, IndicatorKind, IndicatorTarget
from yingji.governance.services import kpis

FIRST_YEAR = 2020


def _figure(value: float | None, unit: str) -> str:
    return "—" if value is None else f"{value:g}{unit}"


def _direction(indicator: Indicator) -> str:
    return "越高越好" if indicator.higher_is_better else "越低越好"


class IndicatorListView(ObjectListView):
    model = Indicator
    title = "考核指标"
    filterset_class = IndicatorFilterSet
    columns = (Column("name", "指标名称", link_to_detail=True, sortable=True),
               Column("kind", "取值方式", accessor="get_kind_display"),
               Column("module", "数据来源", accessor="module"),
               Column("unit", "单位"),
               Column("direction", "方向", accessor=_direction),
               Column("definition", "计算口径"),
               Column("active", "启用"))


class IndicatorDetailView(ObjectDetailView):
    model = Indicator
    extra_template = "governance/indicator_panel.html"
    show_attachments = False
    fields = ("name", "code", "kind", Column("module", "数据来源", accessor="module"), "unit",
              Column("direction", "方向", accessor=_direction),
              "definition", "active")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        today = timezone.localdate()
        try:
            year = int(self.request.GET.get("year", today.year))
        except ValueError:
            year = today.year
        year = min(max(year, FIRST_YEAR), today.year + 1)
        rows = kpis.table(obj, user, year)
        for row in rows:
            row.value_text = _figure(row.measure.value, obj.unit)
            row.target_text = _figure(row.target, obj.unit)
        chosen = self.request.GET.get("region", "")
        focus = next((r for r in rows if r.code == chosen), rows[0] if rows else None)
        trend = kpis.trend(obj, kpis.prefix_of(focus.code), year, today) if focus else []
        chart = {"title": f"{focus.name if focus else ''}{year}年逐月趋势", "unit": obj.unit,
                 "months": [f"{t['month']}月" for t in trend],
                 "values": [t["measure"].value for t in trend],
                 "target": focus.target if focus else None}
        entries = list(IndicatorEntry.objects.restrict(user, "view").filter(indicator=obj)
                       .select_related("region", "entered_by")[:50])
        for entry in entries:
            entry.files = attachments_of(entry)
        provider = obj.provider
        may_enter = obj.kind == IndicatorKind.ENTERED and may(user, IndicatorEntry, "add")
        # A target kept by the owning module (accidents' 双下降) is set there, not here.
        own_target = provider is None or provider.target is None
        context.update(
            rows=rows, year=year, years=list(range(today.year + 1, FIRST_YEAR - 1, -1)),
            focus=focus, chart=chart, entries=entries, provider=provider,
            entry_form=EntryForm(user=user, initial={"month": f"{today:%Y-%m}"}) if may_enter else None,
            may_set_target=own_target and may(user, IndicatorTarget, "add"))
        return context


class IndicatorEditView(ObjectEditView):
    model = Indicator
    form_class = IndicatorForm
    create_service = kpis.create_indicator
    update_service = kpis.update_indicator


class IndicatorStepView(StepView):
    model = Indicator
    action = "view"  # 填报's own permission and the district's scope decide
    steps = INDICATOR_STEPS


class IndicatorTargetListView(ObjectListView):
    model = IndicatorTarget
    title = "指标目标"
    filterset_class = IndicatorTargetFilterSet
    select_related = ("indicator", "region")
    columns = (Column("year", "年度", sortable=True),
               Column("indicator", "考核指标", accessor="indicator.name"),
               Column("region", "区县", accessor="region.name", link_to_detail=True),
               Column("value", "目标值", accessor=lambda t: _figure(float(t.value), t.indicator.unit)),
               Column("note", "说明"))


class IndicatorTargetDetailView(ObjectDetailView):
    model = IndicatorTarget
    select_related = ("indicator", "region")
    show_attachments = False
    fields = ("indicator", "year", "region", "value", "note")


class IndicatorTargetEditView(ObjectEditView):
    model = IndicatorTarget
    form_class = IndicatorTargetForm
    create_service = kpis.create_target
    update_service = kpis.update_target

    def required_action(self) -> str:
        return "change" if "pk" in self.kwargs else "add"


class IndicatorEntryListView(ObjectListView):
    model = IndicatorEntry
    title = "指标填报"
    filterset_class = IndicatorEntryFilterSet
    select_related = ("indicator", "region", "entered_by")
    columns = (Column("month", "月份", accessor=lambda e: f"{e.month:%Y-%m}", sortable=True),
               Column("indicator", "考核指标", accessor="indicator.name"),
               Column("region", "区县", accessor="region.name", link_to_detail=True),
               Column("value", "填报值"), Column("evidence_count", "佐证材料数"),
               Column("entered_by", "填报人", accessor=lambda e: e.entered_by.display_name),
               Column("entered_at", "填报时间", sortable=True))


class IndicatorEntryDetailView(ObjectDetailView):
    model = IndicatorEntry
    select_related = ("indicator", "region", "entered_by")
    fields = ("indicator", "region", Column("month", "月份", accessor=lambda e: f"{e.month:%Y-%m}"),
              "value", "note", "evidence_count", "entered_by", "entered_at")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["edit_url"] = context["delete_url"] = context["attachment_upload"] = None
        return context

