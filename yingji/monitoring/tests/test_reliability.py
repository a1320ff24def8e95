"""Reliability with the real broker and database (slow, kept in CI):

- restart Mosquitto during a stream: nothing is lost (QoS 1, persistent sessions,
  acknowledgement only after storage, duplicates ignored);
- the database unavailable for a while (a paused proxy between the consumer and
  PostgreSQL): the consumer spools locally within its bound, holds the rest at the
  broker, and catches up with nothing lost;
- a flood of malformed messages: every valid reading is stored, every malformed
  message dead-lettered, and the database work of a batch does not grow with the
  number of malformed messages in it (the stated bound: one dead-letter insert per
  batch, whatever the flood; the time figures are in bench/monitoring.py).
"""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingji.monitoring.ingest.pipeline import Incoming, Pipeline
from yingji.monitoring.models import DeadLetter, Reading
from yingji.monitoring.tests.factories import batch, now, setup_site
from yingji.monitoring.tests.mqtt_helpers import ConsumerThread, Publisher, mqtt_url, unique_root, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MOSQUITTO_PID = Path("/run/mosquitto/mosquitto.pid")


def readings(start, n, offset=0):
    return [{"point": "LT-101", "value": 3.0 + (i % 5) / 10, "ts": start + offset + i} for i in range(n)]


def restart_mosquitto() -> None:
    """Stop the broker with SIGTERM (it saves its persistence file) and start it again
    with the system configuration; the outage is about a second."""
    pid = int(MOSQUITTO_PID.read_text().strip())
    os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    subprocess.run(["mosquitto", "-d", "-c", "/etc/mosquitto/mosquitto.conf"], check=True)


def test_broker_restart_mid_stream_loses_nothing(tmp_path):
    url, root = mqtt_url(), unique_root()
    if not MOSQUITTO_PID.exists() or os.geteuid() != 0:
        pytest.skip("the broker can only be restarted by root with its pid file")
    # Two members sharing the stream by slots (GW-1 in slot 8, GW-4 in slot 7): their
    # plain subscriptions survive in the broker's persistence file, so what is published
    # before they reconnect waits in their sessions.
    sites = [setup_site(1), setup_site(4)]
    members = [ConsumerThread(url, root, tmp_path / str(k), client_id=f"restart-{root[-8:]}-{k}",
                              member=(k, 2)).start() for k in range(2)]
    publisher = Publisher(url, root)
    t = now() - 3000
    try:
        for k in range(60):
            for site in sites:
                code = site["source"].code
                publisher.publish(code, batch(code, site["token"], readings(t, 20, k * 20)), wait=False)
            if k == 30:
                restart_mosquitto()
            time.sleep(0.01)
        assert wait_until(publisher.all_published, 60)
        stored = wait_until(lambda: Reading.objects.count() == 2400, 60)
        if not stored:
            have = {(r.point.enterprise_id, round(r.ts.timestamp() - t) // 20)
                    for r in Reading.objects.select_related("point")}
            acks = sum(bool(getattr(i, "_published", False)) for i in publisher.infos)
            pytest.fail(f"{2400 - Reading.objects.count()} readings missing ({len(have)} of 120 "
                        f"messages stored); publisher acks {acks}")
    finally:
        publisher.close()
        for member in members:
            member.stop()
    assert DeadLetter.objects.count() == 0
    assert all(m.consumer.stats.messages >= 60 for m in members)


def test_database_outage_spools_then_catches_up(tmp_path):
    from yingji.monitoring.tests.tcp_proxy import PausableProxy

    if connection.vendor != "postgresql":
        pytest.skip("the outage is simulated in front of PostgreSQL")
    url, root = mqtt_url(), unique_root()
    site = setup_site()
    code, token = site["source"].code, site["token"]
    settings = connection.settings_dict
    proxy = PausableProxy((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))

    def through_proxy() -> None:
        from django.db import connections

        conn = connections["default"]
        conn.settings_dict = {**conn.settings_dict, "HOST": "127.0.0.1", "PORT": proxy.port}

    # Room for about three messages in the spool: the rest stays unacknowledged at the broker.
    spool = tmp_path / "spool"
    consumer = ConsumerThread(url, root, spool, before=through_proxy, spool_max_bytes=3 * 1500,
                              max_batch=1)
    consumer.start()
    publisher = Publisher(url, root)
    t = now() - 3000
    try:
        for k in range(5):
            publisher.publish(code, batch(code, token, readings(t, 10, k * 10)))
        assert wait_until(lambda: Reading.objects.count() == 50)
        proxy.pause()
        for k in range(5, 15):
            publisher.publish(code, batch(code, token, readings(t, 10, k * 10)))
        assert wait_until(lambda: consumer.consumer.stats.spooled_batches >= 2)
        time.sleep(1.0)
        assert Reading.objects.count() == 50  # nothing reached the database meanwhile
        spooled = sum(p.stat().st_size for p in spool.glob("*.jsonl"))
        assert 0 < spooled <= 3 * 1500  # bounded
        proxy.resume()
        assert wait_until(lambda: Reading.objects.count() == 150, 60), Reading.objects.count()
        assert wait_until(lambda: not list(spool.glob("*.jsonl")))
    finally:
        publisher.close()
        consumer.stop()
        proxy.close()
    stats = consumer.consumer.stats
    assert stats.db_errors >= 1 and stats.replayed_batches >= 2


def test_malformed_flood_costs_one_insert_per_batch_and_valid_readings_all_arrive(tmp_path):
    site = setup_site()
    code, token = site["source"].code, site["token"]
    t = now() - 3000
    valid = Incoming(batch(code, token, readings(t, 5)), "mqtt", "x")
    pipeline = Pipeline()
    pipeline.process([valid])  # warm the registry
    few = [Incoming(batch(code, token, readings(t, 5, 100)), "mqtt", "x"), Incoming(b"{bad", "mqtt", "x")]
    with CaptureQueriesContext(connection) as small:
        pipeline.process(few)
    flood = [Incoming(batch(code, token, readings(t, 5, 200)), "mqtt", "x")] + [
        Incoming(b"{bad" + str(i).encode(), "mqtt", "x") for i in range(400)]
    with CaptureQueriesContext(connection) as big:
        pipeline.process(flood)
    # The same statements whatever the flood; SQLite splits one bulk insert into chunks
    # of its parameter limit, PostgreSQL sends it as one.
    per_insert = (connection.features.max_query_params or 10**9) // 9
    assert len(big) - len(small) == -(-401 // per_insert) - 1
    assert Reading.objects.count() == 15 and DeadLetter.objects.count() == 401

    url, root = mqtt_url(), unique_root()
    consumer = ConsumerThread(url, root, tmp_path).start()
    publisher = Publisher(url, root)
    try:
        for k in range(20):
            for j in range(50):
                publisher.publish(code, b'{"readings": [{"point": ' + str(j).encode(), wait=False)
            publisher.publish(code, batch(code, token, readings(t, 10, 1000 + k * 10)), wait=False)
        assert wait_until(lambda: Reading.objects.count() == 215 and DeadLetter.objects.count() == 1401, 60)
    finally:
        publisher.close()
        consumer.stop()
