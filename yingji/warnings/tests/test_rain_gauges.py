"""Rain gauges of the monitoring module draft rainstorm warnings (never publish them)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from yingji.enterprises.tests.factories import make_enterprise
from yingji.monitoring.models import MinuteAggregate
from yingji.monitoring.tests.factories import make_object, make_point
from yingji.warnings.models import Bulletin
from yingji.warnings.services.stations import draft_from_rain_gauges, rain_gauge_stations

pytestmark = pytest.mark.django_db


@pytest.fixture
def gauge() -> Any:
    owner = make_enterprise(7, name="江岸区水务站")
    station = make_object(owner, "R042", kind="rain_gauge", name="大智雨量站")
    return make_point(station, "RN-1", name="雨量", point_type="rainfall", unit="mm",
                      range_low=0.0, range_high=300.0, low_low=None, low=None, high=None,
                      high_high=None, sampling_seconds=60)


def _rain(point: Any, now: Any, per_minute: list[tuple[int, float]]) -> None:
    """Rainfall ``mm`` in the minute that ended ``minutes_ago`` minutes before ``now``."""
    MinuteAggregate.objects.bulk_create([
        MinuteAggregate(point=point, minute=now - timedelta(minutes=ago), count=1, min_value=mm,
                        max_value=mm, sum_value=mm, last_value=mm,
                        last_ts=now - timedelta(minutes=ago))
        for ago, mm in per_minute])


def test_window_sums_come_from_the_minute_aggregates(gauge: Any) -> None:
    now = timezone.now().replace(second=0, microsecond=0)
    _rain(gauge, now, [(30, 20.0), (150, 30.0), (300, 10.0), (1500, 99.0)])  # last is >24 h
    (station,) = rain_gauge_stations(now)
    assert station.code == "R042/RN-1" and station.region.code == gauge.enterprise.region_id
    assert station.readings.values["rain_mm"] == {1: 20.0, 3: 50.0, 6: 60.0, 12: 60.0, 24: 60.0}


def test_fifty_millimetres_in_three_hours_drafts_an_orange_rainstorm_warning(gauge: Any) -> None:
    now = timezone.now().replace(second=0, microsecond=0)
    _rain(gauge, now, [(ago, 5.5) for ago in range(0, 100, 10)])  # 55 mm within 100 minutes
    drafted = draft_from_rain_gauges(now)
    (bulletin,) = drafted.created
    assert (bulletin.warning_type.code, bulletin.level, bulletin.state) == (
        "rainstorm", "orange", "draft")
    assert bulletin.region.code == gauge.enterprise.region_id[:6] + "000000"
    assert "R042/RN-1" in bulletin.content
    # The next run does not draft it again while the draft waits for review.
    again = draft_from_rain_gauges(now)
    assert again.created == [] and again.skipped
    assert Bulletin.objects.count() == 1


def test_light_rain_and_no_gauges_draft_nothing(gauge: Any) -> None:
    now = timezone.now().replace(second=0, microsecond=0)
    _rain(gauge, now, [(20, 3.0)])
    assert draft_from_rain_gauges(now).created == []
    assert Bulletin.objects.count() == 0
