"""Publishing one red warning to 20,000 responsible persons through the SMS gateway and
WeCom robot adapters against local receivers on loopback: time until every delivery is
queued, until every one is delivered, and how late escalations fire after their due time.

Baselines from the same run: a raw ``bulk_create`` of the same Notification and Delivery
rows (no audit, events or chains) for queuing; for escalation, the production schedule
(huey crontab once a minute) is analytic: 0–60 s late, 30 s on average.

Deliveries are carried by ``WORKERS`` threads standing in for the huey consumer (the
enqueue hook pushes ids onto an in-process queue). Run:
``YINGJI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yingji_bench .venv/bin/python -m
bench.warnings [people] [workers] [escalations]``.
"""

from __future__ import annotations

import json
import queue
import statistics
import sys
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bench.harness import report, setup_django, teardown_django


class Receiver(BaseHTTPRequestHandler):
    """SMS gateway and robot webhook on loopback: counts and answers success."""

    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stalls
    count = 0
    lock = threading.Lock()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        with type(self).lock:
            type(self).count += 1
        payload = json.dumps({"code": 0, "errcode": 0, "id": "x"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        return


def main(people: int = 20_000, workers: int = 32, escalations: int = 1_000) -> None:
    connection = setup_django()
    try:
        run(connection, people, workers, escalations)
    finally:
        teardown_django(connection)


def run(connection: Any, people: int, workers: int, escalations: int) -> None:
    from django.conf import settings
    from django.db import connections

    from yingji.core.services import notifications

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.SMS_GATEWAY_URL = base + "/sms"
    settings.WECOM_WEBHOOK_URL = base + "/wecom"
    settings.DINGTALK_WEBHOOK_URL = ""
    settings.EMAIL_HOST = ""

    jobs: queue.Queue[int] = queue.Queue()
    notifications._enqueue = jobs.put  # type: ignore[assignment]  # the huey hook

    def worker() -> None:
        while True:
            pk = jobs.get()
            if pk < 0:  # stop: release this thread's database connection
                connections.close_all()
                jobs.task_done()
                return
            try:
                for attempt in range(3):  # the job's retries
                    try:
                        notifications.send_delivery(pk)
                        break
                    except notifications.ChannelError:
                        time.sleep(0.1 * (attempt + 1))
                    except Exception as exc:  # keep the worker alive; the row stays visible
                        print(f"delivery {pk}: {exc!r}", file=sys.stderr)
                        break
            finally:
                jobs.task_done()

    for _ in range(workers):
        threading.Thread(target=worker, daemon=True).start()
    try:
        measure(people, workers, escalations, jobs, vendor=getattr(connection, "vendor", "?"))
    finally:
        for _ in range(workers):
            jobs.put(-1)
        jobs.join()
        server.shutdown()


def measure(people: int, workers: int, escalations: int, jobs: queue.Queue[int], *,
            vendor: str) -> None:
    from django.db import connections, transaction
    from django.db.models import Count
    from django.utils import timezone

    from yingji.core.actor import Actor
    from yingji.core.models import Delivery, DomainEvent, Notification, Region, User
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
    bulletin = bulletins.fire(bulletin, "submit", actor=actor)

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

    Receiver.count = 0
    started = time.perf_counter()
    bulletin = bulletins.fire(bulletin, "publish", actor=actor)  # commits, then enqueues
    queued_time = time.perf_counter() - started
    total = Delivery.objects.filter(notification__object_id=str(bulletin.pk)).count()
    jobs.join()
    delivered_time = time.perf_counter() - started
    statuses = dict(Delivery.objects.filter(notification__object_id=str(bulletin.pk))
                    .values_list("status").annotate(n=Count("id")))
    recipients = Notification.objects.filter(object_id=str(bulletin.pk), requires_ack=True).count()

    # Escalation accuracy: ``escalations`` silent village heads (already re-sent once) fall
    # due 5 s from now; a ticker runs the check every second, as a sub-minute scheduler would.
    sample = list(Notification.objects.filter(object_id=str(bulletin.pk), requires_ack=True)
                  .exclude(escalation_chain=[]).order_by("id").values_list("pk", flat=True)[:escalations])
    Notification.objects.filter(object_id=str(bulletin.pk)).exclude(pk__in=sample).update(
        acked_at=timezone.now(), ack_via="web")
    due = timezone.now() + timedelta(seconds=5)
    Notification.objects.filter(pk__in=sample).update(renotify_count=1, ack_due_at=due)
    stop = threading.Event()

    def ticker() -> None:
        while not stop.is_set():
            notifications.check_acknowledgements()
            stop.wait(1.0)
        connections.close_all()

    tick = threading.Thread(target=ticker)
    tick.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if Notification.objects.filter(pk__in=sample, escalation_level__gte=1).count() == len(sample):
            break
        time.sleep(0.5)
    stop.set()
    tick.join()
    jobs.join()
    late = sorted((e.time - due).total_seconds() for e in DomainEvent.objects.filter(
        event_type="notification.escalated", object_id=str(bulletin.pk)))

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")

    report(f"red warning to {recipients:,} people, {workers} delivery workers, {vendor}", [
        ("contact accounts created (first call)", f"{contacts_time:.2f} s"),
        ("deliveries (SMS + WeCom)", f"{total:,}; {statuses}"),
        ("receiver got", f"{Receiver.count:,} requests"),
        ("publish → all queued", f"{queued_time:.2f} s"),
        ("baseline: raw bulk_create of the same rows", f"{baseline_time:.2f} s"),
        ("publish → all delivered", f"{delivered_time:.2f} s"),
        ("delivery rate", f"{total / max(delivered_time, 1e-9):,.0f} /s"),
        (f"escalations ({len(late)}) late vs due, p50",
         f"{statistics.median(late) if late else float('nan'):.2f} s"),
        ("escalations late, p95", f"{pct(late, 0.95):.2f} s"),
        ("escalations late, max", f"{late[-1] if late else float('nan'):.2f} s"),
        ("baseline: huey crontab each minute", "0–60 s late (30 s mean)"),
    ])
    assert Bulletin.objects.get(pk=bulletin.pk).state == "published"


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
