"""Risk point pages: the list, the point with its map, responsible persons, gauges,
roster and transfers, its edits, the 启动转移 step, the 一图一案一册 download and the map
data; gauges and households as rows of the point."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from yingji.core.actor import Actor
from yingji.core.documents import docx_response
from yingji.core.scope import may
from yingji.core.steps.views import StepView
from yingji.core.views.generic import (
    ChildDeleteView,
    ChildEditView,
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    SettingsEditView,
)
from yingji.flood.filtersets import FloodPointFilterSet, HouseholdFilterSet
from yingji.flood.forms import (
    POINT_STEPS,
    FloodPointForm,
    FloodSettingsForm,
    GaugeLinkForm,
    HouseholdForm,
    OpenForm,
)
from yingji.flood.models import (
    FloodPoint,
    FloodSettings,
    GaugeLink,
    Household,
    TaskState,
    TransferTask,
)
from yingji.flood.services import cards, points
from yingji.warnings.rules import level_label


def _open_task(point: FloodPoint) -> TransferTask | None:
    return next((t for t in point.tasks.all() if t.state == TaskState.OPEN), None)


class FloodPointListView(ObjectListView):
    model = FloodPoint
    title = "防汛风险点"
    filterset_class = FloodPointFilterSet
    select_related = ("region",)
    prefetch_related = ("tasks",)
    columns = (Column("code", "编号", sortable=True),
               Column("name", "名称", link_to_detail=True, sortable=True),
               Column("kind", "类型", accessor="get_kind_display"),
               Column("region", "所在区域", accessor="region.name"),
               Column("people_threatened", "威胁人数", sortable=True),
               Column("trigger_level", "转移预警级别", accessor=lambda p: level_label(p.trigger_level)),
               Column("status", "状态", accessor=lambda p: "转移中" if _open_task(p) else
                      ("在用" if p.active else "停用"),
                      badge=lambda p: "danger" if _open_task(p) else "secondary"))


class FloodPointDetailView(ObjectDetailView):
    model = FloodPoint
    select_related = ("region", "shelter")
    extra_template = "flood/point_panel.html"
    show_attachments = False
    fields = ("code", "name", "kind", "region", "address",
              Column("position", "坐标", accessor=lambda p: f"{p.longitude:.5f}，{p.latitude:.5f}"),
              "people_threatened", "houses_threatened", "threat",
              Column("trigger_level", "转移预警级别", accessor=lambda p: level_label(p.trigger_level)),
              "shelter", "route", "signal", "disposal", "active")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        open_task = obj.tasks.filter(state=TaskState.OPEN).first()
        households = list(Household.objects.restrict(user, "view").filter(point=obj))
        context.update(
            persons=list(obj.responsible.select_related("region").order_by("region_id", "tier")),
            gauges=list(GaugeLink.objects.restrict(user, "view").filter(point=obj)
                        .select_related("gauge", "gauge__state")),
            households=households,
            people=sum(h.members for h in households),
            tasks=list(TransferTask.objects.restrict(user, "view").filter(point=obj)[:10]),
            open_task=open_task,
            open_form=(OpenForm() if open_task is None and obj.active
                       and user.has_perm("flood.add_transfertask") else None),
            can_change=may(user, FloodPoint, "change"),
            map=_map(user),
            map_layers=[{"name": "风险点", "url": reverse("floodpoint_geojson") + f"?id={obj.pk}",
                         "color": "#d63939", "visible": True}])
        return context


def _map(user: Any) -> dict[str, Any]:
    from yingji.ui.views.map import map_settings

    return map_settings(user)


class FloodPointEditView(ObjectEditView):
    model = FloodPoint
    form_class = FloodPointForm
    create_service = points.create_point
    update_service = points.update_point


class FloodPointDeleteView(ObjectDeleteView):
    model = FloodPoint
    delete_service = points.delete_point


class FloodPointStepView(StepView):
    model = FloodPoint
    action = "view"  # 启动转移's own permission decides
    steps = POINT_STEPS


class FloodPointCardView(ObjectDetailView):
    """一图一案一册 (Word)."""

    model = FloodPoint
    select_related = ("region", "shelter")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        point = self.get_object()
        content = cards.point_card(point, actor=Actor.from_request(request))
        return docx_response(content, f"{point.name}一图一案一册.docx")


def point_geojson(request: HttpRequest) -> HttpResponse:
    """The points in the user's scope (or the one asked for) for the maps; red while a
    transfer is open."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "请先登录"}, status=401)
    if not may(request.user, FloodPoint, "view"):
        return JsonResponse({"detail": "您没有访问此数据的权限"}, status=403)
    queryset = FloodPoint.objects.restrict(request.user, "view").filter(active=True)
    wanted = request.GET.get("id", "")
    if wanted:
        queryset = queryset.filter(pk=int(wanted) if wanted.isdigit() else 0)
    open_ids = set(TransferTask.objects.filter(state=TaskState.OPEN, point__in=queryset)
                   .values_list("point_id", flat=True))
    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [p.longitude, p.latitude]},
        "properties": {"name": p.name, "url": reverse("floodpoint_detail", args=[p.pk]),
                       "popup": f"{p.get_kind_display()} · 威胁{p.people_threatened}人"
                                + (" · 转移中" if p.pk in open_ids else ""),
                       "color": "#d63939" if p.pk in open_ids else "#206bc4"},
    } for p in queryset[:5000]]
    return JsonResponse({"type": "FeatureCollection", "features": features})


class GaugeLinkEditView(ChildEditView):
    model = GaugeLink
    form_class = GaugeLinkForm
    parent_field = "point"
    create_service = points.create_gauge
    update_service = points.update_gauge


class GaugeLinkDeleteView(ChildDeleteView):
    model = GaugeLink
    parent_field = "point"
    delete_service = points.delete_gauge


class HouseholdListView(ObjectListView):
    model = Household
    title = "转移户名册"
    filterset_class = HouseholdFilterSet
    select_related = ("point", "point__region")
    columns = (Column("point", "风险点", accessor="point.name"),
               Column("region", "所在区域", accessor="point.region.name"),
               Column("head_name", "户主", link_to_detail=True, sortable=True),
               Column("members", "人数", sortable=True),
               Column("address", "住址"),
               Column("categories", "必转类别", accessor="category_labels"),
               Column("vulnerable", "需帮扶", accessor=lambda h: h.vulnerable_note or
                      ("是" if h.vulnerable else "")))


class HouseholdDetailView(ObjectDetailView):
    model = Household
    select_related = ("point",)
    show_attachments = False
    fields = ("point", "head_name", "phone", "address", "members",
              Column("categories", "必转类别", accessor="category_labels"), "vulnerable",
              "vulnerable_note")


class HouseholdEditView(ChildEditView):
    model = Household
    form_class = HouseholdForm
    parent_field = "point"
    create_service = points.create_household
    update_service = points.update_household


class HouseholdDeleteView(ChildDeleteView):
    model = Household
    parent_field = "point"
    delete_service = points.delete_household


class FloodSettingsView(SettingsEditView):
    """Whether warnings and gauges open transfers themselves, the age of a usable gauge
    reading and the responsible persons' time to answer."""

    model = FloodSettings
    form_class = FloodSettingsForm
    title = "防汛防台设置"

