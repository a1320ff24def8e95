"""Pages of warehouses, the supply catalogue, producers, stock batches, the ledger
and transfers."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse

from yingji.core.scope import may
from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.resources import filtersets as fs
from yingji.resources import forms as rf
from yingji.resources.models import (
    StockBatch,
    StockMovement,
    SupplyItem,
    SupplyProducer,
    Transfer,
    Warehouse,
)
from yingji.resources.services import stock
from yingji.resources.views.common import REGION


class WarehouseListView(ObjectListView):
    toolbar_template = "resources/import_toolbar.html"
    import_kind = "warehouse"
    model = Warehouse
    filterset_class = fs.WarehouseFilterSet
    select_related = ("region",)
    columns = (Column("name", "名称", sortable=True, link_to_detail=True),
               Column("level", "级别"), REGION, Column("address", "地址"),
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
               Column("phone", "联系电话"), REGION)


class SupplyProducerDetailView(ObjectDetailView):
    model = SupplyProducer
    select_related = ("region",)


class SupplyProducerEditView(ObjectEditView):
    model = SupplyProducer
    form_class = rf.SupplyProducerForm


class SupplyProducerDeleteView(ObjectDeleteView):
    model = SupplyProducer


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


class MovementPostView(ObjectActionView):
    """POST a movement on a batch (出库/盘点/报损) through the ledger services."""

    model = StockMovement
    action = "add"
    form_class = rf.MovementForm
    success_message = "已登记"
    invalid_message = "请完整填写出入库信息"

    def get_object(self) -> StockBatch:
        return get_object_or_404(StockBatch.objects.restrict(self.request.user, "view"),
                                 pk=self.kwargs["pk"])

    def perform(self, obj: StockBatch, data: dict[str, Any]) -> None:
        if data["kind"] == "outbound":
            stock.issue(batch=obj, quantity=data["quantity"], reason=data["reason"],
                        confirm_expired=data["confirm_expired"], actor=self.actor)
        elif data["kind"] == "stocktake":
            stock.stocktake(batch=obj, counted=data["quantity"], reason=data["reason"],
                            actor=self.actor)
        else:
            stock.write_off(batch=obj, quantity=data["quantity"], reason=data["reason"],
                            actor=self.actor)


class ReceivePostView(ObjectActionView):
    """POST a receipt (入库) into a warehouse."""

    model = StockMovement
    action = "add"
    form_class = rf.ReceiveForm
    success_message = "已入库"

    def get_object(self) -> Warehouse:
        return get_object_or_404(Warehouse.objects.restrict(self.request.user, "view"),
                                 pk=self.kwargs["pk"])

    def perform(self, obj: Warehouse, data: dict[str, Any]) -> None:
        stock.receive(warehouse=obj, item=data["item"], batch_no=data["batch_no"],
                      quantity=data["quantity"], production_date=data["production_date"],
                      expiry_date=data["expiry_date"], reason=data["reason"], actor=self.actor)


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



class TransferRequestView(ObjectActionView):
    """POST a transfer request from a batch page; on success, to the transfers."""

    model = Transfer
    action = "add"
    form_class = rf.TransferRequestForm
    success_message = "已提交调拨申请，待审批"

    def get_object(self) -> StockBatch:
        return get_object_or_404(StockBatch.objects.restrict(self.request.user, "view"),
                                 pk=self.kwargs["pk"])

    def form_kwargs(self, obj: StockBatch) -> dict[str, Any]:
        return {"user": self.request.user, "exclude": obj.warehouse_id}

    def perform(self, obj: StockBatch, data: dict[str, Any]) -> Transfer:
        return stock.request_transfer(batch=obj, target=data["target"], quantity=data["quantity"],
                                      reason=data["reason"], actor=self.actor)

    def failure_url(self, obj: Any) -> str:
        return reverse("stockbatch_detail", args=[obj.pk])

    def success_url(self, obj: Any) -> str:
        return reverse("transfer_list")


class TransferDecideView(ObjectActionView):
    """POST approve (``approve=1``) or reject a pending transfer."""

    model = Transfer
    form_class = rf.TransferDecisionForm
    success_message = "已审批"

    def perform(self, obj: Transfer, data: dict[str, Any]) -> None:
        stock.decide_transfer(transfer=obj, approve=data["approve"] == "1", note=data["note"],
                              actor=self.actor)

    def success_url(self, obj: Any) -> str:
        return reverse("transfer_list")
