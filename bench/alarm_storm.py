"""Alarm storm: 5,000 points cross their threshold in one ingest batch while another
user keeps making audited writes on another connection. Prints the batch's time and how
long the other user's writes waited (the audit chain is one locked row).

Three batches on the same points: all cross (5,000 new alarms and their combination
alarms), all back to normal (recoveries), all cross again (repeats of the open alarms).
During each batch a supervisor edits an enterprise through the core service
(``update_object``: one audited write) back to back on its own thread; every write's
time is recorded, the longest is the wait.

PostgreSQL only; the bench creates and drops the database ``yingji_bench_storm``.

Run: ``.venv/bin/python -m bench.alarm_storm [enterprises] [points per enterprise]``
(default 50 × 100 = 5,000 points).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import threading
import time
from typing import Any

from bench.harness import report

DATABASE = "yingji_bench_storm"
os.environ.setdefault("YINGJI_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DATABASE}")


def setup() -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings")
    os.environ.setdefault("YINGJI_DEBUG", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # Throw-away accounts: a cheap hasher keeps the set-up short.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    if connection.vendor != "postgresql":
        raise SystemExit("the alarm storm bench runs on PostgreSQL (YINGJI_DATABASE_URL)")
    connection.settings_dict["TEST"]["NAME"] = DATABASE  # the bench's own, created and dropped
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection


def _pipeline() -> tuple[Any, Any]:
    import importlib

    try:
        module = importlib.import_module("yingji.monitoring.ingest.pipeline")
    except ImportError:  # the layout before monitoring/ingest/ (to measure the old code)
        module = importlib.import_module("yingji.monitoring.pipeline")
    return module.Incoming, module.Pipeline


def build(enterprises: int, points: int) -> tuple[list[tuple[str, str, list[str]]], Any, Any]:
    """Enterprises with one object, ``points`` level points (alarm on the first reading)
    and one member account each; a district supervisor who edits them."""
    from yingji.core.actor import Actor
    from yingji.core.models import Region
    from yingji.core.services.regions import import_regions
    from yingji.core.testing import make_user
    from yingji.enterprises import rules as enterprise_rules
    from yingji.enterprises.models import Enterprise, EnterpriseMember
    from yingji.monitoring.models import MeasurementPoint, MonitoredObject
    from yingji.monitoring.services.sources import create_source

    actor = Actor.system("bench")
    import_regions(["4201"], actor=actor)
    streets = list(Region.objects.subtree("420102").filter(level=4).values_list("code", flat=True))
    supervisor = make_user("storm_supervisor", roles=("supervisor",), scope="420102000000")
    sites = []
    first = None
    for n in range(enterprises):
        body = f"91420102MB{n:07d}"
        enterprise = Enterprise.objects.create(
            name=f"报警风暴企业{n:03d}", credit_code=body + enterprise_rules.credit_check_character(body),
            industry="hazchem", region_id=streets[n % len(streets)], address="测试路", longitude=114.3,
            latitude=30.6)
        member = make_user(f"storm_member_{n}", roles=("enterprise",), scope="420102000000")
        EnterpriseMember.objects.create(enterprise=enterprise, user=member)
        first = first or enterprise
        obj = MonitoredObject.objects.create(enterprise=enterprise, kind="tank", name=f"储罐{n}",
                                             code=f"S{n}")
        codes = [f"S{n:03d}-{i:03d}" for i in range(points)]
        MeasurementPoint.objects.bulk_create([MeasurementPoint(
            enterprise=enterprise, monitored_object=obj, code=code, name=f"液位{i}", point_type="level",
            unit="m", range_low=0, range_high=10, high=8, high_high=9,
            rule_overrides={"debounce_count": 1, "debounce_seconds": 0, "rate_pct_per_min": None,
                            "stuck_minutes": None}) for i, code in enumerate(codes)])
        source, token = create_source(actor=actor, enterprise=enterprise, code=f"STORM{n:03d}", name="网关")
        sites.append((source.code, token, codes))
    return sites, supervisor, first


def batch(sites: list[tuple[str, str, list[str]]], value: float, ts: float) -> list[Any]:
    Incoming, _ = _pipeline()
    return [Incoming(raw=json.dumps({"readings": [{"point": c, "value": value, "ts": ts} for c in codes]})
                     .encode(), door="http", source_code=code, token=token) for code, token, codes in sites]


def storm(messages: list[Any], supervisor: Any,
          enterprise_id: int) -> tuple[float, int, list[float], list[str]]:
    """Process one batch while the supervisor writes; (batch s, alarms, write times s,
    failures such as a deadlock)."""
    from django.db import DatabaseError, connection

    from yingji.core.actor import Actor
    from yingji.core.services.objects import update_object
    from yingji.enterprises.models import Enterprise

    _, Pipeline = _pipeline()
    done = threading.Event()
    started = threading.Event()
    waits: list[float] = []
    failures: list[str] = []

    def other_user() -> None:
        actor = Actor(user=supervisor)
        n = 0
        started.set()
        try:
            while not done.is_set():
                enterprise = Enterprise.objects.get(pk=enterprise_id)
                n += 1
                began = time.perf_counter()
                try:
                    update_object(enterprise, {"address": f"测试路{n}号"}, actor=actor)
                except DatabaseError as exc:  # a deadlock, reported with the figures
                    failures.append(f"other user: {type(exc).__name__}: {str(exc).splitlines()[0]}")
                waits.append(time.perf_counter() - began)
                time.sleep(0.05)
        finally:
            connection.close()

    writer = threading.Thread(target=other_user)
    writer.start()
    started.wait()
    time.sleep(0.3)
    began = time.perf_counter()
    raised = -1
    try:
        raised = Pipeline().process(messages).alarms_raised
    except DatabaseError as exc:
        failures.append(f"batch: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    elapsed = time.perf_counter() - began
    done.set()
    writer.join()
    return elapsed, raised, waits, failures


def run(enterprises: int, points: int) -> None:
    from yingji.core.audit import verify_chain
    from yingji.core.models import AuditLog
    from yingji.monitoring.models import Alarm

    sites, supervisor, enterprise = build(enterprises, points)
    total = enterprises * points
    now = time.time()
    rows: list[tuple[str, str]] = []
    for label, value, ts in (("all cross (new alarms)", 9.5, now - 120),
                             ("all back to normal", 5.0, now - 60),
                             ("all cross again (repeats)", 9.5, now - 30)):
        audit_before = AuditLog.objects.count()
        elapsed, raised, waits, failures = storm(batch(sites, value, ts), supervisor, enterprise.pk)
        rows.append((f"{label}: batch", f"{elapsed:.2f} s, {raised} alarms raised/escalated, "
                                        f"{AuditLog.objects.count() - audit_before} audit rows"))
        rows.append((f"{label}: other user's write", (
            f"longest {max(waits) * 1000:.0f} ms, median {statistics.median(waits) * 1000:.0f} ms "
            f"over {len(waits)} writes") if waits else "no write finished"))
        for failure in failures:
            rows.append((f"{label}: failed", failure))
    problems = verify_chain()
    rows.append(("open alarms", str(Alarm.objects.filter(is_open=True).count())))
    rows.append(("audit chain", "verified" if not problems else f"{len(problems)} problems: {problems[:3]}"))
    rows.append(("load average", f"{os.getloadavg()[0]:.1f} (2 cores, shared)"))
    report(f"Alarm storm: {total:,} points in one batch, another user's audited writes", rows)


def main(enterprises: int = 50, points: int = 100) -> None:
    connection = setup()
    try:
        run(enterprises, points)
    finally:
        connection.creation.destroy_test_db(DATABASE, verbosity=0)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
