"""Disaster reports: every community of Wuhan (3,495 villages and communities) files its
report in the same window, on real threads against PostgreSQL, through
``reports.submit_report`` (rules, audit, pointer, the incremental roll-up). After each
submission the thread reads the city's roll-up (the kept totals) and, in one
REPEATABLE READ snapshot, checks the kept city total against the plain ``SUM … GROUP
BY`` over the villages' current reports; both reads are timed.

Prints per-submission latency (p50, p95, max), the throughput (the ten-minute window
needs 3,495 / 600 s = 5.8 a second), the roll-up read against the baseline SUM, the
number of inconsistent snapshots (must be 0), and at the end the full roll-up by level
(kept totals with names, as the event page reads it) against the baseline GROUP BY of
every level.

PostgreSQL only; the bench creates and drops the database ``yingji_bench_disasters``.

Submissions arrive spread over the window (``window`` seconds, default 600: the ten
minutes; seeded exponential gaps, so bursts happen), each taken by the next free thread;
``window`` 0 sends them all at once (saturation: every thread busy all the time).

Run: ``.venv/bin/python -m bench.disasters [threads] [villages] [window]`` (default 8,
all, 600).
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from decimal import Decimal
from typing import Any

from bench.harness import report

DATABASE = "yingji_bench_disasters"
os.environ.setdefault("YINGJI_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DATABASE}")


def setup() -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings")
    os.environ.setdefault("YINGJI_DEBUG", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if connection.vendor != "postgresql":
        raise SystemExit("the disasters bench runs on PostgreSQL (YINGJI_DATABASE_URL)")
    connection.settings_dict["TEST"]["NAME"] = DATABASE
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def main() -> None:
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    window = float(sys.argv[3]) if len(sys.argv) > 3 else 600.0
    connection = setup()
    try:
        run(threads, limit, window)
    finally:
        from django.db import connections

        connections.close_all()
        connection.creation.destroy_test_db(DATABASE, verbosity=0)


def run(threads: int, limit: int, window: float) -> None:
    from django.db import connection, connections, transaction
    from django.utils import timezone

    from yingji.core.actor import Actor
    from yingji.core.models import Region, RegionLevel
    from yingji.core.services.regions import import_regions
    from yingji.core.testing import make_user
    from yingji.disasters import rules
    from yingji.disasters.models import DisasterEvent, RollupTotal
    from yingji.disasters.services import events, outputs, reports, rollup

    started = time.perf_counter()
    import_regions(["4201"], actor=Actor.system("bench"))
    from yingji.core.roles import sync_roles

    sync_roles()
    villages = list(
        Region.objects.filter(code__startswith="4201", level=RegionLevel.VILLAGE)
        .select_related("parent")
        .order_by("code")
    )
    if limit:
        villages = villages[:limit]
    streets = list(Region.objects.filter(code__in={v.parent_id for v in villages}))
    informant = make_user("bench_informant", roles=["informant"], scope="420100000000")
    event = events.create_event(
        {
            "title": "基准测试暴雨洪涝",
            "kind": "flood",
            "grade": "major",
            "region": Region.objects.get(code="420100000000"),
            "affected_regions": streets,
            "started_at": timezone.now(),
            "description": "基准测试",
        },
        actor=Actor.system("bench"),
    )
    setup_seconds = time.perf_counter() - started

    import random

    rng = random.Random(3495)
    gaps = [rng.expovariate(1.0) for _ in villages]
    scale = window / sum(gaps) if window else 0.0
    due, at = [], 0.0
    for gap in gaps:
        at += gap * scale
        due.append(at)
    queue = list(zip(reversed(due), reversed(list(enumerate(villages))), strict=True))
    lock = threading.Lock()
    submit_times: list[float] = []
    kept_times: list[float] = []
    base_times: list[float] = []
    inconsistent: list[str] = []
    errors: list[str] = []
    expected = {"affected": 0}

    def figures(index: int) -> dict[str, Any]:
        affected = 100 + index % 900
        return {
            "affected": affected,
            "relocated": affected // 10,
            "needing_aid": affected // 20,
            "crop_affected": Decimal(index % 50),
            "crop_damaged": Decimal(index % 50) / 2,
            "crop_lost": (Decimal(index % 50) / 8).quantize(Decimal("0.01")),
            "general_households": index % 7,
            "general_rooms": (index % 7) * 2,
            "loss_agriculture": Decimal(index % 13),
        }

    def snapshot_check() -> tuple[float, float, str | None]:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            t0 = time.perf_counter()
            kept = rollup.totals(event, "reported", level=rollup.LEVEL_CITY)
            t1 = time.perf_counter()
            base = rollup.baseline_totals(event, "reported", rollup.LEVEL_CITY)
            t2 = time.perf_counter()
        k = next(iter(kept.values()), {})
        b = next(iter(base.values()), {})
        wrong = [n for n in rules.FIELDS if (k.get(n) or 0) != (b.get(n) or 0)]
        return t1 - t0, t2 - t1, (", ".join(wrong) if wrong else None)

    def worker() -> None:
        actor = Actor(user=informant, ip="127.0.0.1", request_id="bench")
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    when, (index, village) = queue.pop()
                wait = begin + when - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                data = figures(index)
                t0 = time.perf_counter()
                try:
                    reports.submit_report(event, village, data, actor=actor)
                except Exception as exc:  # the bench reports every failure
                    with lock:
                        errors.append(f"{village.code}: {exc}")
                    continue
                elapsed = time.perf_counter() - t0
                kept, base, wrong = snapshot_check()
                with lock:
                    submit_times.append(elapsed)
                    kept_times.append(kept)
                    base_times.append(base)
                    expected["affected"] += data["affected"]
                    if wrong:
                        inconsistent.append(wrong)
        finally:
            connections.close_all()

    wall = begin = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - wall

    event = DisasterEvent.objects.get(pk=event.pk)
    city = RollupTotal.objects.get(event=event, level=2, stage="reported")
    t0 = time.perf_counter()
    rows = outputs.rollup_rows(event, "4201")
    full_kept = time.perf_counter() - t0
    t0 = time.perf_counter()
    for level in (rollup.LEVEL_STREET, rollup.LEVEL_COUNTY, rollup.LEVEL_CITY):
        rollup.baseline_totals(event, "reported", level)
    full_base = time.perf_counter() - t0
    problems = rollup.inconsistencies(event)
    mode = f"over {window:.0f} s" if window else "all at once"
    report(
        f"Disaster reports: {len(villages)} villages, {threads} threads, arriving {mode}, PostgreSQL",
        [
            ("set-up (regions, event, 12-hour checks)", f"{setup_seconds:.1f} s"),
            ("submissions", f"{len(submit_times)} ok, {len(errors)} failed"),
            (
                "wall time / throughput",
                f"{wall:.1f} s / {len(submit_times) / wall:.1f} per s "
                f"(the ten-minute window needs {len(villages) / 600:.1f})",
            ),
            (
                "submit p50 / p95 / max",
                f"{ms(statistics.median(submit_times))} / {ms(pct(submit_times, 0.95))} / "
                f"{ms(max(submit_times))}",
            ),
            (
                "city roll-up read (kept) p50 / p95 / max",
                f"{ms(statistics.median(kept_times))} / {ms(pct(kept_times, 0.95))} / {ms(max(kept_times))}",
            ),
            (
                "baseline SUM over current reports p50 / p95 / max",
                f"{ms(statistics.median(base_times))} / {ms(pct(base_times, 0.95))} / {ms(max(base_times))}",
            ),
            ("inconsistent snapshots (kept ≠ SUM)", str(len(inconsistent))),
            (
                "city total affected: kept / expected",
                f"{city.figures()['affected']} / {expected['affected']}",
            ),
            ("full roll-up by level with names (kept)", f"{ms(full_kept)} ({len(rows)} regions)"),
            ("baseline GROUP BY street, county, city", ms(full_base)),
            ("inconsistencies after the run (every stage, level)", str(len(problems))),
        ],
    )
    if errors:
        print("  first errors:", errors[:3])


if __name__ == "__main__":
    main()
