"""API of the resources app: CRUD of every resource type (scoped viewsets through the
services), the stock ledger (POST a movement), transfers with approval, and the
analysis endpoints (nearest resources, rescue circle, evacuation plan, alerts)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yingji.core.api.fields import RegionField, ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import (
    ScopedModelViewSet,
    ScopedReadOnlyViewSet,
    actor_of,
)
from yingji.resources import filtersets as fs
from yingji.resources.models import (
    AnalysisSettings,
    CommunityProfile,
    Equipment,
    Expert,
    ExpertEvaluation,
    MovementKind,
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

_LOCATED = ["id", "name", "region", "region_name", "address", "longitude", "latitude",
            "created_at", "updated_at"]


class LocatedSerializer(ModelSerializer):
    """Shared fields of located resources; ``region`` is a division code in scope."""

    region = RegionField()
    region_name = serializers.CharField(source="region.name", read_only=True)


class RescueTeamSerializer(LocatedSerializer):
    """A rescue team."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = RescueTeam
        fields = [*_LOCATED, "kind", "kind_display", "leader", "headcount", "members",
                  "capabilities", "equipment_summary", "vehicle_count", "status",
                  "status_display", "contact", "phone", "duty_phone"]
        read_only_fields = ["id", "created_at", "updated_at"]


class EquipmentSerializer(LocatedSerializer):
    """A piece (or set) of equipment."""

    team = ScopedPrimaryKeyRelatedField(queryset=RescueTeam.objects.all(), allow_null=True,
                                        required=False)
    warehouse = ScopedPrimaryKeyRelatedField(queryset=Warehouse.objects.all(), allow_null=True,
                                             required=False)

    class Meta:
        model = Equipment
        fields = [*_LOCATED, "category", "model_spec", "quantity", "unit", "status", "team",
                  "warehouse"]
        read_only_fields = ["id", "created_at", "updated_at"]


class ExpertSerializer(LocatedSerializer):
    """An expert of the pool."""

    class Meta:
        model = Expert
        fields = [*_LOCATED, "specialities", "title", "organisation", "phone", "available",
                  "is_active", "joined_on", "last_reviewed_on", "next_review_on"]
        read_only_fields = ["id", "created_at", "updated_at", "last_reviewed_on"]


class ExpertEvaluationSerializer(ModelSerializer):
    """An evaluation after one use of an expert."""

    expert = ScopedPrimaryKeyRelatedField(queryset=Expert.objects.all())

    class Meta:
        model = ExpertEvaluation
        fields = ["id", "expert", "used_on", "occasion", "score", "comment", "evaluator",
                  "created_at"]
        read_only_fields = ["id", "created_at"]


class WarehouseSerializer(LocatedSerializer):
    """A reserve warehouse."""

    class Meta:
        model = Warehouse
        fields = [*_LOCATED, "level", "capacity_m3", "area_m2", "manager", "phone",
                  "contract_enterprise", "contract_until"]
        read_only_fields = ["id", "created_at", "updated_at"]


class SupplyItemSerializer(ModelSerializer):
    """A catalogue entry."""

    class Meta:
        model = SupplyItem
        fields = ["id", "code", "name", "category", "unit", "spec", "shelf_life_days"]
        read_only_fields = ["id"]


class ReserveStandardSerializer(ModelSerializer):
    """A reserve standard."""

    class Meta:
        model = ReserveStandard
        fields = ["id", "item", "level", "minimum"]
        read_only_fields = ["id"]


class StockBatchSerializer(ModelSerializer):
    """A batch with its current (ledger-maintained) quantity."""

    item_name = serializers.CharField(source="item.name", read_only=True)
    unit = serializers.CharField(source="item.unit", read_only=True)
    warehouse_name = serializers.CharField(source="warehouse.name", read_only=True)

    class Meta:
        model = StockBatch
        fields = ["id", "warehouse", "warehouse_name", "item", "item_name", "unit", "batch_no",
                  "production_date", "expiry_date", "quantity", "created_at"]
        read_only_fields = fields


class StockMovementSerializer(ModelSerializer):
    """A ledger entry."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = StockMovement
        fields = ["id", "batch", "warehouse", "kind", "kind_display", "quantity", "balance_after",
                  "time", "actor_label", "reason", "expired_confirmed", "transfer"]
        read_only_fields = fields


class MovementRequestSerializer(serializers.Serializer):
    """A movement to post: 入库 names warehouse, item and batch_no; the others a batch."""

    kind = serializers.ChoiceField(choices=[MovementKind.INBOUND, MovementKind.OUTBOUND,
                                            MovementKind.STOCKTAKE, MovementKind.LOSS])
    warehouse = ScopedPrimaryKeyRelatedField(queryset=Warehouse.objects.all(), required=False)
    item = serializers.PrimaryKeyRelatedField(queryset=SupplyItem.objects.all(), required=False)
    batch_no = serializers.CharField(required=False, allow_blank=True)
    production_date = serializers.DateField(required=False, allow_null=True)
    expiry_date = serializers.DateField(required=False, allow_null=True)
    batch = ScopedPrimaryKeyRelatedField(queryset=StockBatch.objects.all(), required=False)
    quantity = serializers.CharField(help_text="数量（盘点时为实存数量）")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    confirm_expired = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["kind"] == MovementKind.INBOUND:
            missing = [f for f in ("warehouse", "item") if not attrs.get(f)]
            if missing:
                raise serializers.ValidationError({f: "入库时必须填写" for f in missing})
        elif not attrs.get("batch"):
            raise serializers.ValidationError({"batch": "请指定库存批次"})
        return attrs


class TransferSerializer(ModelSerializer):
    """A transfer request between warehouses."""

    batch = ScopedPrimaryKeyRelatedField(queryset=StockBatch.objects.all())
    target = ScopedPrimaryKeyRelatedField(queryset=Warehouse.objects.all())
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Transfer
        fields = ["id", "batch", "target", "quantity", "reason", "status", "status_display",
                  "requested_by", "requested_at", "decided_by", "decided_at", "decision_note"]
        read_only_fields = ["id", "status", "requested_by", "requested_at", "decided_by",
                            "decided_at", "decision_note"]


class DecisionSerializer(serializers.Serializer):
    """Approve or reject a transfer."""

    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SupplyProducerSerializer(LocatedSerializer):
    """A producing enterprise of supplies."""

    class Meta:
        model = SupplyProducer
        fields = [*_LOCATED, "credit_code", "products", "capacity_note", "contact", "phone",
                  "contracted", "contract_until"]
        read_only_fields = ["id", "created_at", "updated_at"]


class ShelterSerializer(LocatedSerializer):
    """A shelter with its served communities (region codes)."""

    communities = RegionField(many=True, required=False)

    class Meta:
        model = Shelter
        fields = [*_LOCATED, "shelter_class", "shelter_type", "area_m2", "effective_area_m2",
                  "capacity", "facilities", "equipment", "status", "manager", "phone",
                  "communities"]
        read_only_fields = ["id", "created_at", "updated_at"]


class CommunityProfileSerializer(ModelSerializer):
    """Population (and point) of a community."""

    region = RegionField()
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = CommunityProfile
        fields = ["id", "region", "region_name", "population", "households", "longitude",
                  "latitude"]
        read_only_fields = ["id"]


class RoadSpeedSerializer(ModelSerializer):
    """Speed of a road class."""

    class Meta:
        model = RoadSpeed
        fields = ["id", "highway", "label", "speed_kmh"]
        read_only_fields = ["id"]


class AnalysisSettingsSerializer(ModelSerializer):
    """The analysis parameters (one row)."""

    class Meta:
        model = AnalysisSettings
        fields = ["id", "detour_factor", "estimate_speed_kmh", "rescue_minutes", "max_snap_m",
                  "expiry_warning_days", "shelter_radius_m", "expert_review_months"]
        read_only_fields = ["id"]


class RoadNetworkSerializer(ModelSerializer):
    """An imported road network."""

    class Meta:
        model = RoadNetwork
        fields = ["id", "name", "source_name", "node_count", "edge_count", "min_lon", "min_lat",
                  "max_lon", "max_lat", "is_active", "imported_at"]
        read_only_fields = fields


# --- viewsets ---------------------------------------------------------------------------


class RescueTeamViewSet(ScopedModelViewSet):
    """救援队伍."""

    queryset = RescueTeam.objects.none()
    serializer_class = RescueTeamSerializer
    filterset_class = fs.RescueTeamFilterSet
    select_related = ("region",)
    ordering_fields = ["name", "headcount", "region"]
    ordering = ["region", "name", "id"]


class EquipmentViewSet(ScopedModelViewSet):
    """应急装备."""

    queryset = Equipment.objects.none()
    serializer_class = EquipmentSerializer
    filterset_class = fs.EquipmentFilterSet
    select_related = ("region",)
    ordering_fields = ["name", "quantity"]
    ordering = ["region", "name", "id"]


class ExpertViewSet(ScopedModelViewSet):
    """专家库; POST …/{id}/review/ records the periodic review."""

    queryset = Expert.objects.none()
    serializer_class = ExpertSerializer
    filterset_class = fs.ExpertFilterSet
    select_related = ("region",)
    ordering_fields = ["name", "next_review_on"]
    ordering = ["region", "name", "id"]
    extra_action_permissions = {"review": "change"}

    @extend_schema(request=DecisionSerializer, responses=ExpertSerializer, summary="专家复核")
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        expert = self.get_object()
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = experts.review_expert(expert, keep=data.validated_data["approve"],
                                     note=data.validated_data["note"], actor=actor_of(request))
        return Response(ExpertSerializer(done).data)


class ExpertEvaluationViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """专家评价 (append only)."""

    queryset = ExpertEvaluation.objects.none()
    serializer_class = ExpertEvaluationSerializer
    filterset_class = fs.ExpertEvaluationFilterSet
    select_related = ("expert",)
    ordering = ["-used_on", "-id"]

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        expert = data.pop("expert")
        serializer.instance = experts.evaluate_expert(expert, data, actor=actor_of(self.request))


class WarehouseViewSet(ScopedModelViewSet):
    """储备库."""

    queryset = Warehouse.objects.none()
    serializer_class = WarehouseSerializer
    filterset_class = fs.WarehouseFilterSet
    select_related = ("region",)
    ordering_fields = ["name", "level"]
    ordering = ["region", "name", "id"]


class SupplyItemViewSet(ScopedModelViewSet):
    """物资目录."""

    queryset = SupplyItem.objects.none()
    serializer_class = SupplyItemSerializer
    filterset_class = fs.SupplyItemFilterSet
    ordering = ["code"]


class ReserveStandardViewSet(ScopedModelViewSet):
    """储备标准."""

    queryset = ReserveStandard.objects.none()
    serializer_class = ReserveStandardSerializer
    filterset_class = fs.ReserveStandardFilterSet
    ordering = ["level", "item__code"]


class StockBatchViewSet(ScopedReadOnlyViewSet):
    """库存批次 (quantities change only through movements)."""

    queryset = StockBatch.objects.none()
    serializer_class = StockBatchSerializer
    filterset_class = fs.StockBatchFilterSet
    select_related = ("item", "warehouse")
    ordering_fields = ["expiry_date", "quantity"]
    ordering = ["warehouse_id", "item__code", "expiry_date", "id"]


class StockMovementViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """出入库台账: list the ledger; POST a movement (入库/出库/盘点/报损)."""

    queryset = StockMovement.objects.none()
    serializer_class = StockMovementSerializer
    filterset_class = fs.StockMovementFilterSet
    select_related = ("batch",)
    ordering = ["-time", "-id"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return MovementRequestSerializer if self.action == "create" else StockMovementSerializer

    @extend_schema(request=MovementRequestSerializer, responses=StockMovementSerializer,
                   summary="登记出入库")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = MovementRequestSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        actor = actor_of(request)
        kind = values["kind"]
        if kind == MovementKind.INBOUND:
            entry = stock.receive(warehouse=values["warehouse"], item=values["item"],
                                  batch_no=values.get("batch_no", ""), quantity=values["quantity"],
                                  production_date=values.get("production_date"),
                                  expiry_date=values.get("expiry_date"), reason=values["reason"],
                                  actor=actor)
        elif kind == MovementKind.OUTBOUND:
            entry = stock.issue(batch=values["batch"], quantity=values["quantity"],
                                reason=values["reason"], confirm_expired=values["confirm_expired"],
                                actor=actor)
        elif kind == MovementKind.STOCKTAKE:
            entry = stock.stocktake(batch=values["batch"], counted=values["quantity"],
                                    reason=values["reason"], actor=actor)
        else:
            entry = stock.write_off(batch=values["batch"], quantity=values["quantity"],
                                    reason=values["reason"], actor=actor)
        return Response(StockMovementSerializer(entry).data, status=201)


class TransferViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """调拨单: POST a request; POST …/{id}/decide/ approves (moves stock) or rejects."""

    queryset = Transfer.objects.none()
    serializer_class = TransferSerializer
    filterset_class = fs.TransferFilterSet
    select_related = ("batch", "target")
    ordering = ["-requested_at", "-id"]
    extra_action_permissions = {"decide": "change"}

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = stock.request_transfer(
            batch=data["batch"], target=data["target"], quantity=data["quantity"],
            reason=data["reason"], actor=actor_of(self.request))

    @extend_schema(request=DecisionSerializer, responses=TransferSerializer, summary="审批调拨")
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        transfer = self.get_object()
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = stock.decide_transfer(transfer=transfer, approve=data.validated_data["approve"],
                                     note=data.validated_data["note"], actor=actor_of(request))
        return Response(TransferSerializer(done).data)


class SupplyProducerViewSet(ScopedModelViewSet):
    """物资生产企业."""

    queryset = SupplyProducer.objects.none()
    serializer_class = SupplyProducerSerializer
    filterset_class = fs.SupplyProducerFilterSet
    select_related = ("region",)
    ordering = ["region", "name", "id"]


class ShelterViewSet(ScopedModelViewSet):
    """应急避难场所."""

    queryset = Shelter.objects.none()
    serializer_class = ShelterSerializer
    filterset_class = fs.ShelterFilterSet
    select_related = ("region",)
    prefetch_related = ("communities",)
    ordering_fields = ["name", "capacity"]
    ordering = ["region", "name", "id"]


class CommunityProfileViewSet(ScopedModelViewSet):
    """社区人口."""

    queryset = CommunityProfile.objects.none()
    serializer_class = CommunityProfileSerializer
    filterset_class = fs.CommunityProfileFilterSet
    select_related = ("region",)
    ordering = ["region"]


class RoadSpeedViewSet(mixins.UpdateModelMixin, ScopedReadOnlyViewSet):
    """道路通行速度 (reference data: edit the speeds)."""

    queryset = RoadSpeed.objects.none()
    serializer_class = RoadSpeedSerializer
    filterset_class = fs.RoadSpeedFilterSet
    ordering = ["-speed_kmh", "highway"]

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        from yingji.core.services.objects import update_object

        assert serializer.instance is not None
        serializer.instance = update_object(serializer.instance, dict(serializer.validated_data),
                                            actor=actor_of(self.request))


class AnalysisSettingsViewSet(mixins.UpdateModelMixin, ScopedReadOnlyViewSet):
    """分析参数 (one row, id 1): read, and update from a city-wide scope."""

    queryset = AnalysisSettings.objects.none()
    serializer_class = AnalysisSettingsSerializer
    ordering = ["id"]

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        from yingji.core.services.objects import update_object

        assert serializer.instance is not None
        serializer.instance = update_object(serializer.instance, dict(serializer.validated_data),
                                            actor=actor_of(self.request))


class RoadNetworkViewSet(ScopedReadOnlyViewSet):
    """已导入的路网."""

    queryset = RoadNetwork.objects.none()
    serializer_class = RoadNetworkSerializer
    filterset_class = fs.RoadNetworkFilterSet
    ordering = ["-imported_at", "-id"]


# --- analysis -----------------------------------------------------------------------------


class NearestRequestSerializer(serializers.Serializer):
    """Where, what and how many."""

    longitude = serializers.FloatField()
    latitude = serializers.FloatField()
    types = serializers.ListField(child=serializers.ChoiceField(choices=list(analysis.RESOURCE_TYPES)),
                                  required=False)
    capability = serializers.CharField(required=False, allow_blank=True, default="")
    available_only = serializers.BooleanField(required=False, default=True)
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=100)


class CoverageRequestSerializer(serializers.Serializer):
    """Rescue circle parameters."""

    minutes = serializers.IntegerField(required=False, min_value=1, max_value=180, allow_null=True)
    team_kinds = serializers.ListField(child=serializers.CharField(), required=False)
    suggest = serializers.IntegerField(required=False, default=3, min_value=0, max_value=20)


class _AnalysisView(APIView):
    """Analysis endpoints need the view permission on rescue teams (any resources reader)."""

    queryset = RescueTeam.objects.none()

    @property
    def permission_action(self) -> str:
        return "view"


class NearestView(_AnalysisView):
    """POST: the nearest resources to a point by travel time."""

    @extend_schema(request=NearestRequestSerializer, summary="最近应急资源")
    def post(self, request: Request) -> Response:
        data = NearestRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = analysis.nearest_resources(
            request.user, v["longitude"], v["latitude"],
            types=v.get("types") or list(analysis.RESOURCE_TYPES),
            capability=v["capability"], available_only=v["available_only"], limit=v["limit"])
        return Response({
            "estimated": result.estimated, "method": result.method,
            "results": [{"type": r.resource.type, "type_display": analysis.RESOURCE_TYPES[r.resource.type],
                         "id": r.resource.id, "name": r.resource.name, "detail": r.resource.detail,
                         "longitude": r.resource.longitude, "latitude": r.resource.latitude,
                         "seconds": round(r.seconds, 1), "minutes": r.minutes,
                         "straight_distance_m": round(r.distance_m)} for r in result.items],
        })


def coverage_payload(coverage: analysis.Coverage) -> dict[str, Any]:
    communities, population, enterprises = coverage.communities, coverage.population, coverage.enterprises
    return {
        "minutes": coverage.minutes, "estimated": coverage.estimated, "method": coverage.method,
        "communities": {"covered": communities[0], "total": communities[1]},
        "population": {"covered": population[0], "total": population[1]},
        "enterprises": {"covered": enterprises[0], "total": enterprises[1]},
        "stations": [{"id": s.resource.id, "name": s.resource.name, "radius_m": round(s.radius_m),
                      "communities": s.communities, "enterprises": s.enterprises}
                     for s in coverage.stations],
        "uncovered": [{"kind": p.kind, "key": p.key, "name": p.name, "district": p.district,
                       "population": p.population, "point_source": p.point_source,
                       "minutes": None if seconds == float("inf") else round(seconds / 60, 1)}
                      for p, seconds in coverage.uncovered],
        "suggestions": [{"name": p.name, "district": p.district, "longitude": p.longitude,
                         "latitude": p.latitude, "population_gained": people,
                         "points_gained": points} for p, people, points in coverage.suggestions],
    }


class CoverageView(_AnalysisView):
    """POST: the rescue circle and its coverage, with suggested sites."""

    @extend_schema(request=CoverageRequestSerializer, summary="救援圈覆盖分析")
    def post(self, request: Request) -> Response:
        data = CoverageRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        coverage = analysis.rescue_circle(request.user, minutes=v.get("minutes"),
                                          team_kinds=v.get("team_kinds") or (), suggest=v["suggest"])
        return Response(coverage_payload(coverage))


class EvacuationView(_AnalysisView):
    """POST: the evacuation plan (communities to shelters) and the unplaced population."""

    queryset = Shelter.objects.none()

    @extend_schema(request=None, summary="疏散安置方案")
    def post(self, request: Request) -> Response:
        plan = analysis.evacuation_plan(request.user)
        return Response({
            "population": plan.population, "unplaced_total": plan.unplaced_total,
            "radius_m": plan.radius_m,
            "assignments": [{"community": p.key, "name": p.name, "population": p.population,
                             "shelters": [{"id": s.pk, "name": s.name, "people": n,
                                           "distance_m": round(d)} for s, n, d in rows]}
                            for p, rows in plan.rows],
            "unplaced": [{"community": p.key, "name": p.name, "people": n} for p, n in plan.unplaced],
            "shelters": [{"id": s.pk, "name": s.name, "capacity": s.capacity, "assigned": load}
                         for s, load in plan.shelters],
        })


class AlertsView(_AnalysisView):
    """GET: reserve shortages and expiring batches in the caller's scope."""

    queryset = StockBatch.objects.none()

    @extend_schema(summary="储备短缺与临期预警")
    def get(self, request: Request) -> Response:
        houses = Warehouse.objects.restrict(request.user, "view")
        batches = stock.expiring_batches(StockBatch.objects.restrict(request.user, "view")
                                         .select_related("item", "warehouse"))
        return Response({
            "shortages": [{"warehouse": s.warehouse_id, "warehouse_name": s.warehouse,
                           "item": s.item, "unit": s.unit, "stock": str(s.stock),
                           "minimum": str(s.minimum), "missing": str(s.missing)}
                          for s in stock.shortages(houses)],
            "expiring": [StockBatchSerializer(b).data for b in batches[:500]],
        })
