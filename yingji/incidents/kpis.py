"""The incidents module's computed indicator (registered into ``core.kpis`` from
``IncidentsConfig.ready``): the rescue teams' arrival-within-target rate (1小时到达率,
the target minutes from the incidents settings), from ``services.dispatch.arrival_rate_of``."""

from __future__ import annotations

from datetime import date, timedelta

from yingji.core import kpis
from yingji.core.scope import Scope
from yingji.incidents.models import DispatchOrder, Incident
from yingji.incidents.services.dispatch import arrival_rate_of


def arrival_rate(prefix: str, start: date, end: date) -> kpis.Measure:
    """救援队伍到达率: team orders issued in the period for incidents of the region that
    arrived within the target (an order not yet arrived counts as late; cancelled ones
    are left out)."""
    low, high = kpis.local_bounds(start, end)
    orders = DispatchOrder.objects.within(Scope(prefix)).filter(issued_at__gte=low, issued_at__lt=high)
    rate = arrival_rate_of(orders)
    return kpis.Measure.rate(rate.on_time, rate.orders)


def received(prefix: str, start: date, end: date) -> kpis.Measure:
    """突发事件接报: incidents of the region received in the period."""
    low, high = kpis.local_bounds(start, end)
    return kpis.Measure.count(Incident.objects.within(Scope(prefix))
                              .filter(received_at__gte=low, received_at__lt=high).count())


def _url(prefix: str, start: date, end: date) -> str:
    return kpis.list_url("incident_list", region=kpis.region_code(prefix),
                         received_after=start.isoformat(),
                         received_before=(end - timedelta(days=1)).isoformat())


def register() -> None:
    kpis.register(kpis.Provider(
        "arrival_1h", "救援队伍1小时到达率", "应急处置", "%", True,
        "统计期内下达的救援队伍调派指令中，在到达时限（事件设置，默认60分钟）内到达的比例",
        arrival_rate, _url))
    kpis.register(kpis.Provider(
        "incidents_received", "突发事件接报起数", "应急处置", "起", False,
        "统计期内接报的本区域突发事件起数", received, _url))
