"""双随机一公开 at city scale: a draw over ``enterprises`` enterprises (default 100,000) and
``inspectors`` inspectors (default 2,000) with ``conflicts`` declared conflicts (default
500), against a plain random sample of the same size (the same number of enterprises, and
two inspectors for each, without any exclusion) in the same run.

Two measurements:
- the draw itself (``rules_draw.draw``, the pure function the service runs): the pools in
  memory, each enterprise with its supervising officer, 500 conflicts and the inspectors
  who visited 10 % of the enterprises in the last months;
- the whole service (``services.draws.run_draw``): the pools read from the database (the
  registry's read service and the inspectors), the exclusions, the draw, the snapshot
  stored on the row and the picks written, audited — on real rows (enterprises bulk-loaded
  on the real streets of Wuhan).

Run: ``.venv/bin/python -m bench.enforcement [enterprises] [inspectors] [conflicts] [count]``
(SQLite by default; ``YINGJI_DATABASE_URL=postgres://…/yingji_bench`` for PostgreSQL).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import timedelta
from typing import Any

from bench.harness import report, setup_django, teardown_django, timed


def pure(enterprises: int, inspectors: int, conflicts: int, count: int, repeat: int) -> None:
    from yingji.enforcement import rules_draw

    rng = random.Random(11)
    firms = list(range(1, enterprises + 1))
    people = list(range(1, inspectors + 1))
    banned: dict[int, set[int]] = {}
    for _ in range(conflicts):
        banned.setdefault(rng.choice(firms), set()).add(rng.choice(people))
    recent = {e: frozenset(rng.sample(people, 2)) for e in rng.sample(firms, enterprises // 10)}
    data = rules_draw.DrawInput(enterprises=firms, inspectors=people,
                           conflicts={k: frozenset(v) for k, v in banned.items()},
                           supervising={e: people[e % inspectors] for e in firms}, recent=recent)

    def baseline() -> Any:
        r = random.Random(5)
        return [(e, r.sample(people, 2)) for e in r.sample(firms, count)]

    base, _ = timed(baseline, repeat)
    drawn, result = timed(lambda: rules_draw.draw(data, seed=5, count=count), repeat)
    assert len(result.picks) + len(result.unstaffed) == count
    title = (f"双随机抽取（纯计算）：{enterprises:,}家企业 × {inspectors:,}名执法人员，"
             f"{conflicts}条回避，抽取{count:,}家")
    report(title, [
        ("plain random sample (baseline)", f"{base * 1000:.1f} ms"),
        ("rules_draw.draw with exclusions", f"{drawn * 1000:.1f} ms"),
        ("ratio", f"{drawn / base:.2f}×"),
    ])


def service(enterprises: int, inspectors: int, conflicts: int, count: int, repeat: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from yingji.core.actor import Actor
    from yingji.core.models import Department, Region
    from yingji.core.services.regions import import_regions
    from yingji.enforcement.models import Conflict, Draw, Inspection, Inspector
    from yingji.enforcement.services import draws
    from yingji.enterprises import services as enterprise_services
    from yingji.enterprises.models import Enterprise

    actor = Actor.system("bench")
    started = time.perf_counter()
    import_regions(["4201"], actor=actor)
    city = Region.objects.get(code="420100000000")
    streets = list(Region.objects.subtree("4201").filter(level=4).values_list("code", flat=True))
    department = Department.objects.create(name="基准测试执法支队", kind="bureau", region=city)
    rows = [Enterprise(name=f"基准企业{n}",
                       credit_code=f"91{streets[n % len(streets)][:6]}MB{n:07d}X"[:18],
                       industry="industry_trade", region_id=streets[n % len(streets)],
                       address="测试路1号") for n in range(enterprises)]
    created = enterprise_services.bulk_create_rows(Enterprise, rows, actor=actor, summary="基准测试")
    today = timezone.localdate()
    people = Inspector.objects.bulk_create([
        Inspector(name=f"执法员{n}", certificate_number=f"BENCH{n:06d}",
                  certificate_expires_on=today + timedelta(days=365 if n % 50 else -1),
                  department=department, region=city) for n in range(inspectors)])
    rng = random.Random(3)
    Conflict.objects.bulk_create([Conflict(inspector=rng.choice(people), enterprise=rng.choice(created),
                                           reason="基准测试") for _ in range(conflicts)],
                                 ignore_conflicts=True)
    visits = Inspection.objects.bulk_create([
        Inspection(enterprise=e, region_id=e.region_id, department=department, source="plan",
                   inspected_on=today - timedelta(days=30), state="recorded")
        for e in rng.sample(created, enterprises // 20)])
    through = Inspection.inspectors.through
    through.objects.bulk_create([through(inspection_id=v.pk, inspector_id=rng.choice(people).pk)
                                 for v in visits])
    load = time.perf_counter() - started

    def baseline() -> Any:
        ids = list(Enterprise.objects.order_by("id").values_list("id", flat=True))
        staff = list(Inspector.objects.order_by("id").values_list("id", flat=True))
        r = random.Random(5)
        return [(e, r.sample(staff, 2)) for e in r.sample(ids, count)]

    def run() -> Draw:
        return draws.run_draw({"title": "基准测试抽查", "department": department, "region": city,
                               "count": count}, actor=actor, seed=5)

    base, _ = timed(baseline, repeat)
    took, draw = timed(run, repeat)
    assert draws.verify(draw)
    replay, _ = timed(lambda: draws.replay(draw), repeat)
    report(f"双随机抽取（完整服务，{connection.vendor}）：{enterprises:,}家企业 × {inspectors:,}名执法人员，"
           f"{conflicts}条回避，抽取{count:,}家", [
        ("data load (not timed below)", f"{load:.1f} s"),
        ("plain random sample of the ids read from the tables (baseline)", f"{base * 1000:.0f} ms"),
        ("run_draw: pools, exclusions, draw, snapshot, picks, audit", f"{took * 1000:.0f} ms"),
        ("replay from the stored seed and snapshot", f"{replay * 1000:.0f} ms"),
        ("ratio", f"{took / base:.1f}×"),
    ])


def main(enterprises: int = 100_000, inspectors: int = 2_000, conflicts: int = 500,
         count: int = 1_000, repeat: int = 5) -> None:
    pure(enterprises, inspectors, conflicts, count, repeat)
    pure(enterprises, inspectors, conflicts, enterprises // 10, repeat)
    connection = setup_django()
    try:
        service(enterprises, inspectors, conflicts, count, repeat)
    finally:
        teardown_django(connection)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
