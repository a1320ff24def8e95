"""The stock ledger: receipts, issues, transfers (with approval), stocktakes and
write-offs, each one atomic ledger entry under a row lock on the batch.

A refused movement raises ValidationError before anything is written, so the ledger
and the stock are unchanged. ``rebuild_stock`` replays the ledger to check (and, if
asked, repair) the cached batch quantities.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope
from yingji.resources import rules
from yingji.resources.models import (
    MovementKind,
    ReserveStandard,
    StockBatch,
    StockMovement,
    SupplyItem,
    Transfer,
    TransferStatus,
    Warehouse,
)
from yingji.resources.services.settings import analysis_settings


def _quantity(value: Any, field: str = "quantity", *, allow_zero: bool = False) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: "数量必须是数字"}) from exc
    if not number.is_finite():
        raise ValidationError({field: "数量必须是数字"})
    if number < 0:
        raise ValidationError({field: "数量不能为负数"})
    if number == 0 and not allow_zero:
        raise ValidationError({field: "数量必须大于0"})
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError({field: "数量最多保留两位小数"})
    return number


def _lock(batch: StockBatch) -> StockBatch:
    return StockBatch.objects.select_for_update().select_related("warehouse", "item").get(pk=batch.pk)


def _post(batch: StockBatch, kind: str, delta: Decimal, *, actor: Actor, reason: str,
          expired_confirmed: bool = False, transfer: Transfer | None = None) -> StockMovement:
    """Write one ledger entry on a locked batch and update its cached quantity."""
    try:
        after = rules.apply_movement(batch.quantity, delta)
    except rules.LedgerError as exc:
        raise ValidationError({"quantity": str(exc)}) from exc
    batch.quantity = after
    batch.save(update_fields=["quantity"])
    movement = StockMovement.objects.create(
        batch=batch, warehouse=batch.warehouse, kind=kind, quantity=delta, balance_after=after,
        time=timezone.now(), actor=actor.user, actor_label=actor.label[:120], reason=reason[:200],
        expired_confirmed=expired_confirmed, transfer=transfer,
    )
    label = MovementKind(kind).label
    unit = batch.item.unit
    text = f"{label}{batch.item.name}{abs(delta)}{unit}，结存{after}{unit}"
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=movement,
                 after=audit.snapshot(movement), detail=f"{batch.warehouse.name}{text}")
    events.emit(f"stock.{kind}", actor=actor, obj=batch,
                summary=f"{batch.warehouse.name}{text}",
                data={"movement": movement.pk, "quantity": str(delta), "balance": str(after)})
    return movement


def _checks(actor: Actor, warehouse: Warehouse) -> None:
    check_permission(actor, StockMovement, "add")
    check_scope(actor, warehouse)


@transaction.atomic
def receive(*, warehouse: Warehouse, item: SupplyItem, batch_no: str, quantity: Any,
            production_date: date | None = None, expiry_date: date | None = None,
            reason: str = "", actor: Actor) -> StockMovement:
    """入库: add ``quantity`` to the batch (created on first receipt)."""
    _checks(actor, warehouse)
    amount = _quantity(quantity)
    batch_no = batch_no.strip()
    if not batch_no:
        raise ValidationError({"batch_no": "请填写批次号"})
    if production_date and expiry_date and expiry_date < production_date:
        raise ValidationError({"expiry_date": "有效期不能早于生产日期"})
    batch, created = StockBatch.objects.select_for_update().get_or_create(
        warehouse=warehouse, item=item, batch_no=batch_no,
        defaults={"production_date": production_date, "expiry_date": expiry_date})
    if not created and expiry_date and batch.expiry_date and batch.expiry_date != expiry_date:
        raise ValidationError({"expiry_date": f"批次{batch_no}已登记有效期至{batch.expiry_date}，"
                                              "与本次填写不一致，请使用新的批次号"})
    batch = _lock(batch)
    return _post(batch, MovementKind.INBOUND, amount, actor=actor, reason=reason or "入库")


@transaction.atomic
def issue(*, batch: StockBatch, quantity: Any, reason: str, confirm_expired: bool = False,
          actor: Actor) -> StockMovement:
    """出库: take ``quantity`` out; refused beyond the stock, and for an expired batch
    unless ``confirm_expired`` is given."""
    locked = _lock(batch)
    _checks(actor, locked.warehouse)
    amount = _quantity(quantity)
    if not reason.strip():
        raise ValidationError({"reason": "请填写出库事由（用途或去向）"})
    state = rules.expiry_state(locked.expiry_date, timezone.localdate(),
                               analysis_settings().expiry_warning_days)
    if state == "expired" and not confirm_expired:
        raise ValidationError({"confirm_expired": f"批次{locked.batch_no}已于{locked.expiry_date}过期，"
                                                  "如确需发放请勾选“确认发放过期物资”"})
    return _post(locked, MovementKind.OUTBOUND, -amount, actor=actor, reason=reason,
                 expired_confirmed=state == "expired")


@transaction.atomic
def stocktake(*, batch: StockBatch, counted: Any, reason: str = "", actor: Actor) -> StockMovement:
    """盘点: record the counted quantity; the entry is the difference (may be 0)."""
    locked = _lock(batch)
    _checks(actor, locked.warehouse)
    amount = _quantity(counted, "counted", allow_zero=True)
    return _post(locked, MovementKind.STOCKTAKE, amount - locked.quantity, actor=actor,
                 reason=reason or f"盘点实存{amount}")


@transaction.atomic
def write_off(*, batch: StockBatch, quantity: Any, reason: str, actor: Actor) -> StockMovement:
    """报损: remove damaged or expired goods, with the reason."""
    locked = _lock(batch)
    _checks(actor, locked.warehouse)
    amount = _quantity(quantity)
    if not reason.strip():
        raise ValidationError({"reason": "请填写报损原因"})
    return _post(locked, MovementKind.LOSS, -amount, actor=actor, reason=reason)


@transaction.atomic
def request_transfer(*, batch: StockBatch, target: Warehouse, quantity: Any, reason: str,
                     actor: Actor) -> Transfer:
    """调拨申请: nothing moves until approved."""
    check_permission(actor, Transfer, "add")
    check_scope(actor, batch.warehouse)
    check_scope(actor, target)
    amount = _quantity(quantity)
    if target.pk == batch.warehouse_id:
        raise ValidationError({"target": "调入储备库不能与调出储备库相同"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写调拨事由"})
    if amount > batch.quantity:
        raise ValidationError({"quantity": f"库存不足：当前库存{batch.quantity}，申请调拨{amount}"})
    transfer = Transfer.objects.create(batch=batch, target=target, quantity=amount, reason=reason,
                                       requested_by=actor.label[:120], requested_at=timezone.now())
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=transfer, after=audit.snapshot(transfer))
    events.emit("transfer.requested", actor=actor, obj=transfer,
                summary=f"申请调拨{batch.item.name}{amount}{batch.item.unit}：{batch.warehouse.name}→{target.name}")
    return transfer


@transaction.atomic
def decide_transfer(*, transfer: Transfer, approve: bool, note: str = "", actor: Actor) -> Transfer:
    """审批调拨: approving moves the stock (调拨出库 + 调拨入库 in one transaction);
    the requester cannot approve their own request."""
    check_permission(actor, Transfer, "change")
    locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
    check_scope(actor, locked)
    if locked.status != TransferStatus.PENDING:
        raise ValidationError({"status": f"该调拨单已{locked.get_status_display()}，不能重复审批"})
    if actor.user is not None and locked.requested_by == actor.label[:120]:
        raise PermissionDenied("不能审批本人提交的调拨申请")
    before = audit.snapshot(locked)
    if approve:
        source = _lock(locked.batch)
        _post(source, MovementKind.TRANSFER_OUT, -locked.quantity, actor=actor,
              reason=f"调拨至{locked.target.name}：{locked.reason}", transfer=locked)
        target_batch, _ = StockBatch.objects.get_or_create(
            warehouse=locked.target, item=source.item, batch_no=source.batch_no,
            defaults={"production_date": source.production_date, "expiry_date": source.expiry_date})
        _post(_lock(target_batch), MovementKind.TRANSFER_IN, locked.quantity, actor=actor,
              reason=f"自{source.warehouse.name}调入：{locked.reason}", transfer=locked)
    locked.status = TransferStatus.DONE if approve else TransferStatus.REJECTED
    locked.decided_by = actor.label[:120]
    locked.decided_at = timezone.now()
    locked.decision_note = note[:200]
    locked.save()
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked))
    events.emit("transfer.decided", actor=actor, obj=locked,
                summary=f"调拨单{locked.get_status_display()}：{locked}")
    return locked


@dataclass(frozen=True)
class Mismatch:
    """A batch whose cached quantity differs from the replayed ledger."""

    batch_id: int
    cached: Decimal
    ledger: Decimal


def rebuild_stock(*, fix: bool = False, actor: Actor | None = None) -> list[Mismatch]:
    """Replay the whole ledger (in entry order) and compare with the cached stock."""
    entries = StockMovement.objects.order_by("id").values_list("batch_id", "quantity")
    ledger = rules.replay((batch, qty) for batch, qty in entries.iterator(chunk_size=5000))
    problems = []
    for batch_id, cached in StockBatch.objects.values_list("id", "quantity").iterator():
        replayed = ledger.get(batch_id, Decimal(0))
        if replayed != cached:
            problems.append(Mismatch(batch_id, cached, replayed))
    if fix and problems:
        with transaction.atomic():
            for problem in problems:
                StockBatch.objects.filter(pk=problem.batch_id).update(quantity=problem.ledger)
            audit.record(audit.AuditAction.UPDATE, actor=actor or Actor.system("rebuild-stock"),
                         detail=f"按台账重建库存，修正{len(problems)}个批次")
    return problems


# --- alerts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Shortage:
    """An item below its reserve standard in a warehouse."""

    warehouse_id: int
    warehouse: str
    item: str
    unit: str
    stock: Decimal
    minimum: Decimal

    @property
    def missing(self) -> Decimal:
        return rules.shortage(self.stock, self.minimum)


def shortages(warehouses: Any) -> list[Shortage]:
    """Items under the standard of each warehouse's level (usable stock only: expired
    batches do not count towards the reserve). Three queries whatever the size."""
    today = timezone.localdate()
    rows = list(warehouses.values_list("id", "name", "level"))
    standards: dict[str, list[ReserveStandard]] = {}
    for standard in ReserveStandard.objects.select_related("item"):
        standards.setdefault(standard.level, []).append(standard)
    ids = [r[0] for r in rows]
    totals = {
        (w, i): q for w, i, q in StockBatch.objects.filter(warehouse_id__in=ids)
        .exclude(expiry_date__lt=today).values("warehouse_id", "item_id")
        .annotate(total=Sum("quantity")).values_list("warehouse_id", "item_id", "total")
    }
    result = []
    for wid, name, level in rows:
        for standard in standards.get(level, []):
            stock = totals.get((wid, standard.item_id)) or Decimal(0)
            if stock < standard.minimum:
                result.append(Shortage(wid, name, standard.item.name, standard.item.unit, stock,
                                       standard.minimum))
    return result


def expiring_batches(batches: Any) -> Any:
    """Batches with stock that are expired or within the warning days."""
    limit = timezone.localdate() + timedelta(days=analysis_settings().expiry_warning_days)
    return batches.filter(quantity__gt=0, expiry_date__lte=limit).order_by("expiry_date", "id")
