"""Accident statistics at scale: the statistics page (生产安全事故统计分析) and the
statistics service over ``accidents`` accidents (default 100,000) spread over ten years
on the real streets of Wuhan, against a plain ``GROUP BY`` of the same year in the same
run (district × month counts and deaths, nothing else).

Data generated inside PostgreSQL (``INSERT … SELECT generate_series``, seeded): dates
uniform over ten years, grades about 97 % 一般, 3 % 较大; 4 % not production accidents;
industries and GB 6441 categories varied. Django calls go through the test client as a
city-level and a district-level supervisor.

Run: ``YINGJI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yingji_accidents \
.venv/bin/python -m bench.accidents [accidents] [repeat]``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from bench.enterprises import measure
from bench.harness import report, setup_django, teardown_django

ACCIDENT_SQL = """
INSERT INTO accidents_accident (
    number, title, occurred_at, region_id, district_code, occurred_month, address, source,
    unit_name, credit_code, industry, is_production, non_production_reason, non_production_note,
    deaths, missing, serious_injuries, minor_injuries, loss_wan, victims, grade, category_6441,
    causes, description, stage, investigating_level, escalated, escalation_reason, supervised,
    supervising_department, lead_unit, report_extension_days, reply_extension_days,
    reply_document, review_findings, typical, typical_lessons, concealed, concealed_by,
    created_at, updated_at)
SELECT 'SGB' || g, '基准事故' || g, t.at, t.street, substr(t.street, 1, 6) || '000000',
       (extract(year FROM t.at AT TIME ZONE 'Asia/Shanghai') * 100
        + extract(month FROM t.at AT TIME ZONE 'Asia/Shanghai'))::int,
       '测试路', 'entered', '基准单位' || (g %% 5000), '', t.industry, t.r2 > 0.04, '', '',
       t.deaths, 0, 0, 0, 50, '', CASE WHEN t.deaths >= 3 THEN 'III' ELSE 'IV' END,
       lpad((1 + g %% 20)::text, 2, '0'), '[]'::jsonb, '', 'closed',
       CASE WHEN t.deaths >= 3 THEN 'city' ELSE 'county' END, false, '', false, '', '',
       0, 0, '', '', false, '', false, '', t.at, t.at
FROM (
    SELECT g,
           now() - (random() * interval '3650 days') AS at,
           s.codes[1 + floor(random() * array_length(s.codes, 1))::int] AS street,
           (ARRAY['construction', 'industry_trade', 'transport', 'fire', 'hazchem', 'gas',
                  'other'])[1 + floor(random() * 7)::int] AS industry,
           CASE WHEN random() < 0.03 THEN 3 + floor(random() * 3)::int
                WHEN random() < 0.85 THEN 1 ELSE 0 END AS deaths,
           random() AS r2
    FROM generate_series(1, %s) AS g,
         (SELECT array_agg(code ORDER BY code) AS codes FROM core_region
          WHERE code LIKE '4201%%' AND level = 4) AS s
) AS t
"""


def build(accidents: int) -> None:
    from django.db import connection

    from yingji.core.actor import Actor
    from yingji.core.services.regions import import_regions

    import_regions(["4201"], actor=Actor.system("bench"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(ACCIDENT_SQL, [accidents])
        cursor.execute("VACUUM ANALYZE accidents_accident")


def main(accidents: int = 100_000, repeat: int = 30) -> None:
    connection = setup_django()
    try:
        if connection.vendor != "postgresql":
            print("bench.accidents: skipped, it runs on PostgreSQL (set YINGJI_DATABASE_URL)")
            return
        run(connection, accidents, repeat)
    finally:
        teardown_django(connection)


def run(connection: Any, accidents: int, repeat: int) -> None:
    from django.db import connection as db
    from django.utils import timezone

    from yingji.accidents.models import Accident
    from yingji.accidents.services import stats
    from yingji.core.testing import client_for, make_user

    started = time.perf_counter()
    build(accidents)
    built = time.perf_counter() - started
    year = timezone.localdate().year - 1
    city_user = make_user("bench_city", roles=["supervisor"], scope="420100000000")
    district_user = make_user("bench_district", roles=["supervisor"], scope="420102000000")

    def get(user: Any, url: str) -> Callable[[], Any]:
        client = client_for(user)

        def call() -> Any:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response
        return call

    def group_by(prefix: str) -> Callable[[], Any]:
        statement = ("SELECT district_code, occurred_month, count(*), sum(deaths + missing) "
                     "FROM accidents_accident WHERE is_production AND occurred_month BETWEEN %s "
                     "AND %s AND region_id LIKE %s GROUP BY 1, 2")

        def call() -> Any:
            with db.cursor() as cursor:
                cursor.execute(statement, [year * 100 + 1, year * 100 + 12, prefix + "%"])
                return cursor.fetchall()
        return call

    def service(user: Any, prefix: str) -> Callable[[], Any]:
        queryset = Accident.objects.restrict(user, "view")
        return lambda: stats.statistics(queryset, year, today=timezone.localdate(),
                                        scope_prefix=prefix)

    cases = [
        ("statistics page, city", get(city_user, f"/accidents/statistics/?year={year}"),
         group_by("4201")),
        ("statistics page, district", get(district_user, f"/accidents/statistics/?year={year}"),
         group_by("420102")),
        ("statistics service, city", service(city_user, "4201"), group_by("4201")),
        ("monthly table (Excel), city",
         get(city_user, f"/accidents/statistics/monthly.xlsx?year={year}&month=12"), group_by("4201")),
    ]
    rows: list[tuple[str, str]] = [("data built in", f"{built:.1f} s"),
                                   ("accidents", f"{Accident.objects.count():,}"),
                                   ("year shown", str(year))]
    for label, endpoint, baseline in cases:
        p50, p95, queries = measure(endpoint, repeat)
        b50, b95, bq = measure(baseline, repeat)
        rows.append((label, f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries:2d} queries   |  "
                            f"GROUP BY baseline p50 {b50:6.1f} ms  p95 {b95:6.1f} ms  {bq} query"))
    report(f"accident statistics, {accidents:,} accidents over ten years, {connection.vendor}, "
           f"{repeat} runs each", rows)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
