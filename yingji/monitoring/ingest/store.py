"""Writing readings, minute aggregates and point states, per database vendor.

PostgreSQL: readings later than their point's last stored one are COPYed (binary)
straight into the day-partitioned table; others (late, repeated, or a point's first)
go through a per-connection staging table and ``ON CONFLICT DO NOTHING RETURNING``,
which ignores duplicates and tells the rule engine which were new. Day partitions are
created on demand. SQLite: existing keys are looked up and the rest inserted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import IntegrityError, connection, transaction

from yingji.monitoring.ingest.columns import BoolArray, Columns, Minutes, days

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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


PG_EPOCH_US = 946_684_800_000_000  # 2000-01-01, PostgreSQL's zero for binary timestamps
COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + b"\x00" * 8  # signature, flags, header extension
COPY_TRAILER = b"\xff\xff"
# Wire formats of fixed-width types in binary COPY (timestamptz: int8 µs since 2000).
COPY_TYPES = {"int8": ">i8", "timestamptz": ">i8", "int4": ">i4", "int2": ">i2", "float8": ">f8",
              "bool": "|b1"}
READING_COLUMNS = "(point_id, ts, value, flag)"


def copy_buffer(columns: Sequence[tuple[str, npt.ArrayLike]]) -> bytes:
    """Rows in PostgreSQL's binary COPY format, built from whole columns of
    fixed-width types (``(type, values)``; timestamps as µs since the Unix epoch)
    instead of row by row."""
    fields: list[tuple[str, str]] = [("fields", ">i2")]
    for i, (kind, _) in enumerate(columns):
        fields += [(f"l{i}", ">i4"), (f"v{i}", COPY_TYPES[kind])]
    n = len(np.asarray(columns[0][1])) if columns else 0
    out = np.empty(n, np.dtype(fields))
    out["fields"] = len(columns)
    for i, (kind, values) in enumerate(columns):
        out[f"l{i}"] = np.dtype(COPY_TYPES[kind]).itemsize
        out[f"v{i}"] = np.asarray(values) - PG_EPOCH_US if kind == "timestamptz" else values
    return COPY_SIGNATURE + out.tobytes() + COPY_TRAILER


def reading_buffer(rows: Columns) -> bytes:
    return copy_buffer([("int8", rows.pid), ("timestamptz", rows.us), ("float8", rows.value),
                        ("int2", rows.flag)])


def insert_readings(rows: Columns, fresh: BoolArray) -> BoolArray:
    """Store ``rows`` (no repeated keys among them) and return which were new.

    ``fresh`` marks rows the caller knows are not stored yet: later than their point's
    last stored reading, read under the point's lock. On PostgreSQL they are COPYed
    straight into the table; the others go through a staging table and
    ``ON CONFLICT DO NOTHING``, which ignores those already stored."""
    if not len(rows):
        return np.zeros(0, np.bool_)
    if connection.vendor != "postgresql":
        return _insert_sqlite(rows)
    ensure_partitions(to_dt(day) for day in days(rows.us))
    new = fresh.copy()
    if fresh.any():
        try:
            with transaction.atomic(), connection.cursor() as wrapper, connection.wrap_database_errors:
                _copy(wrapper.cursor, "monitoring_reading", rows.take(fresh))
        except IntegrityError:
            # Only if readings were written behind the pipeline's back: sort it out row by row.
            fresh = np.zeros(len(rows), np.bool_)
            new = fresh.copy()
    if not fresh.all():
        maybe = np.flatnonzero(~fresh)
        new[maybe] = _insert_staged(rows.take(maybe))
    return new


def _copy(cursor: Any, table: str, rows: Columns) -> None:
    with cursor.copy(f"COPY {table} {READING_COLUMNS} FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(reading_buffer(rows))


def _insert_staged(rows: Columns) -> BoolArray:
    # The raw psycopg cursor (for COPY) raises psycopg's own errors: wrap them as
    # Django's so callers see one family (OperationalError when the server is gone).
    with connection.cursor() as wrapper, connection.wrap_database_errors:
        cursor: Any = wrapper.cursor
        with staged(cursor, "monitoring_reading_stage", [
                ("point_id", "int8", rows.pid), ("us", "int8", rows.us), ("value", "float8", rows.value),
                ("flag", "int2", rows.flag.astype(np.int16))]) as (source, params):
            cursor.execute(
                f"INSERT INTO monitoring_reading {READING_COLUMNS} SELECT point_id, {TS_OF_US.format('us')}, "
                f"value, flag FROM {source} ON CONFLICT DO NOTHING RETURNING point_id, "
                "(extract(epoch from ts) * 1000000)::bigint", params)
            stored = {(int(pid), int(us)) for pid, us in cursor.fetchall()}
    return np.array([(pid, us) in stored for pid, us in zip(rows.pid.tolist(), rows.us.tolist(),
                                                            strict=True)], np.bool_)


SMALL = 256  # rows up to which array parameters beat a staging table
TS_OF_US = "('epoch'::timestamptz + {} * interval '1 microsecond')"


@contextmanager
def staged(cursor: Any, name: str, columns: Sequence[tuple[str, str, npt.NDArray[Any]]]
           ) -> Iterator[tuple[str, list[Any]]]:
    """Rows as a FROM item called ``name`` with ``columns`` (name, fixed-width type,
    values) and its parameters: ``unnest`` of arrays for a few rows, so that a small
    batch (an HTTP request on a fresh connection) creates no table; for many rows a
    temporary table filled by binary COPY, emptied after use (a caller's transaction
    may hold several batches)."""
    if len(columns[0][2]) <= SMALL:
        arrays = ", ".join(f"%s::{kind}[]" for _, kind, _ in columns)
        yield (f"unnest({arrays}) AS {name}({', '.join(c for c, _, _ in columns)})",
               [values.tolist() for _, _, values in columns])
        return
    cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} "
                   f"({', '.join(f'{c} {kind}' for c, kind, _ in columns)}) ON COMMIT DELETE ROWS")
    with cursor.copy(f"COPY {name} FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(copy_buffer([(kind, values) for _, kind, values in columns]))
    yield name, []
    cursor.execute(f"DELETE FROM {name}")


def _insert_sqlite(rows: Columns) -> BoolArray:
    adapt = connection.ops.adapt_datetimefield_value
    stamps = [str(adapt(to_dt(us))) for us in rows.us.tolist()]
    point_ids = sorted(set(rows.pid.tolist()))
    low, high = min(stamps), max(stamps)
    existing: set[tuple[int, str]] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(point_ids), 500):
            chunk = point_ids[start:start + 500]
            marks = ",".join("%s" for _ in chunk)
            cursor.execute(
                f"SELECT point_id, CAST(ts AS TEXT) FROM monitoring_reading WHERE point_id IN ({marks}) "
                "AND ts >= %s AND ts <= %s", [*chunk, low, high])
            existing.update((pid, ts) for pid, ts in cursor.fetchall())
        new = np.array([(pid, ts) not in existing for pid, ts in zip(rows.pid.tolist(), stamps, strict=True)],
                       np.bool_)
        cursor.executemany(
            f"INSERT INTO monitoring_reading {READING_COLUMNS} VALUES (%s, %s, %s, %s)",
            [(pid, ts, value, int(flag)) for pid, ts, value, flag, keep in zip(
                rows.pid.tolist(), stamps, rows.value.tolist(), rows.flag.tolist(), new.tolist(),
                strict=True) if keep])
    return new


AGGREGATE_UPDATE = (
    "ON CONFLICT (point_id, minute) DO UPDATE SET count = a.count + excluded.count, "
    "min_value = {least}(a.min_value, excluded.min_value), "
    "max_value = {greatest}(a.max_value, excluded.max_value), "
    "sum_value = a.sum_value + excluded.sum_value, "
    "last_value = CASE WHEN excluded.last_ts >= a.last_ts THEN excluded.last_value ELSE a.last_value END, "
    "last_ts = {greatest}(a.last_ts, excluded.last_ts)")
AGGREGATE_INSERT = ("INSERT INTO monitoring_minuteaggregate AS a (point_id, minute, count, min_value, "
                    "max_value, sum_value, last_value, last_ts) ")


def upsert_aggregates(m: Minutes) -> None:
    """Add a batch's minute aggregates to the stored ones (on PostgreSQL one
    ``INSERT … ON CONFLICT`` from ``staged`` rows)."""
    if not len(m):
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as wrapper, connection.wrap_database_errors:
            cursor: Any = wrapper.cursor
            with staged(cursor, "monitoring_minute_stage", [
                    ("point_id", "int8", m.pid), ("minute_us", "int8", m.minute_us),
                    ("count", "int4", m.count), ("min_value", "float8", m.low),
                    ("max_value", "float8", m.high), ("sum_value", "float8", m.total),
                    ("last_value", "float8", m.last),
                    ("last_us", "int8", m.last_us)]) as (source, params):
                cursor.execute(
                    AGGREGATE_INSERT + f"SELECT point_id, {TS_OF_US.format('minute_us')}, count, min_value, "
                    f"max_value, sum_value, last_value, {TS_OF_US.format('last_us')} FROM {source} "
                    + AGGREGATE_UPDATE.format(least="LEAST", greatest="GREATEST"), params)
        return
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            AGGREGATE_INSERT + "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
            + AGGREGATE_UPDATE.format(least="MIN", greatest="MAX"),
            [(pid, adapt(to_dt(minute)), count, low, high, total, last, adapt(to_dt(last_us)))
             for pid, minute, count, low, high, total, last, last_us in zip(
                m.pid.tolist(), m.minute_us.tolist(), m.count.tolist(), m.low.tolist(), m.high.tolist(),
                m.total.tolist(), m.last.tolist(), m.last_us.tolist(), strict=True)])


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
