"""Fire danger pages: the list (filter, sort, export), a day's record, its entry and
correction, today's danger map over the platform's base layer, and the settings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone

from yingji.core.scope import may
from yingji.core.views.base import TemplatePageView
from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    SettingsEditView,
)
from yingji.forestfire import rules
from yingji.forestfire.filtersets import FireDangerFilterSet
from yingji.forestfire.forms import FireDangerForm, ForestFireSettingsForm
from yingji.forestfire.models import FireDanger, ForestFireSettings
from yingji.forestfire.services import danger
from yingji.warnings.workflow import BULLETIN_FLOW

COLOURS = {1: "#2fb344", 2: "#206bc4", 3: "#f59f00", 4: "#f76707", 5: "#d63939"}
BADGES = {1: "green", 2: "blue", 3: "yellow", 4: "orange", 5: "red"}


def _level(record: FireDanger) -> str:
    return rules.LEVEL_NAMES.get(record.level, "")


class FireDangerListView(ObjectListView):
    model = FireDanger
    title = "森林火险等级"
    filterset_class = FireDangerFilterSet
    select_related = ("region", "bulletin")
    columns = (Column("day", "日期", sortable=True, link_to_detail=True),
               Column("region", "区域", accessor="region.name"),
               Column("level", "火险等级", accessor=_level, sortable=True,
                      badge=lambda r: BADGES.get(r.level, "secondary")),
               Column("index", "火险气象指数", sortable=True),
               Column("source", "来源", accessor="get_source_display"),
               Column("weather", "气象要素", accessor=lambda r: "" if r.max_temp is None else
                      f"{r.max_temp:g}℃，湿度{r.min_humidity:g}%，无雨{r.dry_days}天，风力{r.max_wind}级"),
               Column("bulletin", "预警", accessor=lambda r: r.bulletin.title if r.bulletin else ""),
               Column("note", "说明"))


class FireDangerDetailView(ObjectDetailView):
    model = FireDanger
    select_related = ("region", "bulletin", "recorded_by")
    show_attachments = False
    fields = ("region", "day", Column("level", "火险等级", accessor=_level), "index", "source",
              "max_temp", "min_humidity", "dry_days", "max_wind", "rain_mm", "correction",
              Column("advice", "防范要求", accessor=lambda r: rules.ADVICE.get(r.level, "")),
              "bulletin", "note", "recorded_by", "recorded_at")


class FireDangerEditView(ObjectEditView):
    model = FireDanger
    form_class = FireDangerForm
    create_service = danger.record_danger
    update_service = danger.update_danger


class FireDangerDeleteView(ObjectDeleteView):
    model = FireDanger
    delete_service = danger.delete_danger


def _day(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


def danger_geojson(request: HttpRequest) -> HttpResponse:
    """The day's danger of the regions in the user's scope, at each region's point."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "请先登录"}, status=401)
    if not may(request.user, FireDanger, "view"):
        return JsonResponse({"detail": "您没有访问此数据的权限"}, status=403)
    records = (FireDanger.objects.restrict(request.user, "view").filter(day=_day(request))
               .select_related("region", "region__parent"))
    features = []
    for r in records:
        place = r.region if r.region.coordinates is not None else r.region.parent
        if place is None or place.coordinates is None:
            continue
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
            "properties": {"name": f"{r.region.name}：{_level(r)}", "color": COLOURS[r.level],
                           "url": reverse("firedanger_detail", args=[r.pk]),
                           "popup": rules.ADVICE.get(r.level, "")}})
    return JsonResponse({"type": "FeatureCollection", "features": features})


class FireDangerMapView(TemplatePageView):
    """森林火险等级图: the day's levels by region on the map, with the table."""

    model = FireDanger
    title = "森林火险等级图"
    template_name = "forestfire/danger_map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from yingji.ui.views.map import map_settings

        user = self.request.user
        day = _day(self.request)
        records = list(FireDanger.objects.restrict(user, "view").filter(day=day)
                       .select_related("region", "bulletin").order_by("-level", "region_id"))
        for r in records:
            r.badge = BADGES.get(r.level, "secondary")
            r.advice = rules.ADVICE.get(r.level, "")
            r.warning = (f"{r.bulletin.title}（{BULLETIN_FLOW.label(r.bulletin.state)}）"
                         if r.bulletin else "")
        return {"day": day, "records": records, "map": map_settings(user),
                "can_add": may(user, FireDanger, "add"),
                "map_layers": [{"name": "森林火险等级", "color": "#d63939", "visible": True,
                                "url": reverse("firedanger_geojson") + f"?day={day.isoformat()}"}]}


class ForestFireSettingsView(SettingsEditView):
    model = ForestFireSettings
    form_class = ForestFireSettingsForm
    title = "森林防灭火设置"
