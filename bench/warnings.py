"""Publishing one red warning to 20,000 responsible persons through the SMS gateway and
WeCom robot adapters against local receivers on loopback: time until every delivery is
queued, until every one is delivered, and how late escalations fire after their due time.

Baselines from the same run: a raw ``bulk_create`` of the same Notification and Delivery
rows (no audit, events, chains or queueing) for queuing; the gateway's own capacity (the
same number of POSTs sent straight from a pool of kept-alive connections, no database)
for delivery; for escalation, a once-a-minute crontab is analytic (0–60 s late).

Deliveries and checks run in a real Huey consumer started in this process on the
embedded queue (SqliteHuey in a throw-away var directory), with the production consumer
settings (2 worker threads, 1 s scheduler, idle polling at most 1 s apart). Run:
``YINGJI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yingji_bench .venv/bin/python -m
bench.warnings [people] [escalations]``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bench.harness import report, setup_django, teardown_django


class Receiver(BaseHTTPRequestHandler):
    """SMS gateway and robot webhook on loopback: counts and answers success."""

    protocol_version = "HTTP/1.1"  # keeps connections open, as real gateways do
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stalls
    counter: Any = None

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        with type(self).counter.get_lock():
            type(self).counter.value += 1
        payload = json.dumps({"code": 0, "errcode": 0, "id": "x"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        return


def serve_receiver(counter: Any, port: Any) -> None:
    """The receiver runs in its own process: it stands for a remote gateway and must not
    share the interpreter lock with the code under test."""
    Receiver.counter = counter
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.daemon_threads = True
    port.value = server.server_address[1]
    server.serve_forever()


def main(people: int = 20_000, escalations: int = 1_000) -> None:
    os.environ.setdefault("YINGJI_VAR_DIR", tempfile.mkdtemp(prefix="yingji-bench-"))
    spawn = multiprocessing.get_context("spawn")
    counter, port = spawn.Value("l", 0), spawn.Value("l", 0)
    receiver = spawn.Process(target=serve_receiver, args=(counter, port), daemon=True)
    receiver.start()
    while not port.value:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port.value}"
    prepare_sqlite_file()
    connection = setup_django()
    worker = None
    try:
        worker = start_worker(connection, base)
        run(connection, people, escalations, base, counter, in_process=worker is None)
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGINT)  # huey: finish the running task, then stop
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
        receiver.terminate()
        teardown_django(connection)


def prepare_sqlite_file() -> None:
    """On SQLite, test on a database file (WAL, as the embedded default runs) rather than
    Django's in-memory test database, whose shared cache locks whole tables."""
    import django
    from django.db import connections

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings")
    os.environ.setdefault("YINGJI_DEBUG", "1")
    django.setup()
    database = connections.settings["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = os.path.join(os.environ["YINGJI_VAR_DIR"],
                                                               "bench.sqlite3")


def start_worker(connection: Any, base: str) -> subprocess.Popen[bytes] | None:
    """On PostgreSQL, the production topology: a separate ``yingji worker`` process (2
    threads) on the same queue and test database. On SQLite (in-memory test database)
    the consumer runs as threads of this process instead."""
    if connection.vendor != "postgresql":
        return None
    url = os.environ["YINGJI_DATABASE_URL"]
    test_url = url.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    env = {**os.environ, "YINGJI_DATABASE_URL": test_url, "YINGJI_DEBUG": "1",
           "YINGJI_SMS_URL": base + "/sms", "YINGJI_WECOM_WEBHOOK": base + "/wecom",
           "YINGJI_DINGTALK_WEBHOOK": "", "YINGJI_SMTP_HOST": ""}
    command = [os.path.join(os.path.dirname(sys.executable), "yingji"), "worker"]
    log = open(os.path.join(os.environ["YINGJI_VAR_DIR"], "worker.log"), "ab")  # noqa: SIM115
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def run(connection: Any, people: int, escalations: int, base: str, counter: Any, *,
        in_process: bool) -> None:
    from django.conf import settings
    from django.db import connections
    from huey.contrib.djhuey import HUEY

    import yingji.config.urls  # noqa: F401  # a serving process has its URLconf loaded

    settings.SMS_GATEWAY_URL = base + "/sms"
    settings.WECOM_WEBHOOK_URL = base + "/wecom"
    settings.DINGTALK_WEBHOOK_URL = ""
    settings.EMAIL_HOST = ""
    options = dict(settings.HUEY.get("consumer", {}))
    consumer = None
    if in_process:
        connections.settings["default"]["CONN_MAX_AGE"] = 0  # workers close after each task
        consumer = HUEY.create_consumer(periodic=True, check_worker_health=False, **options)
        consumer.scheduler.start()  # as ``yingji serve`` does: no signal handlers here
        for _, thread in consumer.worker_threads:
            thread.start()
    try:
        measure(people, escalations, base, counter, vendor=getattr(connection, "vendor", "?"),
                workers=int(options.get("workers", 1)), topology="threads of the bench process"
                if in_process else "a separate `yingji worker` process")
    finally:
        if consumer is not None:
            consumer.stop(graceful=True)


def gateway_capacity(base: str, count: int, concurrency: int) -> float:
    """Seconds for ``count`` POSTs to the receiver over a pool of kept-alive
    connections with ``concurrency`` threads: what the gateway and HTTP cost alone."""
    import urllib3

    pool = urllib3.PoolManager(maxsize=concurrency)
    body = json.dumps({"phone": "13800000000", "content": "【暴雨红色预警】" + "测" * 120}).encode()
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as senders:
        list(senders.map(lambda _: pool.request("POST", base + "/sms", body=body).status,
                         range(count)))
    return time.perf_counter() - started


def measure(people: int, escalations: int, base: str, counter: Any, *, vendor: str, workers: int,
            topology: str) -> None:
    from django.conf import settings
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from yingji.core.actor import Actor
    from yingji.core.models import Delivery, DomainEvent, Notification, Region, User
    from yingji.core.models.notifications import DeliveryStatus
    from yingji.core.services import notifications
    from yingji.core.services.regions import import_regions
    from yingji.warnings.models import Bulletin, DutyRole, ResponsiblePerson, Tier, WarningType
    from yingji.warnings.services import bulletins
    from yingji.warnings.services.directory import ensure_contacts

    actor = Actor.system("bench")
    import_regions(["4201"], actor=actor)
    streets = list(Region.objects.filter(code__startswith="4201", level=4).order_by("code"))
    villages = list(Region.objects.filter(code__startswith="4201", level=5).order_by("code"))
    counties = list(Region.objects.filter(code__startswith="4201", level=3).order_by("code"))
    rows = [ResponsiblePerson(name=f"县级{i}", phone=f"138{i:08d}", region=c,
                              role=DutyRole.SANFANG_COUNTY, tier=Tier.COUNTY)
            for i, c in enumerate(counties)]
    rows += [ResponsiblePerson(name=f"镇级{i}", phone=f"137{i:08d}", region=s,
                               role=DutyRole.SANFANG_TOWN, tier=Tier.TOWN)
             for i, s in enumerate(streets)]
    rows += [ResponsiblePerson(name=f"村级{i}", phone=f"139{i:08d}", region=villages[i % len(villages)],
                               role=DutyRole.SANFANG_VILLAGE, tier=Tier.VILLAGE)
             for i in range(people - len(rows))]
    ResponsiblePerson.objects.bulk_create(rows, batch_size=2000)
    started = time.perf_counter()
    ensure_contacts(list(ResponsiblePerson.objects.all()))
    contacts_time = time.perf_counter() - started
    wuhan = Region.objects.get(code="420100000000")
    now = timezone.now()
    bulletin = bulletins.create_bulletin({
        "warning_type": WarningType.objects.get(code="rainstorm"), "level": "red",
        "region": wuhan, "target_regions": [wuhan], "effective_at": now,
        "expires_at": now + timedelta(hours=6), "content": "全市3小时降雨量将达100毫米以上",
        "measures": "停课停工停运，转移危险区域人员", "issuer": "武汉市应急管理局",
        "ack_within_minutes": 30}, actor=actor)
    bulletin = bulletins.submit_bulletin(bulletin, actor=actor)

    # Baseline: the same rows by raw bulk_create (no audit, events, chains or enqueue).
    users = list(User.objects.filter(username__startswith="contact-").values_list("pk", flat=True))
    started = time.perf_counter()
    with transaction.atomic():
        notes = Notification.objects.bulk_create(
            [Notification(recipient_id=u, title="baseline", requires_ack=True) for u in users],
            batch_size=2000)
        Delivery.objects.bulk_create(
            [Delivery(notification=n, channel=c, address="x", status="skipped")
             for n in notes for c in ("sms", "wecom")], batch_size=4000)
    baseline_time = time.perf_counter() - started
    Notification.objects.filter(title="baseline").delete()
    # Baseline: the gateway alone, as many POSTs as deliveries, same concurrency.
    capacity_time = gateway_capacity(base, 2 * len(users), settings.NOTIFY_CONCURRENCY)

    counter.value = 0
    mine = Delivery.objects.filter(notification__object_type="warnings.bulletin",
                                   notification__object_id=str(bulletin.pk))
    started = time.perf_counter()
    bulletin = bulletins.publish_bulletin(bulletin, actor=actor)  # commits, then enqueues
    queued_time = time.perf_counter() - started
    total = mine.count()
    open_statuses = [DeliveryStatus.PENDING, DeliveryStatus.FAILED]
    deadline = time.monotonic() + 900
    while mine.filter(status__in=open_statuses).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    delivered_time = time.perf_counter() - started
    statuses = dict(mine.values_list("status").annotate(n=Count("id")))
    recipients = Notification.objects.filter(object_id=str(bulletin.pk), requires_ack=True).count()

    # Escalation accuracy: ``escalations`` silent village heads (already re-sent once)
    # fall due over ten seconds starting 5 s from now; the checks are scheduled the way
    # the service schedules them, and the consumer runs them.
    sample = list(Notification.objects.filter(object_id=str(bulletin.pk), requires_ack=True)
                  .exclude(escalation_chain=[]).order_by("id").values_list("pk", flat=True)[:escalations])
    Notification.objects.filter(object_id=str(bulletin.pk)).exclude(pk__in=sample).update(
        acked_at=timezone.now(), ack_via="web", ack_check_at=None)
    start_due = timezone.now() + timedelta(seconds=5)
    due_of: dict[int, Any] = {}
    for index, pk in enumerate(sample):
        due_of[pk] = start_due + timedelta(seconds=index % 10, milliseconds=137 * (index % 7))
    with transaction.atomic():
        for second in range(10):
            for ms in range(7):
                group = [pk for i, pk in enumerate(sample) if i % 10 == second and i % 7 == ms]
                if group:
                    Notification.objects.filter(pk__in=group).update(
                        renotify_count=1, ack_due_at=due_of[group[0]], ack_check_at=due_of[group[0]])
        transaction.on_commit(lambda: notifications.schedule_ack_checks(set(due_of.values())))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if Notification.objects.filter(pk__in=sample, escalation_level__gte=1).count() == len(sample):
            break
        time.sleep(0.2)
    late = sorted((e.time - due_of[e.data["notification"]]).total_seconds()
                  for e in DomainEvent.objects.filter(event_type="notification.escalated",
                                                      object_id=str(bulletin.pk)))
    escalated_deliveries = Delivery.objects.filter(notification__title__startswith="未叫应上报")
    deadline = time.monotonic() + 120
    while escalated_deliveries.filter(status__in=open_statuses).exists() and time.monotonic() < deadline:
        time.sleep(0.2)

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")

    report(f"red warning to {recipients:,} people, huey consumer ({topology}) with {workers} workers, "
           f"{settings.NOTIFY_CONCURRENCY} sender threads, batches of {settings.NOTIFY_BATCH_SIZE}, "
           f"{vendor}", [
        ("contact accounts created (first call)", f"{contacts_time:.2f} s"),
        ("deliveries (SMS + WeCom)", f"{total:,}; {statuses}"),
        ("receiver got", f"{counter.value:,} requests"),
        ("publish → all queued", f"{queued_time:.2f} s"),
        ("baseline: raw bulk_create of the same rows", f"{baseline_time:.2f} s"),
        ("publish → all delivered", f"{delivered_time:.2f} s"),
        ("delivery rate", f"{total / max(delivered_time, 1e-9):,.0f} /s"),
        ("baseline: the same number of POSTs alone", f"{capacity_time:.2f} s"),
        (f"escalations ({len(late)}) late vs due, p50",
         f"{statistics.median(late) if late else float('nan'):.2f} s"),
        ("escalations late, p95", f"{pct(late, 0.95):.2f} s"),
        ("escalations late, max", f"{late[-1] if late else float('nan'):.2f} s"),
        ("escalation messages delivered", f"{escalated_deliveries.filter(status='sent').count():,}"),
        ("baseline: huey crontab each minute", "0–60 s late (30 s mean)"),
    ])
    assert Bulletin.objects.get(pk=bulletin.pk).state == "published"
    assert len(late) == len(sample), "some escalations did not fire"


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
