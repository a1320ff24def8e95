"""Data-scope filter on province-sized data: the index range used by ``restrict`` versus
the LIKE-prefix baseline that Django's ``startswith`` produces, plus audit appends with
OpenSSL SM3 versus the pure-Python gmssl baseline.

Run: ``.venv/bin/python -m bench.scope_query [rows]`` (SQLite by default; set
YINGJI_DATABASE_URL for PostgreSQL).
"""

from __future__ import annotations

import sys

from bench.harness import report, setup_django, teardown_django, timed


def main(rows: int = 200_000) -> None:
    connection = setup_django()
    try:
        run(connection, rows)
    finally:
        teardown_django(connection)


def run(connection: object, rows: int) -> None:
    from yingji.core import audit, crypto
    from yingji.core.actor import Actor
    from yingji.core.models import Department, Region
    from yingji.core.scope import Scope
    from yingji.core.services.regions import import_regions

    import_regions(["42"], actor=Actor.system("bench"))
    regions = list(Region.objects.filter(level__gte=4).values_list("code", flat=True))
    batch = [
        Department(name=f"单位{i}", kind="other", region_id=regions[i % len(regions)])
        for i in range(rows)
    ]
    Department.objects.bulk_create(batch, batch_size=5000)
    scope = Scope(region_prefix="420102")  # 江岸区: a district inside a province

    def ranged() -> int:
        return Department.objects.within(scope).count()

    def like() -> int:
        # What Django's startswith would emit on a text column.
        return Department.objects.extra(
            where=["region_id LIKE %s ESCAPE '\\'"], params=["420102%"]
        ).count()

    def page() -> list[int]:
        return list(Department.objects.within(scope).order_by("region_id", "id")
                    .values_list("id", flat=True)[:20])

    range_time, range_count = timed(ranged, 7)
    like_time, like_count = timed(like, 7)
    page_time, _ = timed(page, 7)
    assert range_count == like_count, (range_count, like_count)
    vendor = getattr(connection, "vendor", "?")
    report(f"scope filter, {rows:,} departments in Hubei, {vendor}", [
        ("rows in 江岸区 scope", f"{range_count:,}"),
        ("range (restrict) count", f"{range_time * 1000:.2f} ms"),
        ("LIKE prefix baseline count", f"{like_time * 1000:.2f} ms"),
        ("speed-up", f"{like_time / range_time:.1f}x"),
        ("first page of 20 (range)", f"{page_time * 1000:.2f} ms"),
    ])

    actor = Actor.system("bench")

    def appends(n: int = 500) -> int:
        for i in range(n):
            audit.record(audit.AuditAction.SECURITY, actor=actor, detail=f"bench {i}")
        return n

    openssl_time, n = timed(appends, 3)
    original = crypto._HAS_OPENSSL_SM3
    crypto._HAS_OPENSSL_SM3 = False
    try:
        gmssl_time, _ = timed(appends, 3)
    finally:
        crypto._HAS_OPENSSL_SM3 = original
    verify_time, problems = timed(audit.verify_chain, 1)
    total = audit.AuditLog.objects.count()
    report(f"audit hash chain, {vendor}", [
        ("appends/s, SM3 via OpenSSL", f"{n / openssl_time:,.0f}"),
        ("appends/s, SM3 via gmssl (baseline)", f"{n / gmssl_time:,.0f}"),
        (f"verify {total:,} entries", f"{verify_time:.2f} s ({total / verify_time:,.0f}/s)"),
        ("problems found", str(len(problems))),
    ])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
