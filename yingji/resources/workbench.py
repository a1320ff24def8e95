"""Workbench card and to-dos of the resources app: reserve shortages and expiry."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from yingji.resources.models import StockBatch, Warehouse
from yingji.resources.services import stock
from yingji.ui.workbench import Todo


def alerts_card(request: HttpRequest) -> dict[str, Any] | None:
    """Shortage and expiry counts of the user's scope (hidden when nothing is due)."""
    user = request.user
    shortages = stock.shortages(Warehouse.objects.restrict(user, "view"))
    expiring = stock.expiring_batches(StockBatch.objects.restrict(user, "view")).count()
    if not shortages and not expiring:
        return None
    return {"shortage_count": len(shortages), "expiring_count": expiring,
            "shortages": shortages[:5]}


def stock_todos(user: Any) -> list[Todo]:
    """Expired or expiring batches to deal with."""
    if not user.has_perm("resources.view_stockbatch"):
        return []
    count = stock.expiring_batches(StockBatch.objects.restrict(user, "view")).count()
    return [Todo("临期或过期的储备物资批次", count, reverse("stockbatch_list"), "warning")]
