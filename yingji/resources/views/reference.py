"""Pages of the analysis' reference data: reserve standards, road speeds and the
analysis parameters."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse

from yingji.core.models.settings import SINGLETON_PK
from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    SettingsEditView,
)
from yingji.resources import filtersets as fs
from yingji.resources import forms as rf
from yingji.resources.models import AnalysisSettings, ReserveStandard, RoadNetwork, RoadSpeed


class ReserveStandardListView(ObjectListView):
    model = ReserveStandard
    filterset_class = fs.ReserveStandardFilterSet
    select_related = ("item",)
    columns = (Column("item", "物资", accessor="item.name", link_to_detail=True),
               Column("level", "储备库级别"), Column("minimum", "最低储备量"),
               Column("unit", "单位", accessor="item.unit"))


class ReserveStandardDetailView(ObjectDetailView):
    model = ReserveStandard
    select_related = ("item",)
    show_attachments = False


class ReserveStandardEditView(ObjectEditView):
    model = ReserveStandard
    form_class = rf.ReserveStandardForm


class ReserveStandardDeleteView(ObjectDeleteView):
    model = ReserveStandard


class RoadSpeedListView(ObjectListView):
    model = RoadSpeed
    filterset_class = fs.RoadSpeedFilterSet
    toolbar_template = "resources/road_toolbar.html"
    # The OpenStreetMap class code is the import's key, not something a person reads.
    columns = (Column("label", "道路等级", link_to_detail=True),
               Column("speed_kmh", "通行速度（km/h）", sortable=True))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["networks"] = list(RoadNetwork.objects.all()[:10])
        context["settings_url"] = reverse("analysissettings_edit", args=[SINGLETON_PK])
        return context


class RoadSpeedDetailView(ObjectDetailView):
    model = RoadSpeed
    fields = ("label", "speed_kmh")
    show_attachments = False


class RoadSpeedEditView(ObjectEditView):
    model = RoadSpeed
    form_class = rf.RoadSpeedForm


def _the_settings(view: PageView) -> AnalysisSettings:
    """The one settings row (pk 1; read without writing); any other pk is a 404."""
    if view.kwargs.get("pk") != SINGLETON_PK:
        raise Http404("分析参数只有一组")
    return AnalysisSettings.current()


class AnalysisSettingsDetailView(ObjectDetailView):
    model = AnalysisSettings
    show_attachments = False

    def get_object(self) -> AnalysisSettings:
        return _the_settings(self)


class AnalysisSettingsEditView(SettingsEditView):
    """分析参数 at ``resources/settings/1/edit/``; after saving, back to their page."""

    model = AnalysisSettings
    form_class = rf.AnalysisSettingsForm

    def get_object(self) -> AnalysisSettings:
        return _the_settings(self)

    def success_url(self, obj: Any) -> str:
        return reverse("analysissettings_detail", args=[SINGLETON_PK])
