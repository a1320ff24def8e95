"""Writing readings, minute aggregates and point states, per database vendor.

PostgreSQL: readings are COPYed (binary) into a per-connection staging table and moved
into the day-partitioned table with ``ON CONFLICT DO NOTHING RETURNING``, which both
ignores duplicates and tells the rule engine which readings are new. Day partitions
are created on demand. SQLite: existing keys are looked up and the rest inserted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection, transaction

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    """A reading ready to store (``us``: microseconds since the epoch, UTC)."""

    point_id: int
    us: int
    value: float
    flag: int


def to_dt(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


_known_partitions: set[str] = set()


def partition_name(day: datetime) -> str:
    return f"monitoring_reading_p{day:%Y%m%d}"


def ensure_partitions(days: Iterable[datetime]) -> None:
    """Create the day partitions (UTC) that ``days`` fall in, if missing (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for day in sorted({d.replace(hour=0, minute=0, second=0, microsecond=0) for d in days}):
            name = partition_name(day)
            if name in _known_partitions:
                continue
            # Serialise creation across ingest processes (CREATE … IF NOT EXISTS is not
            # safe against a concurrent creation); the lock lasts until this batch commits.
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
            cursor.execute("SELECT to_regclass(%s)", [name])
            if cursor.fetchone()[0] is None:
                cursor.execute(
                    f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF monitoring_reading "
                    "FOR VALUES FROM (%s) TO (%s)", [day, day + timedelta(days=1)])
            # Remembered only once committed: a rolled-back batch takes its partition with it.
            transaction.on_commit(lambda name=name: _known_partitions.add(name))  # type: ignore[misc]


def forget_partitions() -> None:
    """Drop the process's memory of existing partitions (tests that recreate tables)."""
    _known_partitions.clear()


def insert_readings(rows: Sequence[Row]) -> list[Row]:
    """Store ``rows`` (no duplicates among them) and return those that were new."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _insert_pg(rows)
    return _insert_sqlite(rows)


def _insert_pg(rows: Sequence[Row]) -> list[Row]:
    ensure_partitions({to_dt(r.us) for r in (min(rows, key=_us), max(rows, key=_us))}
                      | {to_dt(r.us) for r in rows[:: max(1, len(rows) // 16)]})
    by_key = {(r.point_id, r.us): r for r in rows}
    # The raw psycopg cursor (for COPY) raises psycopg's own errors: wrap them as
    # Django's so callers see one family (OperationalError when the server is gone).
    with connection.cursor() as wrapper, connection.wrap_database_errors:
        cursor: Any = wrapper.cursor
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS monitoring_reading_stage "
                       "(point_id bigint, ts timestamptz, value double precision, flag smallint) "
                       "ON COMMIT DELETE ROWS")
        with cursor.copy("COPY monitoring_reading_stage (point_id, ts, value, flag) "
                         "FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int8", "timestamptz", "float8", "int2"])
            for r in rows:
                copy.write_row((r.point_id, to_dt(r.us), r.value, r.flag))
        cursor.execute(
            "INSERT INTO monitoring_reading (point_id, ts, value, flag) "
            "SELECT point_id, ts, value, flag FROM monitoring_reading_stage "
            "ON CONFLICT DO NOTHING RETURNING point_id, "
            "(extract(epoch from ts) * 1000000)::bigint")
        new = [by_key[(pid, int(us))] for pid, us in cursor.fetchall()]
        cursor.execute("TRUNCATE monitoring_reading_stage")
    return new


def _us(row: Row) -> int:
    return row.us


def _insert_sqlite(rows: Sequence[Row]) -> list[Row]:
    adapt = connection.ops.adapt_datetimefield_value
    keyed = {(r.point_id, adapt(to_dt(r.us))): r for r in rows}
    point_ids = sorted({r.point_id for r in rows})
    low, high = adapt(to_dt(min(r.us for r in rows))), adapt(to_dt(max(r.us for r in rows)))
    existing: set[tuple[int, str]] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(point_ids), 500):
            chunk = point_ids[start:start + 500]
            marks = ",".join("%s" for _ in chunk)
            cursor.execute(
                f"SELECT point_id, CAST(ts AS TEXT) FROM monitoring_reading WHERE point_id IN ({marks}) "
                "AND ts >= %s AND ts <= %s", [*chunk, low, high])
            existing.update((pid, ts) for pid, ts in cursor.fetchall())
        fresh = [(key, r) for key, r in keyed.items() if key not in existing]
        cursor.executemany(
            "INSERT INTO monitoring_reading (point_id, ts, value, flag) VALUES (%s, %s, %s, %s)",
            [(r.point_id, ts, r.value, r.flag) for (_, ts), r in fresh])
    return [r for _, r in fresh]


@dataclass
class Minute:
    count: int
    low: float
    high: float
    total: float
    last: float
    last_us: int


def minute_aggregates(rows: Iterable[Row]) -> dict[tuple[int, int], Minute]:
    """Per (point, minute start in µs): count, min, max, sum, last value."""
    out: dict[tuple[int, int], Minute] = {}
    for r in rows:
        key = (r.point_id, r.us - r.us % 60_000_000)
        agg = out.get(key)
        if agg is None:
            out[key] = Minute(1, r.value, r.value, r.value, r.value, r.us)
            continue
        agg.count += 1
        agg.total += r.value
        if r.value < agg.low:
            agg.low = r.value
        if r.value > agg.high:
            agg.high = r.value
        if r.us >= agg.last_us:
            agg.last, agg.last_us = r.value, r.us
    return out


def upsert_aggregates(aggs: dict[tuple[int, int], Minute]) -> None:
    if not aggs:
        return
    pg = connection.vendor == "postgresql"
    least, greatest = ("LEAST", "GREATEST") if pg else ("MIN", "MAX")
    adapt = (lambda d: d) if pg else connection.ops.adapt_datetimefield_value
    sql = (
        "INSERT INTO monitoring_minuteaggregate AS a (point_id, minute, count, min_value, max_value, "
        "sum_value, last_value, last_ts) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (point_id, minute) DO UPDATE SET count = a.count + excluded.count, "
        f"min_value = {least}(a.min_value, excluded.min_value), "
        f"max_value = {greatest}(a.max_value, excluded.max_value), "
        "sum_value = a.sum_value + excluded.sum_value, "
        "last_value = CASE WHEN excluded.last_ts >= a.last_ts THEN excluded.last_value "
        "ELSE a.last_value END, "
        f"last_ts = {greatest}(a.last_ts, excluded.last_ts)"
    )
    params = [(pid, adapt(to_dt(minute)), m.count, m.low, m.high, m.total, m.last, adapt(to_dt(m.last_us)))
              for (pid, minute), m in sorted(aggs.items())]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def drop_readings_before(cutoff: datetime) -> int:
    """Retention: drop whole day partitions older than ``cutoff`` on PostgreSQL (and
    delete older rows from the default partition); delete rows on SQLite."""
    removed = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'monitoring_reading' "
                "AND c.relname LIKE 'monitoring_reading_p%%'")
            for (name,) in cursor.fetchall():
                day = datetime.strptime(name[-8:], "%Y%m%d").replace(tzinfo=UTC)
                if day + timedelta(days=1) <= cutoff:
                    cursor.execute(f"DROP TABLE {name}")
                    _known_partitions.discard(name)
                    removed += 1
            cursor.execute("DELETE FROM monitoring_reading_default WHERE ts < %s", [cutoff])
        else:
            cursor.execute("DELETE FROM monitoring_reading WHERE ts < %s",
                           [connection.ops.adapt_datetimefield_value(cutoff)])
            removed = cursor.rowcount
        cursor.execute("DELETE FROM monitoring_minuteaggregate WHERE minute < %s",
                       [cutoff if connection.vendor == "postgresql"
                        else connection.ops.adapt_datetimefield_value(cutoff)])
    return removed
