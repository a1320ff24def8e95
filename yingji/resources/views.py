"""Pages of the resources app: registries (generic list/detail/edit with Excel export),
stock with its ledger and alerts, the resource one-map, nearest-resource search,
the rescue-circle coverage page and the evacuation plan. Views call services only."""

from __future__ import annotations

import math
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from yingji.core.scope import may
from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    TemplatePageView,
)
from yingji.core.views.imports import ImportFileForm
from yingji.resources import filtersets as fs
from yingji.resources import forms as rf
from yingji.resources.models import (
    AnalysisSettings,
    CommunityProfile,
    Equipment,
    Expert,
    ExpertEvaluation,
    RescueTeam,
    ReserveStandard,
    RoadNetwork,
    RoadSpeed,
    Shelter,
    StockBatch,
    StockMovement,
    SupplyItem,
    SupplyProducer,
    Transfer,
    Warehouse,
)
from yingji.resources.services import analysis, experts, stock
from yingji.ui.views.map import map_settings

_REGION = Column("region", "所属区划", accessor="region.name")


# --- registries ---------------------------------------------------------------------------


class RescueTeamListView(ObjectListView):
    toolbar_template = "resources/import_toolbar.html"
    import_kind = "rescueteam"
    model = RescueTeam
    filterset_class = fs.RescueTeamFilterSet
    select_related = ("region",)
    columns = (Column("name", "队伍名称", sortable=True, link_to_detail=True),
               Column("kind", "类型"), _REGION, Column("headcount", "人数", sortable=True),
               Column("capabilities", "救援能力"), Column("status", "状态"),
               Column("duty_phone", "值班电话"), Column("longitude", "经度", export=True),
               Column("latitude", "纬度"))


class RescueTeamDetailView(ObjectDetailView):
    model = RescueTeam
    select_related = ("region",)


class RescueTeamEditView(ObjectEditView):
    model = RescueTeam
    form_class = rf.RescueTeamForm


class RescueTeamDeleteView(ObjectDeleteView):
    model = RescueTeam


class EquipmentListView(ObjectListView):
    toolbar_template = "resources/import_toolbar.html"
    import_kind = "equipment"
    model = Equipment
    filterset_class = fs.EquipmentFilterSet
    select_related = ("region", "team", "warehouse")
    columns = (Column("name", "装备名称", sortable=True, link_to_detail=True),
               Column("category", "类别"), Column("model_spec", "规格型号"),
               Column("quantity", "数量"), Column("unit", "单位"), Column("status", "状态"),
               Column("team", "所属队伍", accessor="team.name"),
               Column("warehouse", "存放仓库", accessor="warehouse.name"), _REGION)


class EquipmentDetailView(ObjectDetailView):
    model = Equipment
    select_related = ("region", "team", "warehouse")


class EquipmentEditView(ObjectEditView):
    model = Equipment
    form_class = rf.EquipmentForm


class EquipmentDeleteView(ObjectDeleteView):
    model = Equipment


class ExpertListView(ObjectListView):
    toolbar_template = "resources/import_toolbar.html"
    import_kind = "expert"
    model = Expert
    filterset_class = fs.ExpertFilterSet
    select_related = ("region",)
    columns = (Column("name", "姓名", sortable=True, link_to_detail=True),
               Column("specialities", "专业领域"), Column("title", "职称"),
               Column("organisation", "工作单位"), Column("phone", "联系电话"),
               Column("available", "可被调用"), Column("is_active", "在库"),
               Column("next_review_on", "下次复核", sortable=True), _REGION)


class ExpertDetailView(ObjectDetailView):
    model = Expert
    select_related = ("region",)
    extra_template = "resources/expert_panel.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["evaluations"] = list(obj.evaluations.all()[:50])
        user = self.request.user
        if may(user, ExpertEvaluation, "add"):
            context["evaluation_form"] = rf.EvaluationForm()
        context["can_review"] = may(user, Expert, "change")
        context["review_overdue"] = obj.review_overdue(timezone.localdate())
        return context


class ExpertEditView(ObjectEditView):
    model = Expert
    form_class = rf.ExpertForm


class ExpertDeleteView(ObjectDeleteView):
    model = Expert


class WarehouseListView(ObjectListView):
    toolbar_template = "resources/import_toolbar.html"
    import_kind = "warehouse"
    model = Warehouse
    filterset_class = fs.WarehouseFilterSet
    select_related = ("region",)
    columns = (Column("name", "名称", sortable=True, link_to_detail=True),
               Column("level", "级别"), _REGION, Column("address", "地址"),
               Column("capacity_m3", "库容（立方米）"), Column("manager", "负责人"),
               Column("phone", "联系电话"))


class WarehouseDetailView(ObjectDetailView):
    model = Warehouse
    select_related = ("region",)
    extra_template = "resources/warehouse_panel.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["batches"] = list(obj.batches.select_related("item").order_by("item__code", "expiry_date"))
        context["shortages"] = stock.shortages(Warehouse.objects.filter(pk=obj.pk))
        if may(self.request.user, StockMovement, "add"):
            context["receive_form"] = rf.ReceiveForm()
        return context


class WarehouseEditView(ObjectEditView):
    model = Warehouse
    form_class = rf.WarehouseForm


class WarehouseDeleteView(ObjectDeleteView):
    model = Warehouse


class SupplyItemListView(ObjectListView):
    model = SupplyItem
    filterset_class = fs.SupplyItemFilterSet
    columns = (Column("code", "物资编码", sortable=True, link_to_detail=True),
               Column("name", "物资名称", sortable=True), Column("category", "类别"),
               Column("unit", "计量单位"), Column("spec", "规格"),
               Column("shelf_life_days", "保质期（天）"))


class SupplyItemDetailView(ObjectDetailView):
    model = SupplyItem


class SupplyItemEditView(ObjectEditView):
    model = SupplyItem
    form_class = rf.SupplyItemForm


class SupplyProducerListView(ObjectListView):
    toolbar_template = "resources/import_toolbar.html"
    import_kind = "supplyproducer"
    model = SupplyProducer
    filterset_class = fs.SupplyProducerFilterSet
    select_related = ("region",)
    columns = (Column("name", "企业名称", sortable=True, link_to_detail=True),
               Column("products", "主要产品"), Column("contracted", "协议储备"),
               Column("contract_until", "协议到期"), Column("contact", "联系人"),
               Column("phone", "联系电话"), _REGION)


class SupplyProducerDetailView(ObjectDetailView):
    model = SupplyProducer
    select_related = ("region",)


class SupplyProducerEditView(ObjectEditView):
    model = SupplyProducer
    form_class = rf.SupplyProducerForm


class SupplyProducerDeleteView(ObjectDeleteView):
    model = SupplyProducer


class ShelterListView(ObjectListView):
    toolbar_template = "resources/import_toolbar.html"
    import_kind = "shelter"
    model = Shelter
    filterset_class = fs.ShelterFilterSet
    select_related = ("region",)
    columns = (Column("name", "名称", sortable=True, link_to_detail=True),
               Column("shelter_class", "类别"), Column("shelter_type", "类型"),
               Column("capacity", "容纳人数", sortable=True),
               Column("effective_area_m2", "有效面积（平方米）"), Column("status", "状态"),
               _REGION, Column("address", "地址"))


class ShelterDetailView(ObjectDetailView):
    model = Shelter
    select_related = ("region",)
    fields = ("name", "region", "address", "longitude", "latitude", "shelter_class",
              "shelter_type", "area_m2", "effective_area_m2", "capacity", "facilities",
              "equipment", "status", "manager", "phone",
              Column("communities", "服务社区",
                     accessor=lambda s: [c.name for c in s.communities.all()]))


class ShelterEditView(ObjectEditView):
    model = Shelter
    form_class = rf.ShelterForm


class ShelterDeleteView(ObjectDeleteView):
    model = Shelter


class CommunityProfileListView(ObjectListView):
    toolbar_template = "resources/import_toolbar.html"
    import_kind = "communityprofile"
    model = CommunityProfile
    filterset_class = fs.CommunityProfileFilterSet
    select_related = ("region",)
    columns = (Column("region", "社区（村）", accessor="region.name", link_to_detail=True),
               Column("code", "区划代码", accessor="region_id"),
               Column("population", "常住人口", sortable=True), Column("households", "户数"))


class CommunityProfileDetailView(ObjectDetailView):
    model = CommunityProfile
    select_related = ("region",)


class CommunityProfileEditView(ObjectEditView):
    model = CommunityProfile
    form_class = rf.CommunityProfileForm


# --- stock ---------------------------------------------------------------------------------


class StockBatchListView(ObjectListView):
    """库存: batches with quantities, and the alerts of the scope above the table."""

    model = StockBatch
    filterset_class = fs.StockBatchFilterSet
    select_related = ("item", "warehouse")
    toolbar_template = "resources/stock_alerts.html"
    import_kind = "stockmovement"
    columns = (Column("item", "物资", accessor="item.name", link_to_detail=True),
               Column("batch_no", "批次号"), Column("warehouse", "储备库", accessor="warehouse.name"),
               Column("quantity", "库存", sortable=True), Column("unit", "单位", accessor="item.unit"),
               Column("production_date", "生产日期"),
               Column("expiry_date", "有效期至", sortable=True))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["shortages"] = stock.shortages(Warehouse.objects.restrict(user, "view"))[:50]
        context["expiring"] = list(stock.expiring_batches(
            StockBatch.objects.restrict(user, "view").select_related("item", "warehouse"))[:50])
        context["ledger_url"] = reverse("stockmovement_list")
        context["can_receive"] = may(user, StockMovement, "add")
        return context


class StockBatchDetailView(ObjectDetailView):
    """A batch: its ledger and the movement form."""

    model = StockBatch
    select_related = ("item", "warehouse")
    extra_template = "resources/batch_panel.html"
    show_attachments = False

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["movements"] = list(obj.movements.all()[:200])
        if may(self.request.user, StockMovement, "add"):
            context["movement_form"] = rf.MovementForm()
        if may(self.request.user, Transfer, "add"):
            context["transfer_form"] = rf.TransferRequestForm(user=self.request.user,
                                                              exclude=obj.warehouse_id)
        return context


class StockMovementListView(ObjectListView):
    """出入库台账 (read-only; movements are posted on a batch or warehouse page)."""

    model = StockMovement
    filterset_class = fs.StockMovementFilterSet
    select_related = ("batch__item", "warehouse")
    columns = (Column("time", "时间", sortable=True), Column("kind", "类型"),
               Column("warehouse", "储备库", accessor="warehouse.name"),
               Column("item", "物资", accessor="batch.item.name"),
               Column("batch_no", "批次", accessor="batch.batch_no"),
               Column("quantity", "变动数量"), Column("balance_after", "变动后库存"),
               Column("reason", "事由"), Column("actor_label", "经办人"))


class MovementPostView(PageView):
    """POST a movement on a batch (出库/盘点/报损) through the ledger services."""

    model = StockMovement
    action = "add"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = get_object_or_404(StockBatch.objects.restrict(request.user, "view"), pk=pk)
        form = rf.MovementForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请完整填写出入库信息")
            return redirect("stockbatch_detail", pk=pk)
        data = form.cleaned_data
        try:
            if data["kind"] == "outbound":
                stock.issue(batch=batch, quantity=data["quantity"], reason=data["reason"],
                            confirm_expired=data["confirm_expired"], actor=self.actor)
            elif data["kind"] == "stocktake":
                stock.stocktake(batch=batch, counted=data["quantity"], reason=data["reason"],
                                actor=self.actor)
            else:
                stock.write_off(batch=batch, quantity=data["quantity"], reason=data["reason"],
                                actor=self.actor)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已登记")
        return redirect("stockbatch_detail", pk=pk)


class ReceivePostView(PageView):
    """POST a receipt (入库) into a warehouse."""

    model = StockMovement
    action = "add"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        house = get_object_or_404(Warehouse.objects.restrict(request.user, "view"), pk=pk)
        form = rf.ReceiveForm(request.POST)
        if not form.is_valid():
            messages.error(request, "；".join(f"{form.fields[k].label}：{v[0]}"
                                             for k, v in form.errors.items()))
            return redirect("warehouse_detail", pk=pk)
        data = form.cleaned_data
        try:
            stock.receive(warehouse=house, item=data["item"], batch_no=data["batch_no"],
                          quantity=data["quantity"], production_date=data["production_date"],
                          expiry_date=data["expiry_date"], reason=data["reason"], actor=self.actor)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已入库")
        return redirect("warehouse_detail", pk=pk)


# --- one map, nearest, coverage, evacuation ----------------------------------------------

LAYER_COLOURS = {"team": "#d63939", "expert": "#ae3ec9", "warehouse": "#f59f00",
                 "shelter": "#2fb344", "equipment": "#4263eb", "enterprise": "#667382"}


class ResourceMapView(TemplatePageView):
    """应急资源一张图: one GeoJSON layer per resource type, with filters."""

    model = RescueTeam
    title = "应急资源一张图"
    template_name = "resources/map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        params = self.request.GET.urlencode()
        base = reverse("resources_geojson")
        layers = [{"name": label, "url": f"{base}?type={key}&{params}", "color": LAYER_COLOURS[key]}
                  for key, label in analysis.RESOURCE_TYPES.items()]
        layers.append({"name": "企业", "url": f"{base}?type=enterprise&{params}",
                       "color": LAYER_COLOURS["enterprise"]})
        return {"map": map_settings(self.request.user), "layers": layers,
                "capability": self.request.GET.get("capability", ""),
                "available_only": self.request.GET.get("available_only") == "1", **kwargs}


class ResourceGeoJSONView(PageView):
    """GeoJSON points of one resource type in the user's scope."""

    model = RescueTeam

    def get(self, request: HttpRequest) -> JsonResponse:
        kind = request.GET.get("type", "team")
        features = []
        if kind == "enterprise":
            points = [p for p in analysis.demand_points(request.user) if p.kind == "enterprise"]
            features = [_feature(p.longitude, p.latitude, p.name, f"{p.name}（{p.district}）")
                        for p in points]
        elif kind in analysis.RESOURCE_TYPES:
            rows = analysis.located_resources(
                request.user, [kind], capability=request.GET.get("capability", ""),
                available_only=request.GET.get("available_only") == "1")
            features = [_feature(r.longitude, r.latitude, r.name, f"{r.name}：{r.detail}") for r in rows]
        else:
            raise Http404("未知的资源类型")
        return JsonResponse({"type": "FeatureCollection", "features": features})


def _feature(lon: float, lat: float, name: str, popup: str) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"name": name, "popup": popup}}


def _float(value: str | None) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class NearestView(TemplatePageView):
    """最近资源查询: a point (经纬度) and filters → the quickest resources."""

    model = RescueTeam
    title = "最近应急资源查询"
    template_name = "resources/nearest.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        get = self.request.GET
        context: dict[str, Any] = {"types": analysis.RESOURCE_TYPES, "query": get,
                                   "selected": get.getlist("types") or ["team"]}
        lon, lat = _float(get.get("longitude")), _float(get.get("latitude"))
        if "longitude" in get:
            if lon is None or lat is None:
                context["error"] = "请填写有效的经度和纬度"
            else:
                try:
                    context["result"] = analysis.nearest_resources(
                        self.request.user, lon, lat, types=context["selected"],
                        capability=get.get("capability", ""),
                        available_only=get.get("available_only") == "1")
                except ValidationError as exc:
                    context["error"] = "；".join(exc.messages)
        return context


def _circle(lon: float, lat: float, radius_m: float, name: str) -> dict[str, Any]:
    """A 48-gon approximating a circle of ``radius_m`` (for the offline map)."""
    dlat = math.degrees(radius_m / 6_371_008.8)
    dlon = dlat / math.cos(math.radians(lat))
    ring = [[lon + dlon * math.cos(2 * math.pi * i / 48), lat + dlat * math.sin(2 * math.pi * i / 48)]
            for i in range(49)]
    return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": {"name": name, "popup": f"{name}：约{radius_m / 1000:.1f}公里"}}


class CoverageView(TemplatePageView):
    """救援圈覆盖分析: stations' circles on the map, the shares and the uncovered list."""

    model = RescueTeam
    title = "15分钟应急救援圈"
    template_name = "resources/coverage.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        minutes = _float(self.request.GET.get("minutes"))
        error = ""
        coverage = None
        try:
            coverage = analysis.rescue_circle(self.request.user,
                                              minutes=int(minutes) if minutes else None, suggest=3)
        except ValidationError as exc:
            error = "；".join(exc.messages)
        base = reverse("resources_coverage_geojson")
        params = self.request.GET.urlencode()
        return {"map": map_settings(self.request.user), "coverage": coverage, "error": error,
                "layers": [{"name": "救援圈", "url": f"{base}?{params}", "color": "#d63939"},
                           {"name": "未覆盖", "url": f"{base}?part=uncovered&{params}",
                            "color": "#667382"},
                           {"name": "建议选址", "url": f"{base}?part=suggested&{params}",
                            "color": "#2fb344"}],
                "uncovered": coverage.uncovered[:300] if coverage else [], **kwargs}


class CoverageGeoJSONView(PageView):
    """GeoJSON of the coverage page: circles, uncovered points or suggested sites."""

    model = RescueTeam

    def get(self, request: HttpRequest) -> JsonResponse:
        minutes = _float(request.GET.get("minutes"))
        part = request.GET.get("part", "circles")
        try:
            coverage = analysis.rescue_circle(request.user, minutes=int(minutes) if minutes else None,
                                              suggest=3 if part == "suggested" else 0)
        except ValidationError as exc:
            return JsonResponse({"error": {"message": "；".join(exc.messages)}}, status=400)
        if part == "uncovered":
            features = [_feature(p.longitude, p.latitude, p.name,
                                 f"{p.name}（{p.district}，{p.point_source}）")
                        for p, _ in coverage.uncovered]
        elif part == "suggested":
            features = [_feature(p.longitude, p.latitude, f"建议选址{i}：{p.name}",
                                 f"新增覆盖人口{people}，覆盖点{points}个")
                        for i, (p, people, points) in enumerate(coverage.suggestions, 1)]
        else:
            features = [_circle(s.resource.longitude, s.resource.latitude, s.radius_m, s.resource.name)
                        for s in coverage.stations if s.radius_m > 0]
        return JsonResponse({"type": "FeatureCollection", "features": features})


class EvacuationView(TemplatePageView):
    """疏散安置方案: communities assigned to shelters and the people left unplaced."""

    model = Shelter
    title = "疏散安置方案"
    template_name = "resources/evacuation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"plan": analysis.evacuation_plan(self.request.user), **kwargs}


# --- Excel import ----------------------------------------------------------------------------


class ResourceImportView(PageView):
    """批量导入 of one resource type (``kind``): upload, row-level report, template."""

    action = "add"

    @property
    def import_model(self) -> type[models.Model]:
        from yingji.resources.imports import MODELS

        model = MODELS.get(self.kwargs["kind"])
        if model is None:
            raise Http404("不支持导入该类型")
        return model

    def has_permission(self) -> bool:
        return may(self.request.user, self.import_model, "add")

    def get_title(self) -> str:
        return f"批量导入{self.import_model._meta.verbose_name_plural}"

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        from yingji.core.exports import xlsx_response
        from yingji.core.imports import template_workbook
        from yingji.resources.imports import spec_for

        if request.GET.get("template"):
            spec = spec_for(kind)
            return xlsx_response(template_workbook(spec), f"{spec.title}导入模板.xlsx")
        return self.render("resources/import.html", {"form": ImportFileForm(), "kind": kind})

    def post(self, request: HttpRequest, kind: str) -> HttpResponse:
        from yingji.core.imports import ImportFileError, run_import
        from yingji.resources.imports import spec_for

        form = ImportFileForm(request.POST, request.FILES)
        context: dict[str, Any] = {"form": form, "kind": kind}
        if form.is_valid():
            try:
                context["result"] = run_import(spec_for(kind), form.cleaned_data["file"],
                                               actor=self.actor)
            except ImportFileError as exc:
                form.add_error("file", str(exc))
        return self.render("resources/import.html", context,
                           status=200 if "result" in context or not form.errors else 400)


# --- reference data and transfers ---------------------------------------------------------


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
    columns = (Column("highway", "道路等级（OSM highway）", link_to_detail=True),
               Column("label", "名称"), Column("speed_kmh", "通行速度（km/h）", sortable=True))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["networks"] = list(RoadNetwork.objects.all()[:10])
        context["settings_url"] = reverse("analysissettings_edit", args=[1])
        return context


class RoadSpeedDetailView(ObjectDetailView):
    model = RoadSpeed
    show_attachments = False


class RoadSpeedEditView(ObjectEditView):
    model = RoadSpeed
    form_class = rf.RoadSpeedForm


class AnalysisSettingsDetailView(ObjectDetailView):
    model = AnalysisSettings
    show_attachments = False


class AnalysisSettingsEditView(ObjectEditView):
    model = AnalysisSettings
    form_class = rf.AnalysisSettingsForm

    def get_object(self) -> Any:
        stock.analysis_settings()  # the one row exists
        return super().get_object()


class TransferListView(ObjectListView):
    """调拨单, with approve/reject on pending rows."""

    model = Transfer
    filterset_class = fs.TransferFilterSet
    select_related = ("batch__item", "batch__warehouse", "target")
    row_actions_template = "resources/transfer_actions.html"
    columns = (Column("requested_at", "申请时间", sortable=True),
               Column("item", "物资", accessor="batch.item.name"),
               Column("source", "调出", accessor="batch.warehouse.name"),
               Column("target", "调入", accessor="target.name"),
               Column("quantity", "数量"), Column("reason", "事由"),
               Column("status", "状态"), Column("requested_by", "申请人"),
               Column("decided_by", "审批人"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_decide"] = may(self.request.user, Transfer, "change")
        return context


class TransferRequestView(PageView):
    """POST a transfer request from a batch page."""

    model = Transfer
    action = "add"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = get_object_or_404(StockBatch.objects.restrict(request.user, "view"), pk=pk)
        form = rf.TransferRequestForm(request.POST, user=request.user, exclude=batch.warehouse_id)
        if not form.is_valid():
            messages.error(request, "；".join(f"{form.fields[k].label}：{v[0]}"
                                             for k, v in form.errors.items()))
            return redirect("stockbatch_detail", pk=pk)
        try:
            stock.request_transfer(batch=batch, target=form.cleaned_data["target"],
                                   quantity=form.cleaned_data["quantity"],
                                   reason=form.cleaned_data["reason"], actor=self.actor)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("stockbatch_detail", pk=pk)
        messages.success(request, "已提交调拨申请，待审批")
        return redirect("transfer_list")


class TransferDecideView(PageView):
    """POST approve (``approve=1``) or reject a pending transfer."""

    model = Transfer
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        transfer = get_object_or_404(Transfer.objects.restrict(request.user, "change"), pk=pk)
        try:
            stock.decide_transfer(transfer=transfer, approve=request.POST.get("approve") == "1",
                                  note=request.POST.get("note", ""), actor=self.actor)
        except (ValidationError, PermissionDenied) as exc:
            text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, text)
        else:
            messages.success(request, "已审批")
        return redirect("transfer_list")


class ExpertEvaluateView(PageView):
    """POST an evaluation of an expert after use."""

    model = ExpertEvaluation
    action = "add"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        expert = get_object_or_404(Expert.objects.restrict(request.user, "view"), pk=pk)
        form = rf.EvaluationForm(request.POST)
        if not form.is_valid():
            messages.error(request, "；".join(f"{form.fields[k].label}：{v[0]}"
                                             for k, v in form.errors.items()))
            return redirect("expert_detail", pk=pk)
        try:
            experts.evaluate_expert(expert, form.cleaned_data, actor=self.actor)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已记录评价")
        return redirect("expert_detail", pk=pk)


class ExpertReviewView(PageView):
    """POST the periodic review: keep (``keep=1``) or take out of the pool."""

    model = Expert
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        expert = get_object_or_404(Expert.objects.restrict(request.user, "change"), pk=pk)
        done = experts.review_expert(expert, keep=request.POST.get("keep") == "1",
                                     note=request.POST.get("note", ""), actor=self.actor)
        messages.success(request, f"复核完成，下次复核日期：{done.next_review_on or '—'}")
        return redirect("expert_detail", pk=pk)
