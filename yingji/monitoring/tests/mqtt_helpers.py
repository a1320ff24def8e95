"""Helpers for tests against the real Mosquitto: a publisher and a consumer thread."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from yingji.core.testing import service_url
from yingji.monitoring.ingest.mqtt import Consumer, broker_address, readings_topic


def mqtt_url() -> str:
    return service_url("YINGJI_TEST_MQTT_URL", "mqtt://127.0.0.1:1883", "Mosquitto")


def unique_root() -> str:
    # Topics unique to this test run: other helpers share the broker.
    return f"test-monitoring/{uuid.uuid4().hex[:10]}"


class Publisher:
    """A QoS 1 publisher that reconnects by itself (the broker may restart)."""

    def __init__(self, url: str, root: str) -> None:
        import paho.mqtt.client as mqtt

        self.root = root
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"pub-{uuid.uuid4().hex[:8]}",
                                  protocol=mqtt.MQTTv5)
        self.client.reconnect_delay_set(1, 2)
        self.client.max_queued_messages_set(0)
        host, port = broker_address(url)
        self.client.connect(host, port, keepalive=30)
        self.client.loop_start()
        self.infos: list[Any] = []

    def publish(self, source: str, payload: bytes, wait: bool = True) -> None:
        info = self.client.publish(readings_topic(self.root, source), payload, qos=1)
        self.infos.append(info)
        if wait:
            info.wait_for_publish(10)

    def all_published(self) -> bool:
        # A message published while the broker was away reports "not connected" but
        # stays queued in the client and is sent on reconnection; its info object is
        # marked published when the broker acknowledges it.
        return all(getattr(i, "_published", False) for i in self.infos)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


class ConsumerThread:
    """A pipeline consumer on its own thread (with its own database connection)."""

    def __init__(self, url: str, root: str, spool: Path, client_id: str | None = None,
                 before: Callable[[], None] | None = None, **kwargs: Any) -> None:
        self.consumer = Consumer(url=url, root=root, client_id=client_id or f"c-{uuid.uuid4().hex[:8]}",
                                 spool_dir=spool, max_wait=0.02, **kwargs)
        self.stop_event = threading.Event()
        self.before = before
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        if self.before is not None:
            self.before()
        self.consumer.run(self.stop_event)

    def start(self) -> ConsumerThread:
        self.consumer.start()
        assert self.consumer.connected.wait(10), "consumer did not connect"
        time.sleep(0.2)  # the subscription is acknowledged
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(20)


def wait_until(predicate: Callable[[], bool], timeout: float = 20.0) -> bool:
    from django.db import OperationalError

    def check() -> bool:
        try:
            return predicate()
        except OperationalError:  # SQLite's shared in-memory test database: table locked
            return False

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.1)
    return check()
