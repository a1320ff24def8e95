"""The monitoring module's computed indicator (registered into ``core.kpis`` from
``MonitoringConfig.ready``): the 接入率 of the measurement points of a region, from
``services.analytics.access_rates`` (the 接入率 page's figures)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from yingji.core import kpis
from yingji.core.scope import Scope
from yingji.monitoring.models import MeasurementPoint
from yingji.monitoring.services import analytics


def last_day(start: date, end: date) -> date:
    """The day the period's rate is read on: its last day, or today while it runs."""
    return min(end - timedelta(days=1), max(start, timezone.localdate()))


def access_rate(prefix: str, start: date, end: date) -> kpis.Measure:
    """监测接入率: enabled points of the region's enterprises that sent a reading on the
    period's last day (today while the period runs), of all enabled points."""
    points = MeasurementPoint.objects.within(Scope(prefix))
    total = analytics.access_total(analytics.access_rates(points, last_day(start, end), by="region"))
    return kpis.Measure.rate(total.reporting, total.points)


def _url(prefix: str, start: date, end: date) -> str:
    # The 接入率 page lists the user's scope by enterprise (a district user: the district).
    return kpis.list_url("monitoring_access", day=last_day(start, end).isoformat())


def register() -> None:
    kpis.register(kpis.Provider(
        "monitoring_access", "监测数据接入率", "监测预警", "%", True,
        "统计期末日（本期未结束时为当日）有数据上传的在用监测点占在用监测点的比例",
        access_rate, _url))
