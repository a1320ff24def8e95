"""The warnings module's computed indicator (registered into ``core.kpis`` from
``WarningsConfig.ready``): the 叫应率 of the warnings of a period, from the 叫应 board
of each bulletin (``services.board.board``: the latest call's messages by street)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from yingji.core import kpis
from yingji.core.scope import region_range_q
from yingji.warnings.models import Bulletin
from yingji.warnings.models.reference import CapCategory
from yingji.warnings.services import board


def _covering(prefix: str) -> list[str]:
    # A city's bulletin calls the districts' streets: it counts for each district.
    return sorted({prefix[:n].ljust(12, "0") for n in (2, 4, 6, 9) if n < len(prefix)})


def ack_rate(prefix: str, start: date, end: date) -> kpis.Measure:
    """预警叫应率: recipients in the region who answered the latest call of the
    bulletins created in the period, of all recipients called."""
    low, high = kpis.local_bounds(start, end)
    bulletins = Bulletin.objects.filter(created_at__gte=low, created_at__lt=high).filter(
        region_range_q("region", prefix) | Q(region_id__in=_covering(prefix)))
    answered = called = 0
    for bulletin in bulletins:
        for row in board.board(bulletin).rows:
            if row.code.startswith(prefix):
                answered += row.acknowledged
                called += row.total
    return kpis.Measure.rate(answered, called)


def _published(prefix: str, start: date, end: date) -> QuerySet[Bulletin]:
    low, high = kpis.local_bounds(start, end)
    return Bulletin.objects.filter(published_at__gte=low, published_at__lt=high).filter(
        region_range_q("region", prefix) | Q(region_id__in=_covering(prefix)))


def issued_count(prefix: str, start: date, end: date) -> kpis.Measure:
    """预警发布: bulletins published in the period, issued in or above the region."""
    return kpis.Measure.count(_published(prefix, start, end).count())


def weather_count(prefix: str, start: date, end: date) -> kpis.Measure:
    """气象预警: the published bulletins of a meteorological type (CAP ``Met``)."""
    return kpis.Measure.count(_published(prefix, start, end)
                              .filter(warning_type__cap_category=CapCategory.MET).count())


def _url(prefix: str, start: date, end: date) -> str:
    return kpis.list_url("bulletin_list")


def register() -> None:
    kpis.register(kpis.Provider(
        "warning_ack", "预警信息叫应率", "监测预警", "%", True,
        "统计期内发布的预警最近一次叫应中，本区域责任人已应答（含电话应答）的比例",
        ack_rate, _url))
    kpis.register(kpis.Provider(
        "warnings_issued", "预警信息发布数", "监测预警", "条", False,
        "统计期内发布的、发布区域为本区域或其上级的预警信息条数", issued_count, _url))
    kpis.register(kpis.Provider(
        "weather_warnings", "气象灾害预警数", "监测预警", "条", False,
        "统计期内发布的气象类（暴雨、台风、大风、高温、寒潮等）预警信息条数", weather_count, _url))
