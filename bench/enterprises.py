"""Enterprise registry at city scale: the list page, the filtered API list, the map data
endpoint and the summary charts, each compared with a plain indexed SQL query of the
same rows in the same run.

Data: ``enterprises`` enterprises (default 100,000) on the real streets of Wuhan and
``units`` major hazard units (default 20,000; one source each, two substances each),
graded by the normal GB 18218 code, roll-up colours computed. Requests go through the
Django test client as a city-level and a district-level supervisor (full middleware,
session, scope, templates / JSON rendering).

Run: ``YINGJI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yingji_bench \
.venv/bin/python -m bench.enterprises [enterprises] [units] [repeat]``.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.harness import report, setup_django, teardown_django


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def measure(fn: Callable[[], Any], repeat: int) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, queries of one call) after one warm-up call."""
    from django.db import connection

    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)  # a wrapper survives the test client's reset_queries
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    p50, p95 = percentiles(samples)
    return p50, p95, len(executed)


def main(enterprises: int = 100_000, units: int = 20_000, repeat: int = 30) -> None:
    connection = setup_django()
    try:
        run(connection, enterprises, units, repeat)
    finally:
        teardown_django(connection)


def build(enterprises: int, units: int) -> None:
    from yingji.core.actor import Actor
    from yingji.core.models import Region
    from yingji.core.services.regions import import_regions
    from yingji.enterprises import rules, services
    from yingji.enterprises.demo import HAZARD_TEMPLATES, SECTORS
    from yingji.enterprises.models import (
        Enterprise,
        HazardSubstance,
        MajorHazard,
        MajorHazardSubstance,
        MajorHazardUnit,
        RiskPoint,
    )

    actor = Actor.system("bench")
    import_regions(["4201"], actor=actor)
    streets = list(Region.objects.subtree("4201").filter(level=4).values_list("code", flat=True))
    centres: dict[str, tuple[float, float]] = {
        r.code[:6]: (r.longitude or 114.3, r.latitude or 30.6)
        for r in Region.objects.subtree("4201").filter(level=3, longitude__isnull=False)}
    rng = random.Random(7)
    weights = [s[3] for s in SECTORS]
    rows = []
    for n in range(enterprises):
        street = streets[n % len(streets)]
        lon, lat = centres.get(street[:6], (114.3, 30.6))
        industry, sub, suffixes, _ = rng.choices(SECTORS, weights)[0]
        body = f"91{street[:6]}MB{n:07d}"
        rows.append(Enterprise(
            name=f"武汉测试{n:06d}{suffixes[0]}", credit_code=body + rules.credit_check_character(body),
            industry=industry, sub_industry=sub, region_id=street, address=f"测试路{n}号",
            longitude=lon + rng.uniform(-0.03, 0.03), latitude=lat + rng.uniform(-0.03, 0.03),
            principal="张三", principal_phone="13800000000", employee_count=rng.randrange(5, 2000)))
    created = services.bulk_create_rows(Enterprise, rows, actor=actor, summary="基准测试")
    hazchem = [e for e in created if e.industry in ("hazchem", "gas")] or created
    sources = [MajorHazard(enterprise=hazchem[i % len(hazchem)], name="罐区",
                           population_500m=HAZARD_TEMPLATES[i % len(HAZARD_TEMPLATES)][4])
               for i in range(units)]
    sources = services.bulk_create_rows(MajorHazard, sources, actor=actor, summary="基准测试")
    unit_rows = services.bulk_create_rows(
        MajorHazardUnit, [MajorHazardUnit(source=s, name="储罐组", kind="storage") for s in sources],
        actor=actor, summary="基准测试")
    substances = {s.name: s for s in HazardSubstance.objects.all()}
    items = []
    for i, unit in enumerate(unit_rows):
        for name, q in HAZARD_TEMPLATES[i % len(HAZARD_TEMPLATES)][3]:
            items.append(MajorHazardSubstance(unit=unit, substance=substances[name], quantity=q))
    services.bulk_create_rows(MajorHazardSubstance, items, actor=actor, summary="基准测试")
    services.grade_all(sources, actor=actor)
    points = []
    for i, enterprise in enumerate(created[: enterprises // 2]):
        score = rules.lec(*(((3, 6, 15), (1, 6, 7), (3, 6, 40), (3, 6, 7))[i % 4]))
        points.append(RiskPoint(enterprise=enterprise, name="风险点", method="lec",
                                score=score.score, level=score.level, colour=score.colour))
    services.bulk_create_rows(RiskPoint, points, actor=actor, summary="基准测试")
    services.roll_up_all(Enterprise.objects.all())


def run(connection: Any, enterprises: int, units: int, repeat: int) -> None:
    from django.db import connection as db

    from yingji.core.testing import client_for, make_user

    started = time.perf_counter()
    build(enterprises, units)
    if db.vendor == "postgresql":
        with db.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum keeps up in production
    built = time.perf_counter() - started
    city = client_for(make_user("bench_city", roles=["supervisor"], scope="420100000000"))
    district = client_for(make_user("bench_district", roles=["supervisor"], scope="420102000000"))

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

    table = "enterprises_enterprise"
    cols = ("e.id, e.name, e.credit_code, e.industry, r.name, e.risk_colour, "
            "e.major_hazard_grade, e.status, e.address, e.principal, e.principal_phone, "
            "e.employee_count, c.name")
    joins = (f"FROM {table} e JOIN core_region r ON r.code = e.region_id "
             "LEFT JOIN enterprises_supervisionclass c ON c.id = e.supervision_class_id")
    city_range = ["420100000000", "4202"]
    district_range = ["420102000000", "420103"]
    cases: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
        ("list page, city, page 1 of 25",
         get(city, "/enterprises/"),
         sql([(f"SELECT count(*) FROM {table} WHERE region_id >= %s AND region_id < %s",
               city_range),
              (f"SELECT {cols} {joins} WHERE e.region_id >= %s AND e.region_id < %s "
               "ORDER BY e.name, e.id LIMIT 25", city_range)])),
        ("list page, district, 危化 + 红",
         get(district, "/enterprises/?industry=hazchem&risk_colour=red"),
         sql([(f"SELECT count(*) FROM {table} WHERE region_id >= %s AND region_id < %s "
               "AND industry = 'hazchem' AND risk_colour = 'red'", district_range),
              (f"SELECT {cols} {joins} WHERE e.region_id >= %s AND e.region_id < %s "
               "AND e.industry = 'hazchem' AND e.risk_colour = 'red' "
               "ORDER BY e.name, e.id LIMIT 25", district_range)])),
        ("API list, city, 危化, page 1 of 50",
         get(city, "/api/v1/enterprises/?industry=hazchem&page_size=50"),
         sql([(f"SELECT count(*) FROM {table} WHERE region_id >= %s AND region_id < %s "
               "AND industry = 'hazchem'", city_range),
              (f"SELECT e.* FROM {table} e WHERE e.region_id >= %s AND e.region_id < %s "
               "AND e.industry = 'hazchem' ORDER BY e.name, e.id LIMIT 50", city_range)])),
        ("map GeoJSON, city, 重大危险源二级",
         get(city, "/enterprises/map.geojson?major_hazard_grade=2"),
         sql([(f"SELECT id, name, longitude, latitude, risk_colour, major_hazard_grade "
               f"FROM {table} WHERE region_id >= %s AND region_id < %s "
               "AND major_hazard_grade = 2 AND longitude IS NOT NULL LIMIT 5001", city_range)])),
        ("map GeoJSON, district, all (cap 5,000)",
         get(district, "/enterprises/map.geojson"),
         sql([(f"SELECT id, name, longitude, latitude, risk_colour, major_hazard_grade "
               f"FROM {table} WHERE region_id >= %s AND region_id < %s "
               "AND longitude IS NOT NULL LIMIT 5001", district_range)])),
        ("summary charts, city",
         get(city, "/enterprises/charts/"),
         sql([(f"SELECT substr(region_id, 1, 6), industry, risk_colour, count(*) FROM {table} "
               "WHERE region_id >= %s AND region_id < %s GROUP BY 1, 2, 3", city_range)])),
    ]
    rows: list[tuple[str, str]] = [("data built in", f"{built:.1f} s")]
    for label, endpoint, baseline in cases:
        p50, p95, queries = measure(endpoint, repeat)
        b50, b95, bq = measure(baseline, repeat)
        rows.append((label, f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries:2d} queries   |  "
                            f"SQL baseline p50 {b50:6.1f} ms  p95 {b95:6.1f} ms  {bq} queries"))
    report(f"enterprise registry, {enterprises:,} enterprises, {units:,} major hazard units, "
           f"{connection.vendor}, {repeat} requests each", rows)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
