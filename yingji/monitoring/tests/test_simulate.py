"""The simulator: anomalies it injects, and ``yingji simulate`` over MQTT end to end."""

import json
import math

import pytest
from django.core.management import call_command

from yingji.monitoring.models import DeadLetter, Reading
from yingji.monitoring.simulator import Anomalies, SimPoint, Simulator, Site
from yingji.monitoring.tests.factories import setup_site
from yingji.monitoring.tests.mqtt_helpers import ConsumerThread, mqtt_url, unique_root, wait_until


def sites(n=3):
    return [Site(f"S{i}", "tok", [SimPoint(f"P{i}-{j}", "m", 0, 10, 8) for j in range(5)]) for i in range(n)]


def test_normal_stream_stays_inside_the_limits():
    sim = Simulator(sites(), readings_per_message=3)
    messages = list(sim.messages(1000.0))
    assert len(messages) == 3 * 2  # 5 points in chunks of 3
    values = [r["value"] for _, m in messages for r in json.loads(m)["readings"]]
    assert len(values) == 15 and all(0 <= v < 8 for v in values)


def test_anomalies_are_injected_and_recorded():
    sim = Simulator(sites(), Anomalies(crossing=1.0, stuck=1.0, offline=0.0, malformed=0.0), seed=3)
    first = list(sim.messages(0.0))
    assert {k for k, _, _ in sim.injected} == {"crossing", "stuck"}
    crossed = [p for k, p, _ in sim.injected if k == "crossing"]
    values = {r["point"]: r["value"] for _, m in first for r in json.loads(m)["readings"]}
    assert any(values[p] >= 8 for p in crossed if p in values)
    quiet = Simulator(sites(1), Anomalies(offline=1.0), seed=1)
    assert list(quiet.messages(0.0)) == []  # the gateway went quiet at once


def test_malformed_messages_are_malformed():
    sim = Simulator(sites(1), Anomalies(malformed=1.0), seed=5)
    for _ in range(8):
        payload = sim.payload(sim.sites[0], [{"point": "P0-0", "value": 1}], 0.0)
        try:
            body = json.loads(payload)
        except ValueError:
            continue
        reading = body["readings"][0]
        assert (reading["point"] == "NO-SUCH-POINT" or reading.get("unit") == "??"
                or math.isnan(reading["value"]))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simulate_command_over_mqtt(tmp_path):
    url, root = mqtt_url(), unique_root()
    setup_site(1)
    setup_site(2)
    consumer = ConsumerThread(url, root, tmp_path).start()
    try:
        call_command("simulate", enterprises=2, points=4, door="mqtt", url=url, root=root, interval=0.3,
                     seconds=1.0, anomalies=True, malformed=0.5, seed=7)
        assert wait_until(lambda: Reading.objects.count() > 0 and DeadLetter.objects.exists())
    finally:
        consumer.stop()
    assert Reading.objects.count() >= 8
    assert DeadLetter.objects.filter(door="mqtt").exists()
