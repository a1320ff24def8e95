"""The layers of 综合一张图: read-only GeoJSON of every kind of object on the map.

Each layer reads its model through ``Model.objects.restrict(user, "view")``, so a user
sees only what their data scope holds, and a layer whose model the user may not view is
not offered. A point is drawn only where a coordinate is known: objects without one are
counted (``unplaced``, shown in the legend as "N 个无坐标"), never put at a region's
centre. The models are imported when a layer is read, so this page depends on the
domain apps only at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from yingji.core.models import Region
from yingji.core.scope import may
from yingji.core.views.generic import PageView
from yingji.ui.boundaries import region_shapes

# Per layer, so a city of 50,000 enterprises still answers in one bounded response.
LAYER_LIMIT = 10000
RISK = (("red", "红（重大风险）", "#d63939"), ("orange", "橙（较大风险）", "#f76707"),
        ("yellow", "黄（一般风险）", "#f59f00"), ("blue", "蓝（低风险）", "#206bc4"),
        ("", "未评估", "#868e96"))
HAZARD_COLOURS = (("overdue", "逾期未整改", "#a61e4d"), ("major", "重大隐患", "#e8590c"),
                  ("general", "一般隐患", "#f59f00"))
ALARM_COLOURS = ((1, "一级（紧急）", "#c92a2a"), (2, "二级（重要）", "#f76707"),
                 (3, "三级（一般）", "#fab005"))
WARNING_COLOURS = (("red", "红色", "#d63939"), ("orange", "橙色", "#f76707"),
                   ("yellow", "黄色", "#f59f00"), ("blue", "蓝色", "#206bc4"))

Feature = dict[str, Any]


@dataclass
class LayerData:
    """What a layer draws and how many of its objects have no place on the map."""

    features: list[Feature] = field(default_factory=list)
    unplaced: int = 0
    truncated: bool = False


@dataclass(frozen=True)
class MapLayer:
    """One switchable layer: its legend entry and the function that reads it."""

    key: str
    label: str
    color: str
    model: str  # "app_label.Model": the permission that offers the layer
    read: Callable[[Any], LayerData]
    visible: bool = True
    legend: tuple[tuple[str, str], ...] = ()  # (label, colour) when colours vary
    cluster: bool = True

    def model_class(self) -> Any:
        return apps.get_model(self.model)


def point(lon: float, lat: float, props: dict[str, Any]) -> Feature:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [
        round(lon, 6), round(lat, 6)]}, "properties": props}


def detail_url(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def located(rows: QuerySet[Any], fields: str = "") -> tuple[QuerySet[Any], int]:
    """The rows with a coordinate and the number without one."""
    lon, lat = f"{fields}longitude", f"{fields}latitude"
    missing = Q(**{f"{lon}__isnull": True}) | Q(**{f"{lat}__isnull": True})
    return rows.exclude(missing), rows.filter(missing).count()


def capped(rows: Iterable[Any], data: LayerData) -> Iterable[Any]:
    for n, row in enumerate(rows):
        if n >= LAYER_LIMIT:
            data.truncated = True
            return
        yield row


# --- the layers -------------------------------------------------------------------------


def read_enterprises(user: Any) -> LayerData:
    from yingji.enterprises.models import Enterprise

    colours = {code: (label, colour) for code, label, colour in RISK}
    rows, unplaced = located(Enterprise.objects.restrict(user, "view").exclude(status="closed"))
    data = LayerData(unplaced=unplaced)
    values = rows.order_by().values_list("pk", "name", "longitude", "latitude", "risk_colour",
                                         "address")[:LAYER_LIMIT + 1]
    for pk, name, lon, lat, colour, address in capped(values, data):
        label, hex_colour = colours.get(colour or "", colours[""])
        data.features.append(point(lon, lat, {
            "name": name, "color": hex_colour, "url": detail_url("enterprise_detail", pk),
            "lines": [f"风险等级：{label}", address]}))
    return data


def read_major_hazards(user: Any) -> LayerData:
    from yingji.enterprises.models import MajorHazard

    rows, unplaced = located(MajorHazard.objects.restrict(user, "view").filter(is_major=True),
                             "enterprise__")
    data = LayerData(unplaced=unplaced)
    values = rows.order_by().values_list(
        "pk", "name", "grade", "enterprise_id", "enterprise__name", "enterprise__longitude",
        "enterprise__latitude")[:LAYER_LIMIT + 1]
    for _pk, name, grade, enterprise_id, enterprise, lon, lat in capped(values, data):
        grade_label = f"{'一二三四'[grade - 1]}级重大危险源" if grade else "重大危险源（未分级）"
        data.features.append(point(lon, lat, {
            "name": name, "url": detail_url("enterprise_detail", enterprise_id),
            "lines": [grade_label, f"企业：{enterprise}"]}))
    return data


def read_hazards(user: Any) -> LayerData:
    from yingji.hazards.models import Hazard
    from yingji.hazards.models.hazards import ACTIVE_STATES, OPEN_STATES

    now = timezone.now()
    colours = {key: (label, colour) for key, label, colour in HAZARD_COLOURS}
    rows, unplaced = located(Hazard.objects.restrict(user, "view")
                             .filter(state__in=ACTIVE_STATES))
    data = LayerData(unplaced=unplaced)
    values = rows.order_by("-found_at").values_list(
        "pk", "number", "title", "grade", "state", "deadline", "longitude",
        "latitude")[:LAYER_LIMIT + 1]
    for pk, number, title, grade, state, deadline, lon, lat in capped(values, data):
        overdue = state in OPEN_STATES and deadline is not None and deadline < now
        key = "overdue" if overdue else ("major" if grade == "major" else "general")
        label, colour = colours[key]
        lines = [f"{number} · {label}"]
        if deadline:
            lines.append(f"整改期限：{timezone.localtime(deadline):%Y-%m-%d}")
        data.features.append(point(lon, lat, {"name": title, "color": colour, "lines": lines,
                                              "url": detail_url("hazard_detail", pk)}))
    return data


def read_alarms(user: Any) -> LayerData:
    from yingji.monitoring.models import Alarm

    colours = {key: (label, colour) for key, label, colour in ALARM_COLOURS}
    rows = Alarm.objects.restrict(user, "view").filter(is_open=True)
    # An alarm is drawn at its monitored object, else at its enterprise.
    missing = ((Q(monitored_object__longitude__isnull=True)
                | Q(monitored_object__latitude__isnull=True))
               & (Q(enterprise__longitude__isnull=True) | Q(enterprise__latitude__isnull=True)))
    data = LayerData(unplaced=rows.filter(missing).count())
    values = rows.exclude(missing).order_by("severity", "-last_at").values_list(
        "pk", "message", "severity", "last_at", "enterprise__name",
        "monitored_object__longitude", "monitored_object__latitude",
        "enterprise__longitude", "enterprise__latitude")[:LAYER_LIMIT + 1]
    for pk, message, severity, last_at, enterprise, olon, olat, elon, elat in capped(values, data):
        lon, lat = (olon, olat) if olon is not None and olat is not None else (elon, elat)
        label, colour = colours.get(severity, colours[3])
        data.features.append(point(lon, lat, {
            "name": f"{enterprise}：{message}", "color": colour,
            "url": detail_url("alarm_detail", pk),
            "lines": [label, f"最近报警：{timezone.localtime(last_at):%m-%d %H:%M}"]}))
    return data


def read_warnings(user: Any) -> LayerData:
    """Current warnings' areas: the drawn polygon, else the boundary of each target
    region (of the issuing region when none is named) that has one."""
    from yingji.warnings.models import Bulletin

    colours = {key: (label, colour) for key, label, colour in WARNING_COLOURS}
    shapes = region_shapes()
    data = LayerData()
    bulletins = (Bulletin.objects.restrict(user, "view")
                 .filter(state="published", expires_at__gt=timezone.now())
                 .select_related("region").prefetch_related("target_regions")
                 .order_by("-published_at")[:LAYER_LIMIT])
    for bulletin in bulletins:
        label, colour = colours.get(bulletin.level, colours["blue"])
        targets: list[Region] = list(bulletin.target_regions.all()) or [bulletin.region]
        geometries: list[dict[str, Any]] = []
        if bulletin.polygon and bulletin.polygon.get("type") in ("Polygon", "MultiPolygon"):
            geometries.append(dict(bulletin.polygon))
        else:
            geometries.extend(shapes[r.code] for r in targets if r.code in shapes)
        if not geometries:
            data.unplaced += 1
            continue
        props = {"name": bulletin.title, "color": colour,
                 "url": detail_url("bulletin_detail", bulletin.pk),
                 "lines": [f"{label}预警 · {bulletin.issuer}",
                           "区域：" + "、".join(r.name for r in targets),
                           f"有效期至：{timezone.localtime(bulletin.expires_at):%m-%d %H:%M}"]}
        geometry = (geometries[0] if len(geometries) == 1
                    else {"type": "GeometryCollection", "geometries": geometries})
        data.features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return data


def read_incidents(user: Any) -> LayerData:
    from yingji.incidents.models import Incident

    rows, unplaced = located(Incident.objects.restrict(user, "view")
                             .filter(state__in=("received", "responding")))
    data = LayerData(unplaced=unplaced)
    values = rows.order_by("-received_at").values_list(
        "pk", "title", "address", "received_at", "longitude", "latitude")[:LAYER_LIMIT + 1]
    for pk, title, address, received_at, lon, lat in capped(values, data):
        data.features.append(point(lon, lat, {
            "name": title, "url": detail_url("incident_detail", pk),
            "lines": [address, f"接报：{timezone.localtime(received_at):%m-%d %H:%M}"]}))
    return data


def resource_reader(model: str, url_name: str, describe: Callable[[Any], list[str]],
                    **filters: Any) -> Callable[[Any], LayerData]:
    def read(user: Any) -> LayerData:
        rows, unplaced = located(apps.get_model(model).objects.restrict(user, "view")
                                 .filter(**filters).select_related("region"))
        data = LayerData(unplaced=unplaced)
        for obj in capped(rows.order_by("region_id", "name")[:LAYER_LIMIT + 1], data):
            data.features.append(point(obj.longitude, obj.latitude, {
                "name": obj.name, "url": detail_url(url_name, obj.pk),
                "lines": [line for line in describe(obj) if line]}))
        return data

    return read


LAYERS: tuple[MapLayer, ...] = (
    MapLayer("enterprises", "企业（四色风险）", "#667382", "enterprises.Enterprise",
             read_enterprises, legend=tuple((label, colour) for _, label, colour in RISK)),
    MapLayer("major_hazards", "重大危险源", "#ae3ec9", "enterprises.MajorHazard",
             read_major_hazards, visible=False),
    MapLayer("hazards", "未销号隐患", "#e8590c", "hazards.Hazard", read_hazards,
             legend=tuple((label, colour) for _, label, colour in HAZARD_COLOURS)),
    MapLayer("alarms", "实时报警", "#c92a2a", "monitoring.Alarm", read_alarms,
             legend=tuple((label, colour) for _, label, colour in ALARM_COLOURS)),
    MapLayer("warnings", "预警范围", "#f76707", "warnings.Bulletin", read_warnings,
             legend=tuple((label, colour) for _, label, colour in WARNING_COLOURS),
             cluster=False),
    MapLayer("incidents", "处置中事件", "#d6336c", "incidents.Incident", read_incidents),
    MapLayer("teams", "救援队伍", "#1971c2", "resources.RescueTeam", resource_reader(
        "resources.RescueTeam", "rescueteam_detail",
        lambda t: [f"{t.get_kind_display()} · {t.headcount}人 · {t.get_status_display()}",
                   t.capabilities]), visible=False),
    MapLayer("warehouses", "物资储备库", "#0ca678", "resources.Warehouse", resource_reader(
        "resources.Warehouse", "warehouse_detail",
        lambda w: [w.get_level_display(), w.address]), visible=False),
    MapLayer("shelters", "应急避难场所", "#2f9e44", "resources.Shelter", resource_reader(
        "resources.Shelter", "shelter_detail",
        lambda s: [f"{s.get_shelter_type_display()} · 容纳{s.capacity}人", s.address]),
        visible=False),
    MapLayer("experts", "应急专家", "#7048e8", "resources.Expert", resource_reader(
        "resources.Expert", "expert_detail",
        lambda e: [e.specialities, e.organisation], is_active=True), visible=False),
)
BY_KEY = {layer.key: layer for layer in LAYERS}


def installed(layer: MapLayer) -> bool:
    try:
        layer.model_class()
    except LookupError:
        return False
    return True


def layers_for(user: Any) -> list[dict[str, Any]]:
    """The layers ``user`` may view, as the map page's declarative layer list."""
    return [{"key": layer.key, "name": layer.label, "color": layer.color,
             "model": layer.model.lower(),  # the live events' object_type
             "url": reverse("map_layer", args=[layer.key]), "visible": layer.visible,
             "cluster": layer.cluster,
             "legend": [{"label": label, "color": colour} for label, colour in layer.legend]}
            for layer in LAYERS if installed(layer) and may(user, layer.model_class(), "view")]


class MapLayerView(PageView):
    """GeoJSON of one layer of 综合一张图 within the user's data scope."""

    model = Region

    def get(self, request: HttpRequest, key: str) -> JsonResponse:
        layer = BY_KEY.get(key)
        if layer is None or not installed(layer) or not may(request.user, layer.model_class(),
                                                            "view"):
            raise Http404("没有这个图层")
        data = layer.read(request.user)
        return JsonResponse({"type": "FeatureCollection", "layer": key,
                             "features": data.features, "unplaced": data.unplaced,
                             "truncated": data.truncated},
                            json_dumps_params={"ensure_ascii": False})
