"""The monitoring module's computed indicator (registered into ``core.kpis`` from
``MonitoringConfig.ready``): the 接入率 of the measurement points of a region, from
``services.analytics.access_rates`` (the 接入率 page's figures)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from yingji.core import kpis
from yingji.core.scope import Scope
from yingji.monitoring.models import Alarm, MeasurementPoint
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


def alarm_count(prefix: str, start: date, end: date) -> kpis.Measure:
    """监测报警: the region's enterprises' alarms active in the period (first raised
    before its end and last raised on or after its start), the alarm list's 报警日期
    filter on the same days."""
    low, high = kpis.local_bounds(start, end)
    return kpis.Measure.count(Alarm.objects.within(Scope(prefix))
                              .filter(first_at__lt=high, last_at__gte=low).count())


def _alarm_url(prefix: str, start: date, end: date) -> str:
    return kpis.list_url("alarm_list", region=kpis.region_code(prefix), since=start.isoformat(),
                         until=(end - timedelta(days=1)).isoformat())


def register() -> None:
    kpis.register(kpis.Provider(
        "monitoring_access", "监测数据接入率", "监测预警", "%", True,
        "统计期末日（本期未结束时为当日）有数据上传的在用监测点占在用监测点的比例",
        access_rate, _url))
    kpis.register(kpis.Provider(
        "monitoring_alarms", "监测报警数", "监测预警", "条", False,
        "统计期内发生或持续的企业监测报警条数（同一报警持续多次计一条）",
        alarm_count, _alarm_url))
