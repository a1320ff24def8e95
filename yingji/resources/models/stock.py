"""Warehouses, the supply catalogue, reserve standards, stock batches and the ledger.

Stock lives in batches; every change is a ``StockMovement`` row (append-only) whose
signed quantity and resulting balance make the ledger; ``StockBatch.quantity`` is a
cache that ``services.stock.rebuild_stock`` can recompute from the ledger at any time.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.resources.models.base import LocatedResource, Unscoped


class WarehouseLevel(models.TextChoices):
    PROVINCE = "province", "省级储备库"
    CITY = "city", "市级储备库"
    DISTRICT = "district", "区级储备库"
    STREET = "street", "街道（乡镇）储备点"
    CONTRACTED = "contracted", "协议储备企业"


class Warehouse(LocatedResource):
    """A reserve warehouse (储备库) or a contracted enterprise reserve (协议储备)."""

    level = models.CharField("级别", max_length=12, choices=WarehouseLevel.choices)
    capacity_m3 = models.DecimalField("库容（立方米）", max_digits=12, decimal_places=1,
                                      null=True, blank=True)
    area_m2 = models.DecimalField("面积（平方米）", max_digits=12, decimal_places=1,
                                  null=True, blank=True)
    manager = models.CharField("负责人", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    contract_enterprise = models.CharField("协议企业", max_length=120, blank=True)
    contract_until = models.DateField("协议到期日", null=True, blank=True)

    objects = ScopedManager()

    class Meta(LocatedResource.Meta):
        verbose_name = "储备库"
        verbose_name_plural = "储备库"


class SupplyCategory(models.TextChoices):
    SHELTER = "shelter", "安置类"
    LIFESAVING = "lifesaving", "救生类"
    FLOOD = "flood", "防汛类"
    POWER = "power", "发电照明类"
    TOOLS = "tools", "救援工具类"
    LIVING = "living", "生活类"
    MEDICAL = "medical", "医疗防护类"
    OTHER = "other", "其他"


class SupplyItem(Unscoped, models.Model):
    """A catalogue entry (物资目录): name, category, unit and shelf life."""

    code = models.CharField("物资编码", max_length=20, unique=True)
    name = models.CharField("物资名称", max_length=60)
    category = models.CharField("类别", max_length=12, choices=SupplyCategory.choices)
    unit = models.CharField("计量单位", max_length=10)
    spec = models.CharField("规格", max_length=120, blank=True)
    shelf_life_days = models.PositiveIntegerField("保质期（天）", null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "物资品目"
        verbose_name_plural = "物资目录"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class ReserveStandard(Unscoped, models.Model):
    """The minimum quantity of an item a warehouse of a level must hold (储备标准)."""

    item = models.ForeignKey(SupplyItem, verbose_name="物资", on_delete=models.CASCADE,
                             related_name="standards")
    level = models.CharField("储备库级别", max_length=12, choices=WarehouseLevel.choices)
    minimum = models.DecimalField("最低储备量", max_digits=12, decimal_places=2,
                                  validators=[MinValueValidator(Decimal(0))])

    objects = ScopedManager()

    class Meta:
        verbose_name = "储备标准"
        verbose_name_plural = "储备标准"
        ordering = ["level", "item__code"]
        constraints = [models.UniqueConstraint(fields=["item", "level"],
                                               name="resources_standard_item_level")]

    def __str__(self) -> str:
        return f"{self.get_level_display()}·{self.item.name}≥{self.minimum}"


class StockBatch(ScopedModelMixin, models.Model):
    """One batch of an item in a warehouse, with production and expiry dates.
    ``quantity`` is maintained by the ledger services only."""

    scope_region_field = "warehouse__region"

    warehouse = models.ForeignKey(Warehouse, verbose_name="储备库", on_delete=models.PROTECT,
                                  related_name="batches")
    item = models.ForeignKey(SupplyItem, verbose_name="物资", on_delete=models.PROTECT,
                             related_name="batches")
    batch_no = models.CharField("批次号", max_length=40)
    production_date = models.DateField("生产日期", null=True, blank=True)
    expiry_date = models.DateField("有效期至", null=True, blank=True)
    quantity = models.DecimalField("库存数量", max_digits=12, decimal_places=2, default=0,
                                   editable=False)
    created_at = models.DateTimeField("入库时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "库存批次"
        verbose_name_plural = "库存"
        ordering = ["warehouse_id", "item__code", "expiry_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "item", "batch_no"],
                                    name="resources_batch_unique"),
            models.CheckConstraint(condition=models.Q(quantity__gte=0),
                                   name="resources_batch_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item.name} {self.batch_no}"


class MovementKind(models.TextChoices):
    INBOUND = "inbound", "入库"
    OUTBOUND = "outbound", "出库"
    TRANSFER_OUT = "transfer_out", "调拨出库"
    TRANSFER_IN = "transfer_in", "调拨入库"
    STOCKTAKE = "stocktake", "盘点"
    LOSS = "loss", "报损"


class StockMovement(ScopedModelMixin, models.Model):
    """One ledger entry (台账): a signed quantity on a batch and the balance after it.
    Append-only: the services create rows and never change or delete them."""

    scope_region_field = "warehouse__region"

    batch = models.ForeignKey(StockBatch, verbose_name="批次", on_delete=models.PROTECT,
                              related_name="movements")
    warehouse = models.ForeignKey(Warehouse, verbose_name="储备库", on_delete=models.PROTECT,
                                  related_name="movements")
    kind = models.CharField("类型", max_length=14, choices=MovementKind.choices)
    quantity = models.DecimalField("变动数量", max_digits=12, decimal_places=2)
    balance_after = models.DecimalField("变动后库存", max_digits=12, decimal_places=2)
    time = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField("经办人", max_length=120, blank=True)
    reason = models.CharField("事由", max_length=200, blank=True)
    expired_confirmed = models.BooleanField("确认发放过期物资", default=False)
    transfer = models.ForeignKey("resources.Transfer", verbose_name="调拨单", null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="movements")

    objects = ScopedManager()

    class Meta:
        verbose_name = "出入库记录"
        verbose_name_plural = "出入库台账"
        ordering = ["-time", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.batch} {self.quantity}"


class TransferStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    DONE = "done", "已批准调拨"
    REJECTED = "rejected", "已驳回"


class Transfer(ScopedModelMixin, models.Model):
    """A transfer request (调拨) between warehouses; executed only when approved."""

    scope_region_field = "batch__warehouse__region"

    batch = models.ForeignKey(StockBatch, verbose_name="调出批次", on_delete=models.PROTECT,
                              related_name="transfers")
    target = models.ForeignKey(Warehouse, verbose_name="调入储备库", on_delete=models.PROTECT,
                               related_name="incoming_transfers")
    quantity = models.DecimalField("调拨数量", max_digits=12, decimal_places=2)
    reason = models.CharField("调拨事由", max_length=200)
    status = models.CharField("状态", max_length=10, choices=TransferStatus.choices,
                              default=TransferStatus.PENDING)
    requested_by = models.CharField("申请人", max_length=120)
    requested_at = models.DateTimeField("申请时间")
    decided_by = models.CharField("审批人", max_length=120, blank=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "调拨单"
        verbose_name_plural = "调拨单"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"调拨 {self.batch} → {self.target}（{self.quantity}）"


class SupplyProducer(LocatedResource):
    """A producing enterprise of emergency supplies, and whether it holds a reserve
    contract (生产企业名录 / 协议储备)."""

    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    products = models.CharField("主要产品", max_length=300, blank=True)
    capacity_note = models.CharField("产能说明", max_length=200, blank=True)
    contact = models.CharField("联系人", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    contracted = models.BooleanField("签订协议储备", default=False)
    contract_until = models.DateField("协议到期日", null=True, blank=True)

    objects = ScopedManager()

    class Meta(LocatedResource.Meta):
        verbose_name = "物资生产企业"
        verbose_name_plural = "物资生产企业"
