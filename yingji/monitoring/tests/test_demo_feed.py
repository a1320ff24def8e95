"""The demo's live feed: catch-up after a gap, the quiet gateway stays quiet, tokens,
and the starter that runs it only in demo mode."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from yingji.core import starters
from yingji.core.models import AuditLog
from yingji.core.services.objects import create_object
from yingji.core.testing import system
from yingji.enterprises.tests.factories import make_enterprise
from yingji.monitoring import demo_feed
from yingji.monitoring.demo_feed import POINTS, DemoFeed, feed_token
from yingji.monitoring.ingest.pipeline import reset_registry
from yingji.monitoring.models import MeasurementPoint, MonitoredObject, PointState, Reading
from yingji.monitoring.services.checks import check_offline
from yingji.monitoring.services.sources import create_source

pytestmark = pytest.mark.django_db


def _demo_site(n: int, *, token: str | None = None) -> None:
    enterprise = make_enterprise(40 + n)
    obj = create_object(MonitoredObject, {"enterprise": enterprise, "kind": "tank", "name": "1号储罐",
                                          "code": f"DEMO-{n:03d}"}, actor=system())
    for code, name, kind, unit, (low, high), (ll, lo, hi, hh), _, _ in POINTS:
        create_object(MeasurementPoint, {
            "enterprise": enterprise, "monitored_object": obj, "code": f"{code}-{n:03d}", "name": name,
            "point_type": kind, "unit": unit, "range_low": low, "range_high": high, "low_low": ll, "low": lo,
            "high": hi, "high_high": hh, "sampling_seconds": 60}, actor=system())
    code = f"DEMO-GW-{n:03d}"
    create_source(actor=system(), enterprise=enterprise, code=code, name="网关",
                  token=token or feed_token(code))
    reset_registry()


def test_catch_up_fills_the_gap_and_the_quiet_gateway_stays_quiet():
    _demo_site(0)
    _demo_site(1, token="a-random-token-from-an-older-demo")
    _demo_site(2)  # the highest number: the gateway gone quiet
    now = float(int(time.time()))  # whole seconds: the two-minute steps land exactly
    feed = DemoFeed()
    sent = feed.catch_up(now - 3600)  # the server starts an hour "later" than the gap began
    # A day back, one reading every two minutes, four points, two live gateways.
    assert sent == 2 * 4 * 24 * 30
    # The older demo's gateway got the derived token, recorded as the system.
    assert AuditLog.objects.filter(detail="更换数据源令牌", actor_label__contains="演示网关数据").count() == 1
    sent = feed.catch_up(now)
    assert sent == 2 * 4 * 30  # only the hour since the last reading
    assert not Reading.objects.filter(point__code__endswith="-002").exists()
    last = PointState.objects.filter(point__code="LT-000").get().last_ts.timestamp()
    assert now - 120 <= last <= now
    # Only the quiet gateway's four points (set up two hours ago) go offline; the stuck
    # transmitter keeps its value.
    MeasurementPoint.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert check_offline() == 4
    assert set(PointState.objects.filter(offline=True).values_list("point__code", flat=True)) == {
        "LT-002", "TT-002", "PT-002", "GT-002"}
    assert PointState.objects.get(point__code="TT-001").last_value == demo_feed.STUCK_VALUE
    assert feed.tick() == 8


def test_the_starter_runs_in_demo_mode_only(settings):
    registered = {s.name: s for s in starters.registered()}
    feed = registered["monitoring_demo_feed"]
    settings.DEMO_MODE, settings.DEMO_FEED = True, True
    assert feed.enabled()
    settings.DEMO_FEED = False
    assert not feed.enabled()
    settings.DEMO_MODE, settings.DEMO_FEED = False, True
    assert not feed.enabled()
