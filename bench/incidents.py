"""Incidents at city scale: intake of one call (the service: grade, enterprise match,
audit, events, the 首报 obligation and its deadline), the statistics page's summary over
10,000 incidents, and the city's arrival rate over 30,000 dispatch orders.

Baselines from the same run on the same rows: a plain INSERT of the incident row; the
four GROUP BY queries in plain SQL; the arrival count in one SQL aggregate. Run:
``YINGJI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yingji_bench .venv/bin/python -m
bench.incidents [incidents] [orders]``.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bench.harness import report, setup_django, teardown_django


def percentiles(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main(incidents: int = 10_000, orders: int = 30_000) -> None:
    connection = setup_django()
    try:
        run(connection, incidents, orders)
    finally:
        teardown_django(connection)


def run(connection: Any, total: int, order_total: int) -> None:
    from django.utils import timezone

    from yingji.core.actor import Actor
    from yingji.core.models import Region
    from yingji.core.services.regions import import_regions
    from yingji.core.testing import make_user
    from yingji.incidents import rules
    from yingji.incidents.models import DispatchOrder, Incident
    from yingji.incidents.services import dispatch, intake, stats

    import_regions(["4201"], actor=Actor.system("bench"))
    user = make_user("bench_duty", roles=["duty_officer"], scope="420100000000")
    actor = Actor(user=user)
    streets = list(Region.objects.filter(level=4, code__startswith="4201").order_by("code"))
    rng = random.Random(8)
    now = timezone.now()
    subtypes = [s for s in rules.SUBTYPES]
    rows = []
    for n in range(total):
        found = rng.choice(subtypes)
        rows.append(Incident(
            title=f"事件{n}", received_at=now - timedelta(minutes=rng.randint(1, 60 * 24 * 365)),
            region=rng.choice(streets), address="测试地点", category=found.category,
            subtype=found.code, deaths=rng.choice([0, 0, 0, 1, 3]), description="基准测试",
            grade=rng.choice(["I", "II", "III", "IV", "IV", "IV"]), state="closed",
            longitude=114.3, latitude=30.6))
    Incident.objects.bulk_create(rows, batch_size=2000)
    ids = list(Incident.objects.values_list("pk", "received_at"))
    orders = []
    for n in range(order_total):
        pk, received = ids[n % len(ids)]
        issued = received + timedelta(minutes=5)
        orders.append(DispatchOrder(
            incident_id=pk, resource_kind="team", resource_id=n, resource_name=f"队伍{n}",
            issued_at=issued, arrived_at=issued + timedelta(minutes=rng.randint(5, 80)),
            state="returned"))
    DispatchOrder.objects.bulk_create(orders, batch_size=5000)
    street = streets[0]

    def intake_one() -> None:
        intake.receive_incident({
            "title": "基准接报", "region": street, "address": "中山大道1号", "category": "accident",
            "subtype": "fire", "deaths": 1, "description": "基准", "longitude": 114.29,
            "latitude": 30.59}, actor=actor)

    table = Incident._meta.db_table
    columns = ("title, received_at, source, caller, caller_phone, caller_unit, region_id, address, "
               "category, subtype, deaths, missing, serious_injuries, injuries, trapped, loss_wan, "
               "affected, relocated, description, grade, suggested_grade, grade_warning, "
               "response_level, state, version, created_at, updated_at, longitude, latitude")

    def insert_plain() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, 'phone', '', '', '', %s, '', "
                "'accident', 'fire', 1, 0, 0, 0, 0, 0, 0, 0, '', 'IV', 'IV', '', '', 'received', "
                "0, %s, %s, 114.29, 30.59)", ["基准", now, street.code, now, now])

    i50, i95 = percentiles(intake_one, 100)
    b50, b95 = percentiles(insert_plain, 100)
    period = stats.Period((now - timedelta(days=365)).date(), now.date())

    def summary() -> None:
        stats.summary(user, period)

    start, end = period.bounds()

    def summary_sql() -> None:
        with connection.cursor() as cursor:
            for group in ("category", "grade", "substr(region_id, 1, 6)",
                          "substr(cast(received_at as text), 1, 7)"):
                cursor.execute(f"SELECT {group}, count(*) FROM {table} WHERE received_at >= %s "
                               f"AND received_at < %s GROUP BY 1", [start, end])
                cursor.fetchall()

    s50, s95 = percentiles(summary, 10)
    q50, q95 = percentiles(summary_sql, 10)
    target = 60

    def rate() -> None:
        dispatch.arrival_rate_of(DispatchOrder.objects.restrict(user, "view"))

    order_table = DispatchOrder._meta.db_table
    seconds = "extract(epoch from arrived_at - issued_at)" if connection.vendor == "postgresql" \
        else "(julianday(arrived_at) - julianday(issued_at)) * 86400"

    def rate_sql() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*), sum(CASE WHEN {seconds} <= %s THEN 1 ELSE 0 END) "
                           f"FROM {order_table} WHERE resource_kind = 'team' AND state <> 'cancelled'",
                           [target * 60])
            cursor.fetchall()

    r50, r95 = percentiles(rate, 5)
    t50, t95 = percentiles(rate_sql, 5)
    report(f"incidents ({connection.vendor}, {total} incidents, {order_total} orders)", [
        ("intake (service) p50/p95 ms", f"{i50:.1f} / {i95:.1f}"),
        ("  baseline plain INSERT p50/p95 ms", f"{b50:.2f} / {b95:.2f}"),
        ("statistics summary p50/p95 ms", f"{s50:.1f} / {s95:.1f}"),
        ("  baseline 4 GROUP BY in SQL p50/p95 ms", f"{q50:.1f} / {q95:.1f}"),
        ("city arrival rate p50/p95 ms", f"{r50:.1f} / {r95:.1f}"),
        ("  baseline one SQL aggregate p50/p95 ms", f"{t50:.1f} / {t95:.1f}"),
    ])


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
