"""Concurrent issues from one batch: the row lock serialises them, so the stock never
goes below zero and the ledger still replays to the stock (PostgreSQL, real threads)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from yingji.resources.models import StockMovement, SupplyItem
from yingji.resources.services import stock
from yingji.resources.tests.factories import SYSTEM, warehouse


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="row locks (select_for_update) are tested on PostgreSQL; SQLite "
                           "serialises every write transaction anyway")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_issues_never_overdraw_the_batch() -> None:
    item, _ = SupplyItem.objects.get_or_create(code="T-0001", defaults={
        "name": "测试物资", "category": "other", "unit": "件"})
    batch = stock.receive(warehouse=warehouse(), item=item, batch_no="P", quantity=10,
                          actor=SYSTEM).batch
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def take() -> None:
        try:
            barrier.wait()
            stock.issue(batch=batch, quantity=3, reason="并发发放", actor=SYSTEM)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    batch.refresh_from_db()
    assert outcomes.count("ok") == 3 and outcomes.count("refused") == 5
    assert batch.quantity == Decimal(1)
    assert StockMovement.objects.filter(batch=batch).count() == 4
    assert stock.rebuild_stock() == []
