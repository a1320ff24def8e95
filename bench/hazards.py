"""Hidden hazards at scale: the analysis queries, the analysis page, the overdue list
and the monitoring hook on ``hazards`` hazards (default 1,000,000) on PostgreSQL, each
compared with the equivalent plain SQL in the same run.

Data: 20,000 enterprises on the real streets of Wuhan and a year of hazards generated
inside PostgreSQL (``INSERT … SELECT generate_series``, seeded): 8 % at public places,
sources, grades and categories in the demo's shares, about 80 % closed (most on time),
the rest open with about a third of those past their deadline. Django calls go through
the services / the test client as a city-level and a district-level supervisor.

Run: ``YINGJI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yingji_bench \
.venv/bin/python -m bench.hazards [hazards] [repeat]``.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.enterprises import measure
from bench.harness import report, setup_django, teardown_django

ENTERPRISES = 20_000
CITY = ("420100000000", "4202")
DISTRICT = ("420102000000", "420103")

HAZARD_SQL = """
INSERT INTO hazards_hazard (
    number, title, source, grade, category, enterprise_id, place_name, region_id, industry,
    address, longitude, latitude, description, found_at, finder_name, reporter_name,
    reporter_phone, stop_production, responsible_name, responsible_phone, deadline, measures,
    listed_level, listing_number, rectified_at, closed_at, closed_on_time, data, state,
    state_changed_at, version, created_at, updated_at, found_month, closed_month)
SELECT 'YH' || g, t.title, t.source, t.grade, t.category,
       CASE WHEN t.public THEN NULL ELSE e.id END,
       CASE WHEN t.public THEN '公共场所' || g ELSE '' END,
       e.region_id, CASE WHEN t.public THEN '' ELSE e.industry END, '测试路', e.longitude,
       e.latitude, '隐患描述', t.found_at, '发现人', '', '', false,
       CASE WHEN t.state = 'registered' THEN '' ELSE '责任人' END, '',
       t.deadline, '', CASE WHEN t.grade = 'major' AND t.r4 < 0.4 THEN
           (CASE WHEN t.r4 < 0.1 THEN 'city' ELSE 'district' END) ELSE '' END, '',
       t.rectified_at, t.closed_at,
       CASE WHEN t.state = 'closed' THEN t.rectified_at <= t.deadline END,
       '{}'::jsonb, t.state, t.found_at, 0, t.found_at, t.found_at,
       date_trunc('month', t.found_at AT TIME ZONE 'Asia/Shanghai')::date,
       date_trunc('month', t.closed_at AT TIME ZONE 'Asia/Shanghai')::date
FROM (
    SELECT g, r1, r2, r3, r4, public, found_at, deadline, state, source, grade, category,
           title,
           CASE WHEN state IN ('closed', 'verifying')
                THEN found_at + (deadline - found_at) * (0.3 + r3 * 1.0) END AS rectified_at,
           CASE WHEN state = 'closed'
                THEN found_at + (deadline - found_at) * (0.3 + r3 * 1.0) + interval '2 days'
           END AS closed_at
    FROM (
        SELECT g, r1, r2, r3, r4, public, found_at,
               CASE WHEN state = 'registered' THEN NULL
                    ELSE found_at + (CASE WHEN grade = 'major' THEN 60 ELSE 4 + (r2 * 26)::int END)
                         * interval '1 day' END AS deadline,
               state, source, grade, category, title
        FROM (
            SELECT g, r1, r2, r3, r4, r1 < 0.08 AS public,
                   now() - (r2 * 365) * interval '1 day' AS found_at,
                   CASE WHEN r3 < 0.80 THEN 'closed' WHEN r3 < 0.83 THEN 'registered'
                        WHEN r3 < 0.88 THEN 'pending' WHEN r3 < 0.97 THEN 'rectifying'
                        ELSE 'verifying' END AS state,
                   (ARRAY['self_check','self_check','self_check','self_check','department',
                          'department','enforcement','public_report','covert','monitoring'])
                       [1 + (r4 * 10)::int %% 10] AS source,
                   CASE WHEN r1 > 0.96 THEN 'major' ELSE 'general' END AS grade,
                   (ARRAY['site_fire','site_electrical','site_equipment','site_hazchem',
                          'site_dust','site_behaviour','basic_training','basic_emergency'])
                       [1 + (r2 * 800)::int %% 8] AS category,
                   (ARRAY['消防通道堵塞','配电室未设挡鼠板','可燃气体报警器失效',
                          '危化品超量储存','作业现场积尘','违章动火作业','未经安全教育',
                          '应急预案未演练'])[1 + (r2 * 800)::int %% 8] AS title
            FROM (SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4
                  FROM generate_series(1, %s) AS g) AS draws
        ) AS shaped
    ) AS dated
) AS t
JOIN bench_enterprise e ON e.rn = (t.g::bigint * 7919) %% %s
"""


def build(hazards: int) -> None:
    from django.db import connection

    from yingji.core.actor import Actor
    from yingji.core.models import Region
    from yingji.core.services.regions import import_regions
    from yingji.enterprises import rules, services
    from yingji.enterprises.demo import SECTORS
    from yingji.enterprises.models import Enterprise

    actor = Actor.system("bench")
    import_regions(["4201"], actor=actor)
    streets = list(Region.objects.subtree("4201").filter(level=4).values_list("code", flat=True))
    rng = random.Random(11)
    weights = [s[3] for s in SECTORS]
    rows = []
    for n in range(ENTERPRISES):
        street = streets[n % len(streets)]
        industry, sub, suffixes, _ = rng.choices(SECTORS, weights)[0]
        body = f"91{street[:6]}MC{n:07d}"
        rows.append(Enterprise(
            name=f"武汉测试{n:06d}{suffixes[0]}", credit_code=body + rules.credit_check_character(body),
            industry=industry, sub_industry=sub, region_id=street, address=f"测试路{n}号",
            longitude=114.3 + rng.uniform(-0.3, 0.3), latitude=30.6 + rng.uniform(-0.3, 0.3)))
    services.bulk_create_rows(Enterprise, rows, actor=actor, summary="基准测试")
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(
            "CREATE TABLE bench_enterprise AS SELECT row_number() OVER (ORDER BY id) - 1 AS rn, "
            "id, region_id, industry, longitude, latitude FROM enterprises_enterprise")
        cursor.execute("CREATE UNIQUE INDEX ON bench_enterprise (rn)")
        cursor.execute(HAZARD_SQL, [hazards, ENTERPRISES])
        cursor.execute("DROP TABLE bench_enterprise")
        cursor.execute("VACUUM ANALYZE")  # what autovacuum keeps up in production


def main(hazards: int = 1_000_000, repeat: int = 10) -> None:
    connection = setup_django()
    try:
        if connection.vendor != "postgresql":
            print("bench.hazards: skipped, it runs on PostgreSQL (set YINGJI_DATABASE_URL)")
            return
        run(connection, hazards, repeat)
    finally:
        teardown_django(connection)


def run(connection: Any, hazards: int, repeat: int) -> None:
    from django.db import connection as db

    from yingji.core.testing import client_for, make_user
    from yingji.hazards.models import Hazard
    from yingji.hazards.services import analysis, overdue_counts

    started = time.perf_counter()
    build(hazards)
    built = time.perf_counter() - started
    city_user = make_user("bench_city", roles=["supervisor"], scope="420100000000")
    district_user = make_user("bench_district", roles=["supervisor"], scope="420102000000")
    city = client_for(city_user)
    district = client_for(district_user)
    city_qs = Hazard.objects.restrict(city_user, "view")
    district_qs = Hazard.objects.restrict(district_user, "view")
    some_enterprises = list(Hazard.objects.filter(enterprise__isnull=False)
                            .values_list("enterprise_id", flat=True).distinct()[:500])

    def get(client: Any, url: str) -> Callable[[], Any]:
        def call() -> Any:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response
        return call

    def sql(statements: list[tuple[str, list[Any]]]) -> Callable[[], Any]:
        def call() -> Any:
            with db.cursor() as cursor:
                for statement, params in statements:
                    cursor.execute(statement, params)
                    cursor.fetchall()
        return call

    t = "hazards_hazard"
    scope = "region_id >= %s AND region_id < %s"
    open_overdue = "state IN ('pending', 'rectifying') AND deadline < now()"
    scope_h = "h.region_id >= %s AND h.region_id < %s"
    open_overdue_h = "h.state IN ('pending', 'rectifying') AND h.deadline < now()"
    summary_sql = (
        f"SELECT count(*), count(*) FILTER (WHERE state = 'closed'), "
        f"count(*) FILTER (WHERE grade = 'major'), count(*) FILTER (WHERE listed_level <> ''), "
        f"count(*) FILTER (WHERE {open_overdue}), "
        f"count(*) FILTER (WHERE state = 'closed' AND closed_on_time), "
        f"count(*) FILTER (WHERE state = 'closed' AND closed_on_time IS NOT NULL), "
        f"avg(closed_at - found_at) FILTER (WHERE state = 'closed') FROM {t} WHERE {scope}")
    dims_sql = (f"SELECT substr(region_id, 1, 6), industry, grade, source, count(*) FROM {t} "
                f"WHERE {scope} GROUP BY 1, 2, 3, 4")
    month_sql: list[tuple[str, list[Any]]] = [
        (f"SELECT found_month, count(*) FROM {t} WHERE {scope} GROUP BY 1", []),
        (f"SELECT closed_month, count(*) FROM {t} WHERE {scope} AND closed_month IS NOT NULL "
         "GROUP BY 1", []),
    ]
    # What the months cost without the kept columns (converting every timestamp).
    month_raw_sql: list[tuple[str, list[Any]]] = [
        (f"SELECT date_trunc('month', found_at AT TIME ZONE 'Asia/Shanghai'), count(*) FROM {t} "
         f"WHERE {scope} GROUP BY 1", []),
        (f"SELECT date_trunc('month', closed_at AT TIME ZONE 'Asia/Shanghai'), count(*) FROM {t} "
         f"WHERE {scope} AND state = 'closed' GROUP BY 1", []),
    ]
    overdue_sql = (f"SELECT h.*, e.name, r.name FROM {t} h LEFT JOIN enterprises_enterprise e "
                   f"ON e.id = h.enterprise_id JOIN core_region r ON r.code = h.region_id "
                   f"WHERE {scope_h} AND {open_overdue_h} ORDER BY h.deadline, h.id LIMIT 50")
    repeat_sql = (f"SELECT r.*, e.name FROM (SELECT enterprise_id, category, count(*) AS n "
                  f"FROM {t} WHERE {scope} AND enterprise_id IS NOT NULL GROUP BY 1, 2 "
                  f"HAVING count(*) >= 2 ORDER BY 3 DESC, 1, 2 LIMIT 50) r "
                  f"JOIN enterprises_enterprise e ON e.id = r.enterprise_id")
    list_sql: list[tuple[str, list[Any]]] = [
                (f"SELECT count(*) FROM {t} WHERE {scope} AND {open_overdue}", []),
                (f"SELECT h.*, e.name, r.name FROM {t} h LEFT JOIN enterprises_enterprise e "
                 f"ON e.id = h.enterprise_id JOIN core_region r ON r.code = h.region_id "
                 f"WHERE {scope_h} AND {open_overdue_h} ORDER BY h.found_at DESC, h.id DESC "
                 f"LIMIT 25", [])]

    def scoped(statements: list[tuple[str, list[Any]]], bounds: tuple[str, str]) -> Callable[[], Any]:
        return sql([(s, [*bounds, *p]) for s, p in statements])

    def on(fn: Callable[[Any], Any], qs: Any) -> Callable[[], Any]:
        return lambda: fn(qs)

    cases: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = []
    for name, qs, bounds in (("city", city_qs, CITY), ("district", district_qs, DISTRICT)):
        cases += [
            (f"summary (rates, avg days), {name}", on(analysis.summary, qs),
             scoped([(summary_sql, [])], bounds)),
            (f"by region/industry/grade/source, {name}",
             on(analysis.by_dimensions, qs), scoped([(dims_sql, [])], bounds)),
            (f"by month (found, closed), {name}", on(analysis.by_month, qs),
             scoped(month_sql, bounds)),
            (f"overdue list (50), {name}", on(analysis.overdue_list, qs),
             scoped([(overdue_sql, [])], bounds)),
            (f"repeat hazards (50), {name}", on(analysis.repeat_hazards, qs),
             scoped([(repeat_sql, [])], bounds)),
        ]
    cases += [
        ("by month from timestamps (no kept columns), city", scoped(month_raw_sql, CITY),
         scoped(month_sql, CITY)),
        ("analysis page, city", get(city, "/hazards/analysis/"),
         scoped([(summary_sql, []), (dims_sql, []), *month_sql, (overdue_sql, []),
                 (repeat_sql, [])], CITY)),
        ("overdue list page, city, page 1", get(city, "/hazards/?overdue=true"),
         scoped(list_sql, CITY)),
        ("overdue list page, district, page 1", get(district, "/hazards/?overdue=true"),
         scoped(list_sql, DISTRICT)),
        ("overdue_counts(500 enterprises)", lambda: overdue_counts(some_enterprises),
         sql([(f"SELECT enterprise_id, count(*) FROM {t} WHERE enterprise_id = ANY(%s) "
               f"AND {open_overdue} GROUP BY 1", [some_enterprises])])),
    ]
    rows: list[tuple[str, str]] = [("data built in", f"{built:.1f} s"),
                                   ("hazards", f"{Hazard.objects.count():,}")]
    for label, endpoint, baseline in cases:
        p50, p95, queries = measure(endpoint, repeat)
        b50, b95, bq = measure(baseline, repeat)
        rows.append((label, f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries:2d} queries   |  "
                            f"SQL baseline p50 {b50:6.1f} ms  p95 {b95:6.1f} ms  {bq} queries"))
    report(f"hidden hazards, {hazards:,} hazards, {ENTERPRISES:,} enterprises, "
           f"{connection.vendor}, {repeat} runs each", rows)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
