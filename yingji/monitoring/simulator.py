"""Realistic reading streams for the demo, the benchmark and the reliability tests.

A ``Simulator`` holds sites (a source code, its token and its points) and produces
batch messages tick by tick: slow sine waves with noise around each point's mid-range,
plus injected anomalies — threshold crossings, drift, stuck sensors, gateways that go
quiet, and malformed messages (broken JSON, unknown points, NaN, wrong units). The
generator is deterministic for a seed; sending is left to ``MqttSender`` / ``HttpSender``.
"""

from __future__ import annotations

import json
import math
import random
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from yingji.monitoring.ingest.mqtt import readings_topic


@dataclass
class SimPoint:
    code: str
    unit: str
    low: float
    high: float
    alarm_high: float | None

    @property
    def base(self) -> float:
        top = self.alarm_high if self.alarm_high is not None else self.high
        return self.low + (top - self.low) * 0.5


@dataclass
class Site:
    source: str
    token: str
    points: list[SimPoint]
    quiet_until: float = 0.0  # gateway offline until this time


@dataclass
class Anomalies:
    """Chances per tick (per site) of starting each anomaly, and of a malformed message."""

    crossing: float = 0.0
    drift: float = 0.0
    stuck: float = 0.0
    offline: float = 0.0
    malformed: float = 0.0


@dataclass
class Simulator:
    sites: list[Site]
    anomalies: Anomalies = field(default_factory=Anomalies)
    seed: int = 1
    readings_per_message: int = 100

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.state: dict[str, dict[str, Any]] = {}
        self.injected: list[tuple[str, str, float]] = []  # (kind, point, time)

    def value(self, point: SimPoint, t: float) -> float:
        span = point.high - point.low
        st = self.state.setdefault(point.code, {})
        if "stuck" in st:
            return float(st["stuck"])
        phase = sum(map(ord, point.code)) % 7
        v = point.base + span * 0.05 * math.sin(t / 300.0 + phase) + self.rng.gauss(0, span * 0.002)
        v += st.get("drift", 0.0)
        if st.get("cross_until", 0) > t and point.alarm_high is not None:
            v = point.alarm_high + span * 0.03
        return round(min(max(v, point.low), point.high), 4)

    def _maybe_inject(self, site: Site, t: float) -> None:
        a, rng = self.anomalies, self.rng
        point = site.points[rng.randrange(len(site.points))]
        st = self.state.setdefault(point.code, {})
        if a.crossing and rng.random() < a.crossing:
            st["cross_until"] = t + 60
            self.injected.append(("crossing", point.code, t))
        if a.drift and rng.random() < a.drift:
            st["drift"] = st.get("drift", 0.0) + (point.high - point.low) * 0.01
            self.injected.append(("drift", point.code, t))
        if a.stuck and rng.random() < a.stuck:
            st["stuck"] = self.value(point, t)
            self.injected.append(("stuck", point.code, t))
        if a.offline and rng.random() < a.offline:
            site.quiet_until = t + 900
            self.injected.append(("offline", site.source, t))

    def messages(self, t: float) -> Iterator[tuple[str, bytes]]:
        """One reading of every point of every online site at time ``t``, packed into
        messages of ``readings_per_message`` readings: (source code, payload)."""
        for site in self.sites:
            self._maybe_inject(site, t)
            if site.quiet_until > t:
                continue
            readings = [{"point": p.code, "value": self.value(p, t)} for p in site.points]
            for start in range(0, len(readings), self.readings_per_message):
                chunk = readings[start:start + self.readings_per_message]
                yield site.source, self.payload(site, chunk, t)

    def payload(self, site: Site, readings: list[dict[str, Any]], t: float) -> bytes:
        if self.anomalies.malformed and self.rng.random() < self.anomalies.malformed:
            return self.malformed(site, t)
        return json.dumps({"source": site.source, "token": site.token, "ts": round(t, 3),
                           "readings": readings}, separators=(",", ":")).encode()

    def malformed(self, site: Site, t: float) -> bytes:
        kind = self.rng.randrange(4)
        point = site.points[0]
        if kind == 0:
            return b'{"source": "' + site.source.encode() + b'", "readings": [{"point"'
        reading: dict[str, Any] = {"point": point.code, "value": 1.0, "ts": t}
        if kind == 1:
            reading["point"] = "NO-SUCH-POINT"
        elif kind == 2:
            return (json.dumps({"source": site.source, "token": site.token, "readings": [
                {"point": point.code, "ts": t, "value": 0}]})).replace('"value": 0', '"value": NaN').encode()
        else:
            reading["unit"] = "??"
        return json.dumps({"source": site.source, "token": site.token, "readings": [reading]}).encode()


class MqttSender:
    """QoS 1 publisher to ``<root>/<slot>/<source>/readings`` (``mqtt.readings_topic``)."""

    def __init__(self, url: str, root: str, client_id: str = "") -> None:
        import paho.mqtt.client as mqtt

        from yingji.monitoring.ingest.mqtt import broker_address

        self.root = root
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2,
                                  client_id=client_id or f"yingji-sim-{random.randrange(1 << 30):x}",
                                  protocol=mqtt.MQTTv5)
        self.client.max_inflight_messages_set(1000)
        self.client.max_queued_messages_set(0)
        host, port = broker_address(url)
        self.client.connect(host, port, keepalive=30)
        self.client.loop_start()
        self.pending: list[Any] = []

    def send(self, source: str, payload: bytes) -> None:
        self.pending.append(self.client.publish(readings_topic(self.root, source), payload, qos=1))
        if len(self.pending) > 5000:
            self.flush()

    def flush(self, timeout: float = 60.0) -> None:
        end = time.monotonic() + timeout
        for info in self.pending:
            info.wait_for_publish(max(0.1, end - time.monotonic()))
        self.pending = []

    def close(self) -> None:
        self.flush()
        self.client.disconnect()
        self.client.loop_stop()


class HttpSender:
    """POST to the HTTP batch endpoint with the source's token."""

    def __init__(self, base_url: str, tokens: dict[str, str]) -> None:
        self.base = base_url.rstrip("/")
        self.tokens = tokens
        self.status: dict[int, int] = {}

    def send(self, source: str, payload: bytes) -> None:
        request = urllib.request.Request(
            f"{self.base}/api/v1/monitoring/ingest/{source}/", data=payload, method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.tokens[source]}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                code = response.status
        except urllib.error.HTTPError as exc:
            code = exc.code
        self.status[code] = self.status.get(code, 0) + 1

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass
