"""The MQTT door of the ingest pipeline (``yingji ingest``).

Topic scheme: ``<root>/<slot>/<source code>/readings`` (root ``yingji/monitoring``
unless YINGJI_MQTT_TOPIC_ROOT says otherwise). The slot is two digits, ``00``–``15``:
CRC-32 of the source code modulo 16 (``slot_of``), fixed for a source, shown with its
credentials. Payload: the JSON batch of ``validation`` carrying the source's token.

Several consumers share the stream by slots: ``yingji ingest --member k/N`` (N ≤ 16)
subscribes with QoS 1 to the slots s with s mod N = k, as plain subscriptions
(``<root>/<s>/+/readings``) on a persistent MQTT 5 session (clean start off, a day's
session expiry) whose client id names the member. The broker keeps plain subscriptions
of persistent sessions in its persistence file, so messages published while a member
is away, and across a broker restart, wait for it; and each source is handled by one
member, so concurrent batches do not queue on each other's point locks.

MQTT shared subscriptions (``$share/<group>/<root>/+/+/readings``, ``--shared``) let
any number of consumers split the stream without a fixed membership, but Mosquitto
2.0 does not restore shared subscriptions from its persistence file (checked against
2.0.11): between a broker restart and the consumers' re-subscription, messages for
them find no subscriber and are dropped. Use ``--shared`` only with a broker that
keeps them.

A message on a topic whose slot does not match its source is dead-lettered
(``wrong_topic``) with the topic it should use.

Acknowledgement is manual and comes only after the batch is committed to the
database, or written to the local spool when the database is unavailable. The spool
is bounded (``spool_max_bytes``): when it is full the consumer stops acknowledging, so
the broker keeps the messages; when the database is back the spool is replayed first.
Nothing is acknowledged that is not stored somewhere durable.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import queue
import socket
import threading
import time
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.db import InterfaceError, OperationalError, connection

from yingji.monitoring.ingest.pipeline import Incoming, Pipeline, quarantine

logger = logging.getLogger(__name__)

DEFAULT_ROOT = "yingji/monitoring"
DEFAULT_GROUP = "ingest"
SESSION_EXPIRY_SECONDS = 24 * 3600
# The database is unreachable: spool and retry. Any other error is the data's.
DATABASE_DOWN = (OperationalError, InterfaceError)


def topic_root() -> str:
    return os.environ.get("YINGJI_MQTT_TOPIC_ROOT", DEFAULT_ROOT).strip("/")


SLOTS = 16


def slot_of(source_code: str) -> int:
    """The source's slot: CRC-32 of its code modulo ``SLOTS`` (stable across releases)."""
    return zlib.crc32(source_code.encode()) % SLOTS


def readings_topic(root: str, source_code: str) -> str:
    return f"{root}/{slot_of(source_code):02d}/{source_code}/readings"


def parse_member(text: str) -> tuple[int, int]:
    """``"k/N"`` → (k, N), refused unless 0 ≤ k < N ≤ ``SLOTS``."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise ValueError(f"成员编号应为 k/N 形式，例如 0/2，收到“{text}”") from None
    if not 0 <= index < count <= SLOTS:
        raise ValueError(f"成员编号应满足 0 ≤ k < N ≤ {SLOTS}，收到“{text}”")
    return index, count


def legacy_topic(root: str) -> str:
    """Topics of the scheme before slots (``<root>/<code>/readings``): still subscribed
    (by member 0), so that a gateway not yet moved gets a dead letter naming its new
    topic instead of being dropped unheard by the broker."""
    return f"{root}/+/readings"


def member_subscriptions(root: str, index: int, count: int) -> list[str]:
    slots = [f"{root}/{slot:02d}/+/readings" for slot in range(SLOTS) if slot % count == index]
    return [*slots, legacy_topic(root)] if index == 0 else slots


def shared_subscriptions(root: str, group: str) -> list[str]:
    return [f"$share/{group}/{root}/+/+/readings", f"$share/{group}/{legacy_topic(root)}"]


def source_of_topic(root: str, topic: str) -> tuple[str, str]:
    """(source code, problem) for ``<root>/<slot>/<code>/readings``: the code is "" when
    the topic does not fit the scheme; the problem names the right topic when the
    slot is not the source's."""
    prefix = root + "/"
    if not topic.startswith(prefix) or not topic.endswith("/readings"):
        return "", ""
    parts = topic[len(prefix):-len("/readings")].split("/")
    if len(parts) == 1 and parts[0]:
        code = parts[0]
        return code, f"主题格式已更新：数据源{code[:40]}应发布到 {readings_topic(root, code)[:200]}"
    if len(parts) != 2 or not parts[1]:
        return "", ""
    slot, code = parts
    if slot != f"{slot_of(code):02d}":
        return code, f"主题分区错误：数据源{code[:40]}应发布到 {readings_topic(root, code)[:200]}"
    return code, ""


def broker_address(url: str) -> tuple[str, int]:
    parsed = urlparse(url)
    return parsed.hostname or "127.0.0.1", parsed.port or 1883


@dataclass
class Received:
    mid: int
    topic: str
    payload: bytes


class Spool:
    """Append-only batch files in a directory, at most ``max_bytes`` in total."""

    def __init__(self, directory: Path, max_bytes: int) -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        directory.mkdir(parents=True, exist_ok=True)

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.directory.glob("*.jsonl"))

    def files(self) -> list[Path]:
        return sorted(self.directory.glob("*.jsonl"))

    def write(self, items: list[Received]) -> bool:
        """Write a batch durably; False (nothing written) when it would pass the bound."""
        lines = [json.dumps({"topic": r.topic, "payload": base64.b64encode(r.payload).decode()}) + "\n"
                 for r in items]
        data = "".join(lines).encode()
        if self.size() + len(data) > self.max_bytes:
            return False
        name = self.directory / f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.jsonl"
        tmp = name.with_suffix(".tmp")
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.rename(name)
        return True

    @staticmethod
    def read(path: Path) -> Iterator[tuple[str, bytes]]:
        with open(path, "rb") as fh:
            for line in fh:
                item = json.loads(line)
                yield item["topic"], base64.b64decode(item["payload"])


@dataclass
class ConsumerStats:
    messages: int = 0
    readings_stored: int = 0
    batches: int = 0
    spooled_batches: int = 0
    replayed_batches: int = 0
    db_errors: int = 0
    quarantined: int = 0  # messages that failed on their own, kept as dead letters
    last_error: str = ""
    processed_topics: list[str] = field(default_factory=list)


class Consumer:
    """An MQTT consumer feeding the pipeline in batches (see the module docstring)."""

    def __init__(self, *, url: str, root: str | None = None, group: str = DEFAULT_GROUP,
                 client_id: str | None = None, max_batch: int = 200, max_wait: float = 0.05,
                 spool_dir: Path | None = None, spool_max_bytes: int = 256 * 1024 * 1024,
                 receive_maximum: int = 1000, member: tuple[int, int] = (0, 1), shared: bool = False) -> None:
        import paho.mqtt.client as mqtt
        from django.conf import settings
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        self.root = (root or topic_root()).strip("/")
        self.group = group
        self.member = member
        self.shared = shared
        # A stable id keeps the broker session (and the local spool) across restarts:
        # one per member of the layout, whichever host runs it.
        self.client_id = client_id or (f"yingji-ingest-{socket.gethostname()}" if shared
                                       else f"yingji-ingest-{member[0]}of{member[1]}")
        self.max_batch = max_batch
        self.max_wait = max_wait
        self.inbox: queue.Queue[Received] = queue.Queue()
        self.pending: list[Received] = []  # taken from the inbox, not yet stored nor acked
        self.spool = Spool(spool_dir or Path(settings.VAR_DIR) / "monitoring-spool" / self.client_id,
                           spool_max_bytes)
        self.pipeline = Pipeline()
        self.stats = ConsumerStats()
        self.connected = threading.Event()
        self.host, self.port = broker_address(url)
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=self.client_id,
                                  protocol=mqtt.MQTTv5, manual_ack=True)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.reconnect_delay_set(min_delay=1, max_delay=2)
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = SESSION_EXPIRY_SECONDS
        props.ReceiveMaximum = receive_maximum
        self._connect_props = props

    # --- MQTT callbacks (paho's network thread) ----------------------------------------
    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        if getattr(reason, "is_failure", False):
            logger.warning("MQTT connect refused: %s", reason)
            return
        client.subscribe([(topic, 1) for topic in self.subscriptions])
        self.connected.set()
        logger.info("MQTT consumer %s connected, session present=%s", self.client_id,
                    getattr(flags, "session_present", None))

    def _on_disconnect(self, client: Any, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        self.connected.clear()
        logger.warning("MQTT consumer %s disconnected: %s", self.client_id, reason)

    def _on_message(self, client: Any, userdata: Any, message: Any) -> None:
        self.inbox.put(Received(message.mid, message.topic, bytes(message.payload)))

    @property
    def subscriptions(self) -> list[str]:
        if self.shared:
            return shared_subscriptions(self.root, self.group)
        return member_subscriptions(self.root, *self.member)

    # --- lifecycle ---------------------------------------------------------------------
    def start(self) -> None:
        self.client.connect_async(self.host, self.port, keepalive=30, clean_start=False,
                                  properties=self._connect_props)
        self.client.loop_start()

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def run(self, stop: threading.Event) -> None:
        """Process until ``stop`` is set (flushing what is already received), reporting
        the figures every few seconds (``ingest.members``)."""
        from django.utils import timezone

        from yingji.monitoring.ingest import members

        started_at, next_report = timezone.now(), 0.0
        try:
            while not stop.is_set():
                self.step()
                if time.monotonic() >= next_report:
                    self._report(members.report, started_at)
                    next_report = time.monotonic() + members.REPORT_SECONDS
            self.step(final=True)
            self._report(members.report, started_at)
        finally:
            self.stop()
            connection.close()  # this thread's connection

    def _report(self, report: Any, started_at: Any) -> None:
        try:
            report(self, started_at)
        except DATABASE_DOWN:
            connection.close()  # the figures wait for the database like the readings do

    def step(self, final: bool = False) -> int:
        """Replay the spool if any, then take and store one batch. Returns messages
        taken care of (stored or spooled, and acknowledged)."""
        database_up = not self.spool.files() or self._replay_spool()
        if not self.pending:
            self._collect(0 if final else self.max_wait)
        if not self.pending:
            if not database_up:
                time.sleep(0.2)
            return 0
        batch = self.pending
        if database_up:
            try:
                stored = self._process([(r.topic, r.payload) for r in batch])
            except DATABASE_DOWN as exc:
                self._database_down(exc)
            else:
                self.stats.readings_stored += stored
                self.stats.batches += 1
                return self._done(batch)
        # The database is down (or the spool is still being replayed): keep order by
        # spooling behind what is already there.
        if self.spool.write(batch):
            self.stats.spooled_batches += 1
            return self._done(batch)
        time.sleep(0.5)  # spool full: keep the batch unacknowledged; the broker holds the rest
        return 0

    def _process(self, items: list[tuple[str, bytes]]) -> int:
        """Store a batch (readings stored). A batch that fails for any reason but the
        database being unreachable is stored message by message, and a message that
        fails on its own becomes a dead letter: one bad message must not stop the
        stream (nor be spooled and replayed for ever)."""
        try:
            return self.pipeline.process([self._incoming(t, p) for t, p in items]).stored
        except DATABASE_DOWN:
            raise
        except Exception:
            logger.exception("batch failed; storing its messages one by one")
        stored = 0
        for topic, payload in items:
            message = self._incoming(topic, payload)
            try:
                stored += self.pipeline.process([message]).stored
            except DATABASE_DOWN:
                raise
            except Exception as exc:
                logger.exception("message on %s could not be processed", topic)
                try:
                    quarantine(message, exc)
                except DATABASE_DOWN:
                    raise
                except Exception:
                    logger.exception("dropped a message on %s: its dead letter failed too", topic)
                self.stats.quarantined += 1
        return stored

    def _done(self, batch: list[Received]) -> int:
        self._ack(batch)
        self.pending = []
        return len(batch)

    def _collect(self, wait: float) -> None:
        try:
            first = self.inbox.get(timeout=wait) if wait > 0 else self.inbox.get_nowait()
        except queue.Empty:
            return
        items = [first]
        while len(items) < self.max_batch:
            try:
                items.append(self.inbox.get_nowait())
            except queue.Empty:
                break
        self.pending = items

    def _incoming(self, topic: str, payload: bytes) -> Incoming:
        code, problem = source_of_topic(self.root, topic)
        return Incoming(raw=payload, door="mqtt", topic=topic, source_code=code, topic_problem=problem)

    def _ack(self, batch: list[Received]) -> None:
        for r in batch:
            self.client.ack(r.mid, 1)
        self.stats.messages += len(batch)

    def _database_down(self, exc: Exception) -> None:
        self.stats.db_errors += 1
        self.stats.last_error = str(exc)[:200]
        logger.warning("database unavailable, spooling: %s", exc)
        try:
            connection.close()
        except Exception:  # the connection is already broken; the next query reconnects
            logger.debug("closing a broken connection failed", exc_info=True)

    def _replay_spool(self) -> bool:
        """Store the oldest spool file; True when the spool could be replayed."""
        for path in self.spool.files():
            try:
                stored = self._process(list(Spool.read(path)))
            except DATABASE_DOWN as exc:
                self._database_down(exc)
                return False
            self.stats.readings_stored += stored
            self.stats.replayed_batches += 1
            path.unlink()
        return True


def start_background_consumer(url: str) -> tuple[Consumer, threading.Event, threading.Thread]:
    """A consumer on a daemon thread (``yingji serve`` with YINGJI_MQTT_URL set)."""
    consumer = Consumer(url=url, client_id=f"yingji-serve-{socket.gethostname()}")
    stop = threading.Event()
    consumer.start()
    thread = threading.Thread(target=consumer.run, args=(stop,), name="mqtt-ingest", daemon=True)
    thread.start()
    return consumer, stop, thread
