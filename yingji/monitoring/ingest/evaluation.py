"""Point states and the rule engine over a batch: lock, evaluate, save.

The states of a batch's points are locked (``SELECT … FOR UPDATE`` on PostgreSQL, in
point order so concurrent ingest processes cannot deadlock) before anything is stored:
under the lock a point's last stored time is authoritative, which lets the store COPY
later readings without a duplicate check. New readings are then evaluated in time
order per point: runs that change nothing are settled in one step
(``rules_batch``), the rest reading by reading (``rules``); states are saved in one
statement and the rule changes returned as plain data (``PointChange``): applying them
is the alarm service's job, which the pipeline calls.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
import orjson
from django.db import connection, transaction

from yingji.monitoring import rules
from yingji.monitoring.ingest import rules_batch
from yingji.monitoring.ingest.columns import BoolArray, Columns
from yingji.monitoring.ingest.store import EPOCH, SMALL, TS_OF_US, to_dt
from yingji.monitoring.ingest.types import PointChange, PointInfo

MICROSECOND = timedelta(microseconds=1)
UNKNOWN = rules_batch.Fixed.of(rules.Thresholds(0, 1), rules.Params())  # a point gone from the registry


@dataclass
class State:
    """A point's locked state: last evaluated reading, rule state, offline flag."""

    last_us: int | None
    last_value: float | None
    rules: dict[str, Any]
    offline: bool


_known_states: set[int] = set()  # points whose state row exists (never deleted but with the point)


def lock_states(point_ids: list[int]) -> dict[int, State]:
    """Create missing states and lock them all (PostgreSQL) in point order."""
    if connection.vendor == "postgresql":
        states = _lock_pg(point_ids, [p for p in point_ids if p not in _known_states])
        if len(states) < len(point_ids):  # the cache was wrong (tables emptied behind it)
            states = _lock_pg(point_ids, [p for p in point_ids if p not in states])
        return states
    from yingji.monitoring.models import PointState

    # SQLite: one writer at a time, so no row locks are needed.
    existing = set(PointState.objects.filter(point_id__in=point_ids).values_list("point_id", flat=True))
    PointState.objects.bulk_create([PointState(point_id=p) for p in point_ids if p not in existing],
                                   ignore_conflicts=True)
    return {s.point_id: State(None if s.last_ts is None else (s.last_ts - EPOCH) // MICROSECOND,
                              s.last_value, dict(s.rules or {}), s.offline)
            for s in PointState.objects.filter(point_id__in=point_ids)}


def _lock_pg(point_ids: list[int], missing: list[int]) -> dict[int, State]:
    with connection.cursor() as cursor:
        if missing:
            cursor.execute("INSERT INTO monitoring_pointstate (point_id, rules, offline) "
                           "SELECT unnest(%s::bigint[]), '{}'::jsonb, false ON CONFLICT DO NOTHING",
                           [missing])
            # Remembered once committed (a rolled-back batch takes its new states with it).
            transaction.on_commit(lambda: _known_states.update(missing))
        cursor.execute(
            "SELECT point_id, (extract(epoch from last_ts) * 1000000)::bigint, last_value, rules, "
            "offline FROM monitoring_pointstate WHERE point_id = ANY(%s) ORDER BY point_id FOR UPDATE",
            [point_ids])
        # Django has psycopg hand jsonb over as text.
        return {pid: State(us, value, orjson.loads(state) if isinstance(state, str) else dict(state),
                           offline) for pid, us, value, state, offline in cursor.fetchall()}


def fresh_mask(rows: Columns, states: dict[int, State]) -> BoolArray:
    """Rows later than their point's last evaluated reading (rows sorted by point).
    A point that never had one gives no fresh rows: its rows take the checked path."""
    starts = rows.group_starts()
    last = np.array([_or_never(states.get(int(p))) for p in rows.pid[starts].tolist()], np.int64)
    bound = np.repeat(last, np.diff(np.append(starts, len(rows))))
    return rows.us > bound


NEVER = np.iinfo(np.int64).max


def _or_never(state: State | None) -> int:
    return NEVER if state is None or state.last_us is None else state.last_us


def evaluate(new: Columns, states: dict[int, State], points: Mapping[int, PointInfo]) -> list[PointChange]:
    """Run the rules on the new readings (sorted by point and time) and save the
    states; returns the rule changes in time order per point (points gone from
    ``points`` are stored but not evaluated)."""
    if not len(new):
        return []
    starts = new.group_starts()
    ends = np.append(starts[1:], len(new))
    pids = new.pid[starts].tolist()
    # Readings not after the point's last evaluated one are stored but must not rewind it.
    last = [-1 if (s := states[p]).last_us is None else s.last_us for p in pids]
    bound = np.repeat(np.array(last, np.int64), ends - starts)
    live = new.take(new.us > bound)
    live_starts = live.group_starts()
    live_pids = live.pid[live_starts].tolist()
    inputs = rules_batch.GroupInputs.new()
    infos = []
    for pid in live_pids:
        info = points.get(pid)
        infos.append(info)
        inputs.add({} if info is None else states[pid].rules, UNKNOWN if info is None else info.fixed)
    quiet = rules_batch.quiet_points(live.value, live.us, live_starts, inputs)
    live_ends = np.append(live_starts[1:], len(live)).tolist()
    values, stamps = live.value.tolist(), live.us.tolist()

    changes: list[PointChange] = []
    touched: set[int] = set()
    for pid, us in zip(pids, new.us[ends - 1].tolist(), strict=True):
        info = points.get(pid)
        if info is not None and states[pid].offline:  # data again: the offline alarm recovers
            changes.append(PointChange(pid, info.object_id, rules.Change("offline", "clear"), us))
            states[pid].offline = False
            touched.add(pid)
    for run, (pid, info) in enumerate(zip(live_pids, infos, strict=True)):
        if info is None:
            continue
        touched.add(pid)
        state = states[pid]
        start, end = int(live_starts[run]), live_ends[run]
        if quiet[run]:
            rules_batch.settle_quiet(state.rules, values[end - 1], stamps[end - 1] / 1e6, info.params)
        else:
            for value, us in zip(values[start:end], stamps[start:end], strict=True):
                for change in rules.evaluate_reading(state.rules, value, us / 1e6, info.th, info.params):
                    changes.append(PointChange(pid, info.object_id, change, us))
        state.last_us, state.last_value = stamps[end - 1], values[end - 1]
    save_states({pid: states[pid] for pid in sorted(touched)})
    return changes


def save_states(states: dict[int, State]) -> None:
    """On PostgreSQL one ``UPDATE … FROM`` array parameters (a few states) or a COPYed
    staging table (many)."""
    if not states:
        return
    if connection.vendor == "postgresql" and len(states) <= SMALL:
        rows = [(pid, s.last_us, s.last_value, orjson.dumps(s.rules).decode(), s.offline)
                for pid, s in states.items()]
        with connection.cursor() as few:
            few.execute(
                f"UPDATE monitoring_pointstate AS s SET last_ts = {TS_OF_US.format('v.last_us')}, "
                "last_value = v.last_value, rules = v.rules::jsonb, offline = v.offline FROM unnest("
                "%s::bigint[], %s::bigint[], %s::float8[], %s::text[], %s::bool[]) "
                "AS v(point_id, last_us, last_value, rules, offline) WHERE s.point_id = v.point_id",
                [list(column) for column in zip(*rows, strict=True)])
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as wrapper, connection.wrap_database_errors:
            cursor: Any = wrapper.cursor
            cursor.execute("CREATE TEMP TABLE IF NOT EXISTS monitoring_state_stage (point_id bigint, "
                           "last_us bigint, last_value float8, rules text, offline bool) "
                           "ON COMMIT DELETE ROWS")
            with cursor.copy("COPY monitoring_state_stage FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["int8", "int8", "float8", "text", "bool"])
                for pid, s in states.items():
                    copy.write_row((pid, s.last_us, s.last_value, orjson.dumps(s.rules).decode(), s.offline))
            cursor.execute(
                "UPDATE monitoring_pointstate AS s SET last_ts = 'epoch'::timestamptz + v.last_us * "
                "interval '1 microsecond', last_value = v.last_value, rules = v.rules::jsonb, "
                "offline = v.offline FROM monitoring_state_stage AS v WHERE s.point_id = v.point_id")
            cursor.execute("DELETE FROM monitoring_state_stage")
        return
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE monitoring_pointstate SET last_ts = %s, last_value = %s, rules = %s, offline = %s "
            "WHERE point_id = %s",
            [(adapt(None if s.last_us is None else to_dt(s.last_us)), s.last_value, json.dumps(s.rules),
              s.offline, pid) for pid, s in states.items()])
