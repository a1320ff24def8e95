"""The resources module's computed indicator (registered into ``core.kpis`` from
``ResourcesConfig.ready``): the share of the region's reserve warehouses holding the
standard of their level, from ``services.stock.shortages`` (the stock page's alerts)."""

from __future__ import annotations

from datetime import date

from yingji.core import kpis
from yingji.core.scope import Scope
from yingji.resources.models import Warehouse
from yingji.resources.services.stock import shortages


def reserve_rate(prefix: str, start: date, end: date) -> kpis.Measure:
    """物资储备达标率: warehouses of the region with no item under the reserve standard
    of their level (usable stock, today), of all the region's warehouses."""
    warehouses = Warehouse.objects.within(Scope(prefix))
    short = {s.warehouse_id for s in shortages(warehouses)}
    total = warehouses.count()
    return kpis.Measure.rate(total - len(short), total)


def _url(prefix: str, start: date, end: date) -> str:
    return kpis.list_url("stockbatch_list")


def register() -> None:
    kpis.register(kpis.Provider(
        "reserve_standard", "应急物资储备达标率", "应急资源", "%", True,
        "本区域各级储备库中，所有物资可用库存均达到本级储备标准的储备库比例（当前状态）",
        reserve_rate, _url))
