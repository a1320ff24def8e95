"""API of warehouses, the supply catalogue, producers, the stock ledger (POST a
movement) and transfers with approval."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.fields import ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, actor_of
from yingji.resources import filtersets as fs
from yingji.resources.api.common import LOCATED_FIELDS, DecisionSerializer, LocatedSerializer
from yingji.resources.models import (
    MovementKind,
    StockBatch,
    StockMovement,
    SupplyItem,
    SupplyProducer,
    Transfer,
    Warehouse,
)
from yingji.resources.services import stock


class WarehouseSerializer(LocatedSerializer):
    """A reserve warehouse."""

    class Meta:
        model = Warehouse
        fields = [*LOCATED_FIELDS, "level", "capacity_m3", "area_m2", "manager", "phone",
                  "contract_enterprise", "contract_until"]
        read_only_fields = ["id", "created_at", "updated_at"]


class SupplyItemSerializer(ModelSerializer):
    """A catalogue entry."""

    class Meta:
        model = SupplyItem
        fields = ["id", "code", "name", "category", "unit", "spec", "shelf_life_days"]
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


class SupplyProducerSerializer(LocatedSerializer):
    """A producing enterprise of supplies."""

    class Meta:
        model = SupplyProducer
        fields = [*LOCATED_FIELDS, "credit_code", "products", "capacity_note", "contact", "phone",
                  "contracted", "contract_until"]
        read_only_fields = ["id", "created_at", "updated_at"]


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
