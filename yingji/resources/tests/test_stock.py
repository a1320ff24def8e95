"""The stock ledger: every movement is one entry; stock is the replay of the ledger;
refused movements leave both unchanged."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yingji.core.models import AuditLog, DomainEvent
from yingji.core.testing import WUCHANG, actor_for, make_user
from yingji.resources.models import StockBatch, StockMovement, Transfer
from yingji.resources.services import stock
from yingji.resources.tests.factories import SYSTEM, item, warehouse

pytestmark = pytest.mark.django_db


def ledger_sum(batch: StockBatch) -> Decimal:
    return sum((m.quantity for m in batch.movements.all()), Decimal(0))


def test_receipt_creates_the_batch_and_one_ledger_entry() -> None:
    house = warehouse()
    movement = stock.receive(warehouse=house, item=item(), batch_no="2026-01", quantity="500",
                             production_date=date(2026, 1, 5), expiry_date=date(2036, 1, 4),
                             actor=SYSTEM)
    batch = movement.batch
    assert batch.quantity == 500 and movement.balance_after == 500
    assert movement.get_kind_display() == "入库"
    assert AuditLog.objects.filter(object_id=str(movement.pk), object_type="resources.stockmovement").exists()
    assert DomainEvent.objects.filter(event_type="stock.inbound", object_id=str(batch.pk)).exists()


def test_outbound_larger_than_stock_is_refused_and_the_ledger_unchanged() -> None:
    batch = stock.receive(warehouse=warehouse(), item=item(), batch_no="A", quantity=10,
                          actor=SYSTEM).batch
    with pytest.raises(ValidationError) as error:
        stock.issue(batch=batch, quantity=11, reason="汛期转移安置", actor=SYSTEM)
    assert "库存不足" in str(error.value.message_dict["quantity"])
    batch.refresh_from_db()
    assert batch.quantity == 10 and batch.movements.count() == 1


@pytest.mark.parametrize("value, message", [
    ("-5", "不能为负数"), ("0", "必须大于0"), ("abc", "必须是数字"), ("1.005", "两位小数"),
    ("NaN", "必须是数字"),
])
def test_bad_quantities_are_refused_in_chinese(value: str, message: str) -> None:
    batch = stock.receive(warehouse=warehouse(), item=item(), batch_no="A", quantity=10,
                          actor=SYSTEM).batch
    with pytest.raises(ValidationError, match=message):
        stock.issue(batch=batch, quantity=value, reason="发放", actor=SYSTEM)
    with pytest.raises(ValidationError, match=message):
        stock.receive(warehouse=batch.warehouse, item=item(), batch_no="A", quantity=value,
                      actor=SYSTEM)
    assert StockMovement.objects.count() == 1


def test_negative_stocktake_is_refused_and_a_count_records_the_difference() -> None:
    batch = stock.receive(warehouse=warehouse(), item=item(), batch_no="A", quantity=10,
                          actor=SYSTEM).batch
    with pytest.raises(ValidationError, match="不能为负数"):
        stock.stocktake(batch=batch, counted=-1, actor=SYSTEM)
    entry = stock.stocktake(batch=batch, counted=8, actor=SYSTEM)
    assert entry.quantity == -2 and entry.balance_after == 8


def test_expired_batches_need_explicit_confirmation() -> None:
    past = timezone.localdate() - timedelta(days=1)
    batch = stock.receive(warehouse=warehouse(), item=item("WZ-0601"), batch_no="OLD",
                          quantity=10, production_date=past - timedelta(days=365),
                          expiry_date=past, actor=SYSTEM).batch
    with pytest.raises(ValidationError) as error:
        stock.issue(batch=batch, quantity=1, reason="发放", actor=SYSTEM)
    assert "已于" in error.value.message_dict["confirm_expired"][0]
    assert batch.movements.count() == 1
    entry = stock.issue(batch=batch, quantity=1, reason="发放", confirm_expired=True, actor=SYSTEM)
    assert entry.expired_confirmed is True


def test_write_off_needs_a_reason() -> None:
    batch = stock.receive(warehouse=warehouse(), item=item(), batch_no="A", quantity=10,
                          actor=SYSTEM).batch
    with pytest.raises(ValidationError, match="报损原因"):
        stock.write_off(batch=batch, quantity=1, reason=" ", actor=SYSTEM)
    assert stock.write_off(batch=batch, quantity=3, reason="受潮霉变", actor=SYSTEM).balance_after == 7


def test_transfer_moves_nothing_until_approved_by_someone_else(commander) -> None:
    source = warehouse("江岸区储备库")
    target = warehouse("武昌区储备库", region_code=WUCHANG)
    batch = stock.receive(warehouse=source, item=item(), batch_no="A", quantity=100,
                          actor=SYSTEM).batch
    requester = actor_for(commander)
    transfer = stock.request_transfer(batch=batch, target=target, quantity=40, reason="支援武昌",
                                      actor=requester)
    batch.refresh_from_db()
    assert batch.quantity == 100 and transfer.get_status_display() == "待审批"
    with pytest.raises(PermissionDenied, match="本人"):
        stock.decide_transfer(transfer=transfer, approve=True, actor=requester)
    approver = actor_for(make_user("approver", roles=["duty_leader"], scope="420100000000"))
    stock.decide_transfer(transfer=transfer, approve=True, actor=approver)
    batch.refresh_from_db()
    arrived = StockBatch.objects.get(warehouse=target, batch_no="A")
    assert batch.quantity == 60 and arrived.quantity == 40
    assert sorted(m.kind for m in StockMovement.objects.filter(transfer=transfer)) == [
        "transfer_in", "transfer_out"]
    with pytest.raises(ValidationError, match="不能重复审批"):
        stock.decide_transfer(transfer=Transfer.objects.get(pk=transfer.pk), approve=True,
                              actor=approver)


def test_a_transfer_beyond_the_stock_is_refused() -> None:
    batch = stock.receive(warehouse=warehouse(), item=item(), batch_no="A", quantity=5,
                          actor=SYSTEM).batch
    with pytest.raises(ValidationError, match="库存不足"):
        stock.request_transfer(batch=batch, target=warehouse("另一库"), quantity=6, reason="支援",
                               actor=SYSTEM)


def test_out_of_scope_warehouse_is_refused(jiangan_officer) -> None:
    other = warehouse("武昌区储备库", region_code=WUCHANG)
    with pytest.raises(ValidationError, match="超出您的数据范围"):
        stock.receive(warehouse=other, item=item(), batch_no="A", quantity=1,
                      actor=actor_for(jiangan_officer))
    assert StockMovement.objects.count() == 0


OPS = st.lists(st.tuples(st.sampled_from(["in", "out", "count", "loss"]), st.integers(0, 40)),
               min_size=1, max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_stock_always_equals_the_replayed_ledger(ops: list[tuple[str, int]]) -> None:
    StockMovement.objects.all().delete()
    StockBatch.objects.all().delete()
    house = warehouse("台账测试库")
    batch = stock.receive(warehouse=house, item=item(), batch_no="H", quantity=1, actor=SYSTEM).batch
    for op, qty in ops:
        before = (batch.quantity, batch.movements.count())
        try:
            if op == "in":
                stock.receive(warehouse=house, item=item(), batch_no="H", quantity=qty, actor=SYSTEM)
            elif op == "out":
                stock.issue(batch=batch, quantity=qty, reason="发放", actor=SYSTEM)
            elif op == "count":
                stock.stocktake(batch=batch, counted=qty, actor=SYSTEM)
            else:
                stock.write_off(batch=batch, quantity=qty, reason="损坏", actor=SYSTEM)
        except ValidationError:
            batch.refresh_from_db()
            assert (batch.quantity, batch.movements.count()) == before
        batch.refresh_from_db()
        assert batch.quantity >= 0
        assert batch.quantity == ledger_sum(batch)
    assert stock.rebuild_stock() == []


def test_rebuild_detects_and_repairs_a_tampered_cache() -> None:
    batch = stock.receive(warehouse=warehouse(), item=item(), batch_no="A", quantity=10,
                          actor=SYSTEM).batch
    StockBatch.objects.filter(pk=batch.pk).update(quantity=99)
    problems = stock.rebuild_stock(fix=True)
    assert [(p.cached, p.ledger) for p in problems] == [(99, 10)]
    batch.refresh_from_db()
    assert batch.quantity == 10 and stock.rebuild_stock() == []


def test_shortage_and_expiry_alerts() -> None:
    house = warehouse()  # district level: 棉被 standard 1500
    stock.receive(warehouse=house, item=item("WZ-0102"), batch_no="A", quantity=1000, actor=SYSTEM)
    soon = timezone.localdate() + timedelta(days=5)
    stock.receive(warehouse=house, item=item("WZ-0601"), batch_no="W", quantity=900,
                  expiry_date=soon, actor=SYSTEM)
    from yingji.resources.models import Warehouse
    found = {s.item: s for s in stock.shortages(Warehouse.objects.all())}
    assert found["棉被"].missing == 500
    assert "瓶装饮用水" not in found  # 900 ≥ 800
    assert "救灾帐篷" in found and found["救灾帐篷"].stock == 0
    expiring = list(stock.expiring_batches(StockBatch.objects.all()))
    assert [b.batch_no for b in expiring] == ["W"]
