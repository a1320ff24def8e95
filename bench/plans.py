"""Plans: matching an incident against 5,000 plans' trigger conditions, and activation
of a 12-group plan (the level's tasks with deadlines, 叫应, the activation record).

Worst case for matching: every plan covers the incident's place (the city, its district
or its street) and category, so all 5,000 are candidates. Baselines from the same run on
the same rows: for matching, the same two queries written by hand in SQL with the
conditions compared inline; for activation, the same task rows and deadlines written with
two bulk INSERTs (no workflow, audit or events). Run:
``YINGJI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yingji_bench .venv/bin/python -m
bench.plans [plans]``.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bench.harness import report, setup_django, teardown_django

CPU: dict[str, tuple[float, float]] = {}


def percentiles(fn: Callable[[], Any], repeat: int, label: str = "") -> tuple[float, float]:
    """Wall-clock median and p95 in ms; the same of this process's CPU time is kept in
    ``CPU[label]`` (on a shared, loaded machine the wall clock includes waiting for a core)."""
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    times.sort()
    cpu.sort()
    if label:
        CPU[label] = (statistics.median(cpu), cpu[max(0, int(len(cpu) * 0.95) - 1)])
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main(total: int = 5_000) -> None:
    connection = setup_django()
    try:
        run(connection, total)
    finally:
        teardown_django(connection)


def _plans(total: int, rng: random.Random) -> None:
    from yingji.incidents import rules as incident_rules
    from yingji.plans.models import Plan, PlanResponseLevel, TriggerCondition

    accident = [s.code for s in incident_rules.SUBTYPES if s.category == "accident"]
    regions = ["420100000000", "420102000000", "420102002000"]
    Plan.objects.bulk_create([Plan(
        name=f"基准预案{n}", kind="special", level="district", region_id=rng.choice(regions),
        owner_unit="基准单位", category="accident",
        subtypes=",".join(rng.sample(accident, rng.randint(1, 2))), state="in_force")
        for n in range(total)], batch_size=2000)
    ids = list(Plan.objects.values_list("pk", flat=True))
    PlanResponseLevel.objects.bulk_create([PlanResponseLevel(plan_id=pk, level=code)
                                           for pk in ids for code in ("IV", "III", "II")],
                                          batch_size=5000)
    thresholds = {"IV": ("1", "1"), "III": ("3", "10"), "II": ("10", "50")}
    TriggerCondition.objects.bulk_create([
        TriggerCondition(response_level_id=lv, fact=fact, value=thresholds[code][i])
        for lv, code in PlanResponseLevel.objects.values_list("pk", "level")
        for i, fact in enumerate(("deaths", "serious_injuries"))], batch_size=5000)
    from yingji.plans.services.plans import refresh_triggers

    refresh_triggers()


def _hand_match(connection: Any, region_codes: list[str], subtype: str, deaths: int,
                serious: int) -> list[tuple[int, str]]:
    """The same reads by hand from the normalised tables: candidate plans, then their
    conditions joined to their levels, compared inline."""
    with connection.cursor() as cursor:
        marks = ",".join(["%s"] * len(region_codes))
        cursor.execute(f"SELECT id, subtypes FROM plans_plan WHERE state IN ('in_force', 'revising') "
                       f"AND region_id IN ({marks}) AND category IN ('accident', '')", region_codes)
        plans = {pk: subs for pk, subs in cursor.fetchall() if subtype in subs.split(",")}
        cursor.execute("SELECT l.plan_id, l.level, c.fact, c.value FROM plans_triggercondition c "
                       "JOIN plans_planresponselevel l ON l.id = c.response_level_id")
        best: dict[int, str] = {}
        order = {"I": 0, "II": 1, "III": 2, "IV": 3}
        for plan_id, level, fact, value in cursor.fetchall():
            if plan_id not in plans:
                continue
            have = deaths if fact == "deaths" else serious
            if have >= int(value) and (plan_id not in best or order[level] < order[best[plan_id]]):
                best[plan_id] = level
    return sorted(best.items())


def run(connection: Any, total: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from yingji.core.actor import Actor
    from yingji.core.models import Deadline, Region
    from yingji.core.services.regions import import_regions
    from yingji.core.testing import make_user
    from yingji.incidents.models import ResponseTask
    from yingji.incidents.services import intake
    from yingji.plans.builders import bring_in_force, build_plan
    from yingji.plans.services import activation, matching

    import_regions(["4201"], actor=Actor.system("bench"))
    user = make_user("bench_leader", roles=["duty_leader", "supervisor"], scope="420100000000")
    actor = Actor(user=user)
    rng = random.Random(17)
    started = time.perf_counter()
    _plans(total, rng)
    setup_s = time.perf_counter() - started
    street = Region.objects.get(code="420102002000")
    incident = intake.receive_incident({
        "title": "基准仓库火灾", "received_at": timezone.now() - timedelta(minutes=5), "source": "phone",
        "region": street, "address": "大智街道中山大道100号", "longitude": 114.2905, "latitude": 30.59,
        "category": "accident", "subtype": "fire", "deaths": 3, "serious_injuries": 0,
        "description": "基准测试"}, actor=actor)
    facts = matching.facts_of(incident)
    found = matching.match_incident(incident, facts=facts)
    hand = _hand_match(connection, matching.ancestor_codes(street.code), "fire", 3, 0)
    assert sorted((m.plan.pk, m.level) for m in found) == hand, "matching differs from the baseline"
    match_med, match_p95 = percentiles(lambda: matching.match_incident(incident, facts=facts), 60,
                                       "match")
    full_med, full_p95 = percentiles(lambda: matching.match_incident(incident), 60, "full")
    base_med, base_p95 = percentiles(lambda: _hand_match(
        connection, matching.ancestor_codes(street.code), "fire", 3, 0), 60, "base")

    groups = [(f"第{n + 1}工作组", f"牵头单位{n + 1}", "成员单位") for n in range(12)]
    levels = [(code, [("deaths", threshold)], [(g, f"{code}级行动{g + 1}", 30 + g) for g in range(12)])
              for code, threshold in (("IV", "1"), ("III", "3"), ("II", "10"))]
    twelve = bring_in_force(build_plan(actor, Region.objects.get(code="420102000000"),
                                       name="基准十二组预案", groups=groups, levels=levels,
                                       contacts=[user]), actor, issued_on=timezone.localdate())

    def activate() -> int:
        with transaction.atomic():
            fresh = type(incident).objects.get(pk=incident.pk)
            done = activation.activate(fresh, twelve, "III", actor=actor, reason="基准")
            count = done.tasks.count()
            transaction.set_rollback(True)
        return count

    assert activate() == 24
    act_med, act_p95 = percentiles(activate, 10, "act")

    def by_hand() -> int:
        with transaction.atomic():
            now = timezone.now()
            tasks = ResponseTask.objects.bulk_create([ResponseTask(
                incident=incident, title=f"III级行动{n}", department_name="牵头单位", state="assigned",
                due_at=now + timedelta(minutes=30)) for n in range(24)])
            from django.contrib.contenttypes.models import ContentType

            ct = ContentType.objects.get_for_model(ResponseTask)
            Deadline.objects.bulk_create([Deadline(content_type=ct, object_id=str(t.pk), kind="task",
                                                   title=t.title, due_at=t.due_at) for t in tasks])
            transaction.set_rollback(True)
        return len(tasks)

    hand_med, hand_p95 = percentiles(by_hand, 10, "hand")
    report(f"Plans: matching against {total:,} plans, 12-group activation "
           f"({connection.vendor})", [
        ("setup (bulk plans, levels, conditions)", f"{setup_s:.1f} s"),
        ("matching plans found", f"{len(found)} (all {total:,} are candidates)"),
        ("match, facts given: median / p95", f"{match_med:.1f} / {match_p95:.1f} ms"),
        ("match with facts (warnings, alarms): median / p95", f"{full_med:.1f} / {full_p95:.1f} ms"),
        ("baseline, same reads by hand: median / p95", f"{base_med:.1f} / {base_p95:.1f} ms"),
        ("activation, 12 groups, 24 tasks: median / p95", f"{act_med:.0f} / {act_p95:.0f} ms"),
        ("baseline, 24 task rows + deadlines bulk: median / p95", f"{hand_med:.1f} / {hand_p95:.1f} ms"),
        *[(f"CPU of this process, {name}: median / p95", f"{a:.1f} / {b:.1f} ms")
          for name, (a, b) in CPU.items()],
        ("load average (1 min) at the end", f"{os.getloadavg()[0]:.1f}"),
    ])


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
