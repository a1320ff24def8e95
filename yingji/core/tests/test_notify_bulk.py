"""The bulk path of notifications: queries that do not grow with the recipient count,
batched sending over kept-alive connections with bounded concurrency, retries with
backoff, and acknowledgement checks scheduled at the due time."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from yingji.core.events import timeline
from yingji.core.jobs import deliver_batch
from yingji.core.models import Delivery, Notification, User
from yingji.core.models.notifications import DeliveryStatus
from yingji.core.services.notifications import (
    MAX_ATTEMPTS,
    check_acknowledgements,
    notify,
    requeue_stale_deliveries,
    send_deliveries,
)
from yingji.core.testing import JIANGAN, make_department, make_user, system

pytestmark = pytest.mark.django_db


class KeepAlive(BaseHTTPRequestHandler):
    """An HTTP/1.1 gateway on loopback that keeps connections open, records which client
    connection carried each request and how many were in flight at once."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    lock = threading.Lock()
    bodies: list[dict[str, Any]] = []
    connections: set[tuple[str, int]] = set()
    in_flight = 0
    most_in_flight = 0
    status = 200
    pause = 0.0

    def do_POST(self) -> None:
        cls = type(self)
        with cls.lock:
            cls.in_flight += 1
            cls.most_in_flight = max(cls.most_in_flight, cls.in_flight)
            cls.connections.add(self.client_address)
        try:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode())
            time.sleep(cls.pause)
            with cls.lock:
                cls.bodies.append(body)
            payload = json.dumps({"code": 0, "errcode": 0, "id": f"m{len(cls.bodies)}"}).encode()
            self.send_response(cls.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        finally:
            with cls.lock:
                cls.in_flight -= 1

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def gateway(settings: Any) -> Iterator[str]:
    KeepAlive.bodies, KeepAlive.connections = [], set()
    KeepAlive.in_flight = KeepAlive.most_in_flight = 0
    KeepAlive.status, KeepAlive.pause = 200, 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), KeepAlive)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.SMS_GATEWAY_URL = base + "/sms"
    settings.WECOM_WEBHOOK_URL = base + "/wecom"
    yield base
    server.shutdown()
    server.server_close()


def people(count: int, start: int = 0) -> list[User]:
    users = [User(username=f"bulk{start + i}", phone=f"1380000{start + i:04d}", real_name=f"责任人{i}")
             for i in range(count)]
    return User.objects.bulk_create(users)


def queries_of(fn: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def test_notify_queries_do_not_grow_with_recipients(gateway, django_capture_on_commit_callbacks) -> None:
    subject = make_department("江岸区应急管理局", region_code=JIANGAN)
    boss = make_user("boss", roles=["duty_leader"], phone="13900000000")
    small, large = people(3), people(40, start=100)

    def send(to: list[User]) -> Any:
        return lambda: notify(to, title="暴雨红色预警", body="转移", obj=subject, actor=system(),
                              channels=["sms", "wecom"], requires_ack=True, escalation_chain=[boss])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        few, many = queries_of(send(small)), queries_of(send(large))
    assert few == many <= 6
    assert len(callbacks) == 2  # one after-commit step per call, not one per delivery
    assert Notification.objects.count() == 43
    assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 86
    note = Notification.objects.filter(recipient=large[0]).get()
    assert note.escalation_chain == [boss.pk] and note.ack_check_at == note.ack_due_at


def test_single_notification_is_unchanged(gateway, django_capture_on_commit_callbacks) -> None:
    person = make_user("single", roles=["duty_officer"], phone="13800009999")
    nobody = make_user("nophone", roles=["duty_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        notes = notify([person, nobody, person], title="值班提醒", body="今晚带班", actor=system(),
                       channels=["sms"])
    assert [n.recipient for n in notes] == [person, nobody]  # duplicates dropped, order kept
    assert all(n.pk for n in notes)
    sent = Delivery.objects.get(notification=notes[0])
    assert (sent.status, sent.attempts, sent.provider_id) == (DeliveryStatus.SENT, 1, "m1")
    assert Delivery.objects.get(notification=notes[1]).status == DeliveryStatus.SKIPPED
    assert [b["phone"] for b in KeepAlive.bodies] == ["13800009999"]


def test_batch_sends_with_bounded_concurrency_over_kept_alive_connections(
        settings, gateway, django_capture_on_commit_callbacks) -> None:
    settings.NOTIFY_CONCURRENCY = 3
    KeepAlive.pause = 0.02
    recipients = people(30)
    with django_capture_on_commit_callbacks(execute=False):
        notify(recipients, title="大风蓝色预警", actor=system(), channels=["sms", "wecom"])
    ids = list(Delivery.objects.values_list("pk", flat=True))
    result = send_deliveries(ids)
    assert set(result.statuses.values()) == {DeliveryStatus.SENT}
    assert len(KeepAlive.bodies) == 60
    assert 1 < KeepAlive.most_in_flight <= 3
    assert len(KeepAlive.connections) <= 3  # 60 messages over at most 3 reused connections
    assert not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists()
    # Sending again changes nothing and sends nothing.
    assert send_deliveries(ids).statuses == {}
    assert len(KeepAlive.bodies) == 60


def test_send_queries_do_not_grow_with_batch_size(gateway, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        notify(people(2), title="a", actor=system(), channels=["sms", "wecom"])
        notify(people(25, start=50), title="b", actor=system(), channels=["sms", "wecom"])
    few = list(Delivery.objects.filter(notification__title="a").values_list("pk", flat=True))
    many = list(Delivery.objects.filter(notification__title="b").values_list("pk", flat=True))
    assert queries_of(lambda: send_deliveries(few)) == queries_of(lambda: send_deliveries(many))


def test_gateway_outage_is_retried_with_backoff_then_given_up(settings, gateway,
                                                              django_capture_on_commit_callbacks) -> None:
    settings.NOTIFY_RETRY_DELAY = 30
    KeepAlive.status = 503
    with django_capture_on_commit_callbacks(execute=False):
        notify(people(4), title="暴雨预警", actor=system(), channels=["sms"])
    ids = list(Delivery.objects.values_list("pk", flat=True))
    HUEY.storage.flush_schedule()
    before = timezone.now()
    counts = deliver_batch.call_local(ids)
    assert counts == {DeliveryStatus.FAILED: 4}
    [retry] = [t for t in HUEY.scheduled() if t.name.endswith("deliver_batch")]
    assert sorted(retry.args[0]) == sorted(ids)
    wait = (retry.eta.replace(tzinfo=UTC) - before).total_seconds()
    assert 29 <= wait <= 32  # first retry after NOTIFY_RETRY_DELAY
    stored = Delivery.objects.first()
    assert stored is not None and stored.next_attempt_at is not None
    assert 29 <= (stored.next_attempt_at - before).total_seconds() <= 32
    assert deliver_batch.call_local(ids) == {}  # too early: nothing is sent again yet
    Delivery.objects.update(next_attempt_at=timezone.now())  # the wait has passed
    HUEY.storage.flush_schedule()
    deliver_batch.call_local(ids)  # second attempt: the wait doubles
    [retry] = [t for t in HUEY.scheduled() if t.name.endswith("deliver_batch")]
    assert 59 <= (retry.eta.replace(tzinfo=UTC) - before).total_seconds() <= 62
    HUEY.storage.flush_schedule()
    Delivery.objects.update(next_attempt_at=timezone.now())
    assert deliver_batch.call_local(ids) == {DeliveryStatus.GAVE_UP: 4}
    assert not HUEY.scheduled()
    rows = list(Delivery.objects.all())
    assert all(d.attempts == MAX_ATTEMPTS and "503" in d.last_error for d in rows)
    assert all(d.next_attempt_at is None for d in rows)


def test_lost_jobs_are_requeued_and_a_claim_is_exclusive(gateway,
                                                         django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False):  # the queueing step is lost
        notify(people(3), title="暴雨预警", actor=system(), channels=["sms"])
    assert requeue_stale_deliveries() == 0  # not stale yet
    assert not KeepAlive.bodies
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=6))  # time passes
    assert requeue_stale_deliveries() == 3  # runs the batch job (immediate in tests)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(KeepAlive.bodies) == 3
    assert requeue_stale_deliveries(timezone.now() + timedelta(minutes=60)) == 0  # sent: left alone
    # A delivery held by a running job (claimed) is not sent by a second job meanwhile,
    # and comes due again only when the claim lapses (the job died).
    with django_capture_on_commit_callbacks(execute=False):
        [note] = notify(people(1, start=50), title="大风预警", actor=system(), channels=["sms"])
    held = Delivery.objects.get(notification=note)
    lease_end = timezone.now() + timedelta(minutes=10)
    Delivery.objects.filter(pk=held.pk).update(next_attempt_at=lease_end)
    assert send_deliveries([held.pk]).statuses == {}
    assert requeue_stale_deliveries(lease_end + timedelta(minutes=4)) == 0
    Delivery.objects.filter(pk=held.pk).update(  # the job died; the lease lapsed long ago
        next_attempt_at=timezone.now() - timedelta(minutes=6))
    assert requeue_stale_deliveries() == 1
    held.refresh_from_db()
    assert held.status == DeliveryStatus.SENT and held.attempts == 1


def test_unexpected_adapter_error_marks_the_delivery(settings, gateway, monkeypatch,
                                                     django_capture_on_commit_callbacks) -> None:
    from yingji.core.channels import CHANNELS

    def broken(address: str, message: Any) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(CHANNELS["wecom"], "send", broken)
    with django_capture_on_commit_callbacks(execute=False):
        notify(people(3), title="t", actor=system(), channels=["sms", "wecom"])
    send_deliveries(list(Delivery.objects.values_list("pk", flat=True)))
    assert set(Delivery.objects.filter(channel="sms").values_list("status", flat=True)) == {"sent"}
    failed = list(Delivery.objects.filter(channel="wecom"))
    assert all(d.status == DeliveryStatus.FAILED and "boom" in d.last_error for d in failed)


def test_acknowledgement_check_is_scheduled_at_the_due_time(django_capture_on_commit_callbacks) -> None:
    HUEY.storage.flush_schedule()
    person = make_user("p1", roles=["duty_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        [note] = notify([person], title="t", actor=system(), requires_ack=True,
                        ack_within=timedelta(minutes=10))
    checks = [t for t in HUEY.scheduled() if t.name.endswith("check_acknowledgements_due")]
    assert len(checks) == 1
    eta = checks[0].eta.replace(tzinfo=UTC)
    assert timedelta(0) <= eta - note.ack_due_at < timedelta(seconds=1)
    assert checks[0].priority == 100  # ahead of queued deliveries


def test_escalation_queries_do_not_grow_and_finished_calls_leave_the_due_set(
        django_capture_on_commit_callbacks) -> None:
    subject = make_department("江岸区应急管理局", region_code=JIANGAN)
    town = make_user("town", roles=["duty_leader"], phone="13900000001")
    county = make_user("county", roles=["duty_leader"], phone="13900000002")
    few, many = people(3), people(30, start=100)
    with django_capture_on_commit_callbacks(execute=False):
        for group in (few, many):
            notify(group, title="暴雨红色预警", obj=subject, actor=system(), requires_ack=True,
                   ack_within=timedelta(minutes=10), escalation_chain=[town, county],
                   channels=["sms"])
    ids = {tuple(u.pk for u in group): group for group in (few, many)}
    counts = []
    now = timezone.now() + timedelta(minutes=11)
    for group in ids.values():
        # Only this group is due: the other's calls are answered for the measurement.
        others = Notification.objects.filter(requires_ack=True).exclude(recipient__in=group)
        saved = list(others.values_list("pk", "ack_check_at"))
        others.update(ack_check_at=None)
        Notification.objects.filter(recipient__in=group).update(renotify_count=1)
        with django_capture_on_commit_callbacks(execute=False):
            counts.append(queries_of(lambda: check_acknowledgements(now)))
        for pk, at in saved:
            Notification.objects.filter(pk=pk).update(ack_check_at=at)
    assert counts[0] == counts[1]
    assert Notification.objects.filter(recipient=town).count() == 33
    ups = timeline(subject)
    assert sum(e.event_type == "notification.escalated" for e in ups) == 33
    # Second level, then nothing is left: the calls stop being looked at.
    with django_capture_on_commit_callbacks(execute=False):
        assert check_acknowledgements(now + timedelta(minutes=11)).escalated == 33
        assert check_acknowledgements(now + timedelta(minutes=22)).escalated == 0
    assert not Notification.objects.filter(ack_check_at__isnull=False).exists()
    assert Notification.objects.filter(recipient=county).count() == 33


def test_city_wide_notify_stores_complete_rows(gateway, django_capture_on_commit_callbacks) -> None:
    """600 recipients: on PostgreSQL the rows go in by COPY with ids from the sequence."""
    subject = make_department("江岸区应急管理局", region_code=JIANGAN)
    boss = make_user("boss", roles=["duty_leader"], phone="13900000000")
    recipients = people(600)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notes = notify(recipients, title="暴雨红色预警", body="转移", obj=subject, actor=system(),
                       channels=["sms", "wecom"], requires_ack=True,
                       escalation_chains={recipients[0].pk: [boss]})
    assert len(callbacks) == 1
    stored = {n.pk: n for n in Notification.objects.filter(title="暴雨红色预警")}
    assert sorted(stored) == sorted(n.pk for n in notes) and len(stored) == 600
    first = stored[notes[0].pk]
    assert first.recipient_id == recipients[0].pk and first.escalation_chain == [boss.pk]
    assert stored[notes[1].pk].escalation_chain == []
    assert first.channels == ["sms", "wecom"] and first.created_at is not None
    assert first.object_id == str(subject.pk) and first.ack_check_at == first.ack_due_at
    deliveries = Delivery.objects.filter(notification__title="暴雨红色预警")
    assert deliveries.count() == 1200
    assert set(deliveries.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    assert deliveries.get(notification=first, channel="sms").address == recipients[0].phone
    # New rows after a COPY still get fresh ids from the same sequence.
    [after] = notify([boss], title="later", actor=system())
    assert after.pk > max(stored)


def test_a_queue_outage_after_commit_does_not_fail_the_caller(monkeypatch, gateway,
                                                             django_capture_on_commit_callbacks) -> None:
    from yingji.core.services.notifications import sending

    def down(ids: list[int]) -> None:
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(sending, "_enqueue", down)
    with django_capture_on_commit_callbacks(execute=True):
        [note] = notify(people(1), title="暴雨预警", actor=system(), channels=["sms"])
    delivery = Delivery.objects.get(notification=note)
    assert delivery.status == DeliveryStatus.PENDING  # kept, visible, and swept up later
    monkeypatch.undo()
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=6))
    assert requeue_stale_deliveries() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_redis_bus_publishes_a_batch_in_one_pipeline() -> None:
    import redis

    from yingji.core import live
    from yingji.core.testing import redis_url

    channel = "yingji:test-delivery-batch"
    listener = redis.Redis.from_url(redis_url()).pubsub()
    listener.subscribe(channel)
    confirmed = listener.get_message(timeout=2)
    assert confirmed is not None and confirmed["type"] == "subscribe"
    bus = live.RedisBus(redis_url(), channel)
    messages = [{"type": "notification", "user": i, "title": "暴雨预警"} for i in range(3)]
    assert bus.publish_many(messages) == 3  # one subscriber got each of the three
    got = []
    for _ in messages:
        raw = listener.get_message(ignore_subscribe_messages=True, timeout=2)
        assert raw is not None
        got.append(json.loads(raw["data"]))
    listener.close()
    assert got == messages
