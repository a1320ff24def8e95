"""The MQTT door against the real broker: batches, dead letters, members sharing the
stream by slots, the shared-subscription alternative, persistent sessions."""

import time

import pytest

from yingji.monitoring.ingest.mqtt import member_subscriptions, parse_member, readings_topic, source_of_topic
from yingji.monitoring.models import DeadLetter, Reading
from yingji.monitoring.tests.factories import batch, now, setup_site
from yingji.monitoring.tests.mqtt_helpers import ConsumerThread, Publisher, mqtt_url, unique_root, wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def readings(n, start, point="LT-101", value=3.0):
    return [{"point": point, "value": value + (i % 7) / 100, "ts": start + i} for i in range(n)]


def test_topic_scheme():
    root = "yingji/monitoring"
    # The slot is CRC-32 of the code modulo 16: zlib.crc32(b"GW-1") % 16 == 8.
    assert readings_topic(root, "GW-1") == "yingji/monitoring/08/GW-1/readings"
    assert source_of_topic(root, "yingji/monitoring/08/GW-1/readings") == ("GW-1", "")
    code, problem = source_of_topic(root, "yingji/monitoring/03/GW-1/readings")
    assert code == "GW-1" and "yingji/monitoring/08/GW-1/readings" in problem
    # The scheme before slots: the gateway is told its new topic.
    code, problem = source_of_topic(root, "yingji/monitoring/GW-1/readings")
    assert code == "GW-1" and "主题格式已更新" in problem and "yingji/monitoring/08/GW-1/readings" in problem
    assert source_of_topic(root, "yingji/monitoring/08/a/b/readings") == ("", "")
    assert source_of_topic(root, "other/08/GW-1/readings") == ("", "")


def test_members_cover_every_slot_once():
    layout = [topic for k in range(3) for topic in member_subscriptions("r", k, 3)]
    assert sorted(layout) == sorted([f"r/{s:02d}/+/readings" for s in range(16)] + ["r/+/readings"])
    assert member_subscriptions("r", 1, 2) == [f"r/{s:02d}/+/readings" for s in range(1, 16, 2)]
    assert member_subscriptions("r", 0, 2)[-1] == "r/+/readings"  # the old scheme, for dead letters
    assert parse_member("1/2") == (1, 2)
    for bad in ("2/2", "1", "a/b", "0/17", "-1/2"):
        with pytest.raises(ValueError, match="成员编号"):
            parse_member(bad)


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


def test_two_members_split_the_stream_by_slot(tmp_path):
    url, root = mqtt_url(), unique_root()
    even, odd = setup_site(1), setup_site(4)  # GW-1 is in slot 8, GW-4 in slot 7
    first = ConsumerThread(url, root, tmp_path / "a", member=(0, 2)).start()
    second = ConsumerThread(url, root, tmp_path / "b", member=(1, 2)).start()
    publisher = Publisher(url, root)
    t = now() - 3000
    try:
        for k in range(20):
            for site in (even, odd):
                code = site["source"].code
                publisher.publish(code, batch(code, site["token"], readings(20, t + k * 20)), wait=False)
        misrouted = batch("GW-1", even["token"], readings(1, t))
        publisher.client.publish(f"{root}/03/GW-1/readings", misrouted, qos=1)
        publisher.client.publish(f"{root}/GW-4/readings", batch("GW-4", odd["token"], readings(1, t)), qos=1)
        assert wait_until(lambda: Reading.objects.count() == 800 and DeadLetter.objects.count() == 2)
    finally:
        publisher.close()
        first.stop()
        second.stop()
    # Each member received its own slots only: GW-1's 20 messages and the misrouted one
    # (slot 3 is odd) went to different members.
    # Member 0 also took the message on the old topic scheme (member 1 the misrouted one).
    assert (first.consumer.stats.messages, second.consumer.stats.messages) == (21, 21)
    dead = DeadLetter.objects.get(topic=f"{root}/03/GW-1/readings")
    assert dead.reason_code == "wrong_topic" and f"{root}/08/GW-1/readings" in dead.reason
    # Its credentials were right: filed under its enterprise, with the token masked.
    assert dead.enterprise_id == even["enterprise"].pk and even["token"] not in dead.payload
    old = DeadLetter.objects.get(topic=f"{root}/GW-4/readings")
    assert old.reason_code == "wrong_topic" and f"{root}/07/GW-4/readings" in old.reason
    assert old.enterprise_id == odd["enterprise"].pk


def test_two_consumers_on_a_shared_subscription(tmp_path):
    url, root = mqtt_url(), unique_root()
    site = setup_site()
    code, token = site["source"].code, site["token"]
    first = ConsumerThread(url, root, tmp_path / "a", shared=True).start()
    second = ConsumerThread(url, root, tmp_path / "b", shared=True).start()
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
    from yingji.monitoring.ingest.mqtt import start_background_consumer

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


def test_hostile_messages_become_dead_letters_and_the_stream_goes_on(tmp_path):
    """A NUL byte (PostgreSQL text refuses it), JSON nested beyond any reason and a lone
    surrogate in a point code: each is a dead letter, and valid readings keep flowing."""
    url, root = mqtt_url(), unique_root()
    site = setup_site()
    code, token = site["source"].code, site["token"]
    consumer = ConsumerThread(url, root, tmp_path).start()
    publisher = Publisher(url, root)
    t = now() - 3000
    try:
        publisher.publish(code, b"\x00")
        publisher.publish(code, b"[" * 100_000)
        hostile = '{"token": "TOKEN", "readings": [{"point": "LT-\\ud800\\u0000", "value": 1, "ts": TS}]}'
        publisher.publish(code, hostile.replace("TOKEN", token).replace("TS", str(t)).encode())
        publisher.publish(code, batch(code, token, readings(30, t)))
        assert wait_until(lambda: Reading.objects.count() == 30 and DeadLetter.objects.count() == 3)
    finally:
        publisher.close()
        consumer.stop()
    assert consumer.consumer.stats.spooled_batches == 0
    reasons = dict(DeadLetter.objects.values_list("reason_code", "payload"))
    assert set(reasons) == {"malformed", "unknown_point"}
    assert all("\x00" not in p for p in reasons.values())


def test_a_message_that_breaks_the_pipeline_is_set_aside(tmp_path, monkeypatch):
    """An unforeseen failure in one message (here a fault injected into parsing) does not
    hold up the batch: the others are stored, that one is kept as a dead letter."""
    from yingji.monitoring.ingest import validation

    url, root = mqtt_url(), unique_root()
    site = setup_site()
    code, token = site["source"].code, site["token"]
    real = validation.parse_message

    def faulty(raw, limits):
        if b"poison" in raw:
            raise RuntimeError("unforeseen")
        return real(raw, limits)

    monkeypatch.setattr(validation, "parse_message", faulty)
    publisher = Publisher(url, root)
    t = now() - 3000
    consumer = ConsumerThread(url, root, tmp_path, max_batch=10)
    try:
        consumer.consumer.start()
        assert consumer.consumer.connected.wait(10)
        time.sleep(0.3)
        for k in range(4):  # all in one batch: published before the consumer runs
            publisher.publish(code, batch(code, token, readings(10, t + k * 10)))
        publisher.publish(code, batch(code, token, readings(1, t), note="poison"))
        time.sleep(0.5)
        consumer.thread.start()
        assert wait_until(lambda: Reading.objects.count() == 40 and DeadLetter.objects.count() == 1)
    finally:
        publisher.close()
        consumer.stop()
    dead = DeadLetter.objects.get()
    assert dead.reason_code == "unprocessable" and "RuntimeError" in dead.reason
    assert token not in dead.payload and '"token": "***"' in dead.payload
    assert consumer.consumer.stats.quarantined == 1 and consumer.consumer.stats.spooled_batches == 0
