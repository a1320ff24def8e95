"""The multi-process topology holds (issue: province scale, item 1): two web processes
behind nginx, two workers, two ingest members, real PostgreSQL, Redis and Mosquitto.
Each assertion is one property a province deployment relies on. Run in the PostgreSQL
pass of CI (the cluster is the test's own, so that it can be restarted)."""

from __future__ import annotations

import json
import os
import queue
import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
import requests

from yingji.core.testing_pg import server_available
from yingji.core.testing_topology import NGINX, Topology, requests_served, sign_in, wait_for

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def topology() -> Iterator[Topology]:
    if not os.environ.get("YINGJI_DATABASE_URL"):
        pytest.skip("由 PostgreSQL 测试轮执行（多进程部署）")
    if not server_available() or not os.path.exists(NGINX):
        pytest.skip("未安装 PostgreSQL 服务端程序或 nginx（.ci/run 安装）")
    world = Topology()
    try:
        world.prepare()
        for name in ("web-1", "web-2", "front", "worker-1", "worker-2", "ingest-1", "ingest-2"):
            world.start(name)
        yield world
    finally:
        world.stop_all()


def query(world: Topology, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(world.cluster.url("yingji"), autocommit=True) as conn:
        return conn.execute(sql, args).fetchall()


def publish(world: Topology, source: tuple[str, str], start: float, n: int) -> None:
    import paho.mqtt.client as mqtt

    from yingji.monitoring.ingest.mqtt import readings_topic

    code, token = source
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    client.connect("127.0.0.1", 1883)
    client.loop_start()
    try:
        for k in range(n):
            body = {"source": code, "token": token,
                    "readings": [{"point": "LT-101", "value": 3.0, "ts": start + k}]}
            info = client.publish(readings_topic(world.root, code), json.dumps(body).encode(), qos=1)
            info.wait_for_publish(10)
    finally:
        client.disconnect()
        client.loop_stop()


def readings_of(world: Topology, code: str) -> int:
    rows = query(world, "SELECT count(*) FROM monitoring_reading r "
                        "JOIN monitoring_measurementpoint p ON p.id = r.point_id "
                        "JOIN monitoring_datasource s ON s.enterprise_id = p.enterprise_id "
                        "WHERE s.code = %s", code)
    return int(rows[0][0])


def test_the_front_spreads_requests_over_both_web_processes(topology: Topology) -> None:
    before = [requests_served(topology.url(n)) for n in ("web-1", "web-2")]
    for _ in range(20):
        assert requests.get(topology.url("front", "/login/"), timeout=30).status_code == 200
    after = [requests_served(topology.url(n)) for n in ("web-1", "web-2")]
    # Each count also includes the /metrics request that read it.
    served = [a - b - 1 for a, b in zip(after, before, strict=True)]
    assert sum(served) == 20 and min(served) >= 5, served


def test_a_session_made_on_one_web_process_is_valid_on_the_other(topology: Topology) -> None:
    session, answer = sign_in(topology.url("web-1"), "topo_duty")
    assert answer.status_code == 200 and "/login" not in answer.url, answer.text[:300]
    other = session.get(topology.url("web-2", "/notifications/"), timeout=30, allow_redirects=False)
    assert other.status_code == 200 and "吴敏" in other.text


def test_a_lockout_counted_on_one_holds_on_the_other(topology: Topology) -> None:
    for _ in range(5):
        _, answer = sign_in(topology.url("web-1"), "topo_lock", "wrong-password")
        assert "/login" in answer.url
    session, answer = sign_in(topology.url("web-2"), "topo_lock")
    assert "/login" in answer.url and "锁定" in answer.text
    assert session.get(topology.url("web-2", "/notifications/"), allow_redirects=False,
                       timeout=30).status_code == 302


def test_a_live_event_from_a_request_on_one_reaches_a_stream_on_the_other(topology: Topology) -> None:
    session, _ = sign_in(topology.url("web-2"), "topo_duty")
    received: queue.Queue[dict[str, Any]] = queue.Queue()
    connected = threading.Event()

    def listen() -> None:
        url = topology.url("web-2", "/events/stream?keepalive=1")
        with session.get(url, stream=True, timeout=60) as stream:
            # An event stream is UTF-8 by definition (the header names no charset).
            for raw in stream.iter_lines():
                line = raw.decode("utf-8")
                if line and "connected" in line:
                    connected.set()
                if line and line.startswith("data: "):
                    received.put(json.loads(line[6:]))

    threading.Thread(target=listen, daemon=True).start()
    assert connected.wait(30), "the stream did not open on web-2"
    created = requests.post(topology.url("web-1", "/api/v1/departments/"),
                            json={"name": "拓扑测试应急指挥中心", "kind": "office", "region": "420102"},
                            headers={"Authorization": f"Token {topology.token}"}, timeout=30)
    assert created.status_code == 201, created.text
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        event = received.get(timeout=max(0.1, deadline - time.monotonic()))
        if event.get("type") == "department.created":
            assert "拓扑测试应急指挥中心" in event["summary"]
            return
    pytest.fail("the event of web-1's request did not reach the stream on web-2")


def test_a_periodic_job_runs_once_per_period_across_both_workers(topology: Topology) -> None:
    job = "yingji.core.jobs.check_deadlines_every_minute"

    def periods() -> list[tuple[Any, ...]]:
        return query(topology, "SELECT period_start, skipped, claimed_by FROM core_jobperiod "
                               "WHERE name = %s ORDER BY period_start", job)

    # Both schedulers enqueue the minutely sweep: one run claims the period, the other
    # finds it taken (``skipped``). Two such periods, and each ran once (the unique row).
    assert wait_for(lambda: sum(1 for _, skipped, _ in periods() if skipped >= 1) >= 2, 200, every=2), (
        periods(), topology.tail("worker-1"), topology.tail("worker-2"))
    rows = periods()
    assert len({start for start, _, _ in rows}) == len(rows)
    assert {by.split(":")[1] for _, _, by in rows} <= {str(topology.processes[n].pid) for n in ("worker-1",
                                                                                              "worker-2")}


def test_ingest_members_share_the_stream_and_a_restarted_member_loses_nothing(topology: Topology) -> None:
    first, second = topology.sources  # slot 8 → member 0, slot 7 → member 1
    start = time.time() - 3000
    publish(topology, first, start, 10)
    publish(topology, second, start, 10)
    both = (first[0], second[0])
    assert wait_for(lambda: [readings_of(topology, code) for code in both] == [10, 10], 60)
    topology.kill("ingest-2")  # SIGKILL: no goodbye, the broker keeps its session
    publish(topology, second, start + 100, 15)
    time.sleep(2)
    assert readings_of(topology, second[0]) == 10  # nobody else reads member 1's slots
    topology.start("ingest-2")  # the supervisor restarts it with the same client id
    assert wait_for(lambda: readings_of(topology, second[0]) == 25, 90), topology.tail("ingest-2")
    up = query(topology, "SELECT member, messages FROM monitoring_ingestmember ORDER BY member")
    assert [member for member, _ in up] == ["0/2", "1/2"]


def test_every_process_recovers_after_postgresql_restarts(topology: Topology) -> None:
    session, _ = sign_in(topology.url("front"), "topo_duty")
    first = topology.sources[0]
    before = readings_of(topology, first[0])
    topology.cluster.stop("fast")
    try:
        # Readings sent while the database is down are kept by the ingest member's spool.
        publish(topology, first, time.time() - 1000, 12)
        time.sleep(1)
    finally:
        topology.cluster.start()

    def page_answers() -> bool:
        return session.get(topology.url("front", "/notifications/"), timeout=30,
                           allow_redirects=False).status_code == 200

    # Connections are opened per request (YINGJI_DB_CONN_MAX_AGE=0): the first request
    # after the restart already answers, on both processes, with no manual restart.
    for name in ("web-1", "web-2"):
        answer = session.get(topology.url(name, "/notifications/"), timeout=30, allow_redirects=False)
        assert answer.status_code == 200, (name, answer.status_code, topology.tail(name))
    assert page_answers()
    assert wait_for(lambda: readings_of(topology, first[0]) == before + 12, 120), topology.tail("ingest-1")
    restarted_at = query(topology, "SELECT now()")[0][0]
    job = "yingji.core.jobs.check_deadlines_every_minute"
    assert wait_for(lambda: query(topology, "SELECT count(*) FROM core_jobperiod WHERE name = %s "
                                            "AND claimed_at > %s", job, restarted_at)[0][0] >= 1, 150), \
        topology.tail("worker-1") + topology.tail("worker-2")
