"""The demo's live feed: while ``yingji serve`` runs in demo mode, the demo gateways
(``DEMO-GW-…``) keep sending through the real pipeline, so the cockpit is live, 在线率
is honest and the 待签收 list is not a flood of 测点离线 alarms from a demo built days ago.

On start it catches up the gap since each gateway's last reading (at most a day, one
reading every two minutes, as the demo itself was built) before the offline check runs;
then it sends one reading per point every minute. The demo's story holds: the gateway
that went quiet stays quiet and the stuck transmitter stays stuck. A starter
(``core.starters``), on by default in demo mode, off with ``YINGJI_DEMO_FEED=0``.

Gateways authenticate as any other: each demo source's token is derived from the
installation's secret key, so the feed can compute it and nobody else can.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import random
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)

CODE_PREFIX = "DEMO-GW-"
CATCH_UP_HOURS = 24
CATCH_UP_STEP_SECONDS = 120
TICK_SECONDS = 60.0
STUCK_VALUE = 31.5  # the demo's stuck temperature transmitter (site 1)

# code, name, type, unit, range, (ll, l, h, hh), base, amplitude
POINTS = (
    ("LT", "液位", "level", "m", (0.0, 12.0), (0.5, 1.0, 9.5, 10.5), 6.0, 0.8),
    ("TT", "温度", "temperature", "℃", (-20.0, 120.0), (None, None, 45.0, 60.0), 25.0, 3.0),
    ("PT", "压力", "pressure", "MPa", (0.0, 2.5), (None, 0.1, 1.6, 2.0), 0.8, 0.1),
    ("GT", "可燃气体浓度", "gas_combustible", "%LEL", (0.0, 100.0), (None, None, 25.0, 50.0), 0.0, 0.0),
)


def reading_value(base: float, amplitude: float, minute: int, rng: random.Random) -> float:
    """A slow wave with a little noise around the point's normal value."""
    return round(base + amplitude * math.sin(minute / 180.0) + rng.gauss(0, amplitude * 0.05 + 0.01), 3)


def feed_token(code: str) -> str:
    """The token of demo gateway ``code`` (HMAC of the installation's secret key)."""
    return hmac.new(settings.SECRET_KEY.encode(), f"demo-feed:{code}".encode(), hashlib.sha256).hexdigest()


def enabled() -> bool:
    return bool(settings.DEMO_MODE and settings.DEMO_FEED)


@dataclass(frozen=True)
class FeedSite:
    """One demo gateway: its number in the demo, source code and last reading time."""

    number: int
    code: str
    last_ts: float | None


class DemoFeed:
    """Catch-up, then a reading per point a minute, for the live demo gateways."""

    def __init__(self, rng_seed: int = 20261202) -> None:
        self.rng = random.Random(rng_seed)
        self.sent = 0

    def sites(self) -> list[FeedSite]:
        """The demo gateways that send: all but the quiet one (the highest number)."""
        from django.db.models import Max

        from yingji.monitoring.models import DataSource, PointState

        sources = list(DataSource.objects.filter(code__startswith=CODE_PREFIX, active=True)
                       .order_by("code").values_list("code", "enterprise_id"))
        numbered = [(int(code[len(CODE_PREFIX):]), code, eid) for code, eid in sources
                    if code[len(CODE_PREFIX):].isdigit()]
        if not numbered:
            return []
        quiet = max(n for n, _, _ in numbered)
        out = []
        for n, code, eid in numbered:
            if n == quiet:
                continue
            states = PointState.objects.filter(point__enterprise_id=eid, point__code__endswith=f"-{n:03d}")
            last = states.aggregate(last=Max("last_ts"))["last"]
            out.append(FeedSite(n, code, last.timestamp() if last else None))
        return out

    def ensure_tokens(self, sites: list[FeedSite]) -> int:
        """Give a demo gateway the derived token where it has another (a demo built
        before the feed existed, or under another secret key); audited as the system."""
        from yingji.core.actor import Actor
        from yingji.monitoring.ingest.pipeline import hash_token
        from yingji.monitoring.models import DataSource
        from yingji.monitoring.services.sources import rotate_token

        changed = 0
        for source in DataSource.objects.filter(code__in=[s.code for s in sites]):
            token = feed_token(source.code)
            if source.token_hash != hash_token(token):
                rotate_token(source, actor=Actor.system("demo_feed"), token=token)
                changed += 1
        return changed

    def readings(self, site: FeedSite, ts: float) -> list[dict[str, object]]:
        minute = int(ts // 60)
        out: list[dict[str, object]] = []
        for pcode, *_, base, amplitude in POINTS:
            value = STUCK_VALUE if pcode == "TT" and site.number == 1 else reading_value(
                base, amplitude, minute + site.number * 37, self.rng)
            out.append({"point": f"{pcode}-{site.number:03d}", "value": value, "ts": round(ts, 3)})
        return out

    def send(self, batches: dict[str, list[dict[str, object]]]) -> None:
        from yingji.monitoring.ingest.pipeline import Incoming, Pipeline

        messages = []
        for code, readings in batches.items():
            for i in range(0, len(readings), 2000):
                body = json.dumps({"source": code, "token": feed_token(code),
                                   "readings": readings[i:i + 2000]}).encode()
                messages.append(Incoming(raw=body, door="http", source_code=code, token=feed_token(code)))
        if messages:
            Pipeline().process(messages)
            self.sent += sum(len(r) for r in batches.values())

    def catch_up(self, now: float | None = None) -> int:
        """Readings from each gateway's last one (or a day ago) up to now; returns how many."""
        now = now or time.time()
        sites = self.sites()
        self.ensure_tokens(sites)
        before = self.sent
        floor = now - CATCH_UP_HOURS * 3600
        for site in sites:
            start = max(floor, (site.last_ts or floor) + CATCH_UP_STEP_SECONDS)
            readings: list[dict[str, object]] = []
            ts = start
            while ts <= now:
                readings.extend(self.readings(site, ts))
                ts += CATCH_UP_STEP_SECONDS
            self.send({site.code: readings})
        return self.sent - before

    def tick(self, now: float | None = None) -> int:
        """One reading per point of every live gateway, at ``now``."""
        now = now or time.time()
        before = self.sent
        self.send({site.code: self.readings(site, now) for site in self.sites()})
        return self.sent - before

    def run_forever(self, stop: threading.Event) -> None:
        while not stop.wait(TICK_SECONDS):
            close_old_connections()
            try:
                self.tick()
            except Exception:  # the feed must outlive a failed tick (logged, next minute again)
                logger.exception("demo feed tick failed")
            finally:
                close_old_connections()


def start() -> threading.Event:
    """The starter: catch up now (before the offline check can run), then feed in a
    daemon thread. Returns the event that stops it."""
    feed = DemoFeed()
    try:
        count = feed.catch_up()
        logger.info("demo feed caught up with %d readings", count)
    except Exception:
        logger.exception("demo feed catch-up failed")
    finally:
        close_old_connections()
    stop = threading.Event()
    threading.Thread(target=feed.run_forever, args=(stop,), name="demo-feed", daemon=True).start()
    return stop
