"""The MQTT door against the real broker: batches, dead letters, shared subscription,
persistent sessions."""

import time

import pytest

from yingji.monitoring.models import DeadLetter, Reading
from yingji.monitoring.mqtt import source_of_topic
from yingji.monitoring.tests.factories import batch, now, setup_site
from yingji.monitoring.tests.mqtt_helpers import ConsumerThread, Publisher, mqtt_url, unique_root, wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def readings(n, start, point="LT-101", value=3.0):
    return [{"point": point, "value": value + (i % 7) / 100, "ts": start + i} for i in range(n)]


def test_topic_scheme():
    assert source_of_topic("yingji/monitoring", "yingji/monitoring/GW-1/readings") == "GW-1"
    assert source_of_topic("yingji/monitoring", "yingji/monitoring/a/b/readings") == ""
    assert source_of_topic("yingji/monitoring", "other/GW-1/readings") == ""


def test_batches_are_stored_and_malformed_messages_dead_lettered(tmp_path):
    url, root = mqtt_url(), unique_root()
    site = setup_site()
    code, token = site["source"].code, site["token"]
    consumer = ConsumerThread(url, root, tmp_path).start()
    publisher = Publisher(url, root)
    t = now() - 3000
    try:
        for k in range(10):
            publisher.publish(code, batch(code, token, readings(50, t + k * 50)))
        publisher.publish(code, b"{broken json")
        publisher.publish(code, batch(code, "wrong-token", readings(5, t)))
        publisher.publish(code, batch(code, token, [{"point": "LT-101", "value": "x", "ts": t}]))
        assert wait_until(lambda: Reading.objects.count() == 500 and DeadLetter.objects.count() == 3)
    finally:
        publisher.close()
        consumer.stop()
    assert set(DeadLetter.objects.values_list("reason_code", "door")) == {
        ("malformed", "mqtt"), ("bad_credentials", "mqtt"), ("not_numeric", "mqtt")}
    assert DeadLetter.objects.get(reason_code="malformed").topic.startswith(root)


def test_two_consumers_share_the_subscription(tmp_path):
    url, root = mqtt_url(), unique_root()
    site = setup_site()
    code, token = site["source"].code, site["token"]
    first = ConsumerThread(url, root, tmp_path / "a").start()
    second = ConsumerThread(url, root, tmp_path / "b").start()
    publisher = Publisher(url, root)
    t = now() - 3000
    try:
        for k in range(40):
            publisher.publish(code, batch(code, token, readings(20, t + k * 20)), wait=False)
        assert wait_until(lambda: Reading.objects.count() == 800)
    finally:
        publisher.close()
        first.stop()
        second.stop()
    a, b = first.consumer.stats.messages, second.consumer.stats.messages
    assert a + b == 40 and a > 0 and b > 0


def test_persistent_session_keeps_messages_while_the_consumer_is_away(tmp_path):
    url, root = mqtt_url(), unique_root()
    site = setup_site()
    code, token = site["source"].code, site["token"]
    client_id = f"persist-{root[-10:]}"
    consumer = ConsumerThread(url, root, tmp_path, client_id=client_id).start()
    consumer.stop()  # session stays on the broker with its subscription
    publisher = Publisher(url, root)
    t = now() - 3000
    try:
        for k in range(5):
            publisher.publish(code, batch(code, token, readings(10, t + k * 10)))
        assert Reading.objects.count() == 0
        again = ConsumerThread(url, root, tmp_path, client_id=client_id).start()
        try:
            assert wait_until(lambda: Reading.objects.count() == 50)
        finally:
            again.stop()
    finally:
        publisher.close()


def test_serve_starts_a_background_consumer(tmp_path, monkeypatch, settings):
    from yingji.monitoring.mqtt import start_background_consumer

    url, root = mqtt_url(), unique_root()
    monkeypatch.setenv("YINGJI_MQTT_TOPIC_ROOT", root)
    settings.VAR_DIR = tmp_path
    site = setup_site()
    code, token = site["source"].code, site["token"]
    consumer, stop, thread = start_background_consumer(url)
    assert consumer.root == root and consumer.connected.wait(10)
    time.sleep(0.3)  # the subscription is acknowledged
    publisher = Publisher(url, root)
    try:
        publisher.publish(code, batch(code, token, readings(10, now() - 100)))
        assert wait_until(lambda: Reading.objects.count() == 10)
    finally:
        publisher.close()
        stop.set()
        thread.join(20)
