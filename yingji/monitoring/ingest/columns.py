"""Readings of a batch as columns (NumPy arrays), the form the hot path works in.

Per-reading Python objects cost more than everything else in the ingest pipeline
together, so after validation a batch is five parallel arrays: point id, time in
microseconds since the epoch (UTC), value, out-of-range flag and the index of the
message the reading came in. Sorting, de-duplication, grouping per point, minute
aggregates and the COPY buffer are whole-array operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

MINUTE_US = 60_000_000
DAY_US = 86_400_000_000


@dataclass(frozen=True)
class Columns:
    """Readings as parallel arrays (see the module docstring)."""

    pid: IntArray
    us: IntArray
    value: FloatArray
    flag: BoolArray
    msg: IntArray

    def __len__(self) -> int:
        return int(self.pid.shape[0])

    @classmethod
    def empty(cls) -> Columns:
        return cls(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64),
                   np.empty(0, np.bool_), np.empty(0, np.int64))

    @classmethod
    def concat(cls, parts: Sequence[Columns]) -> Columns:
        if not parts:
            return cls.empty()
        if len(parts) == 1:
            return parts[0]
        return cls(np.concatenate([p.pid for p in parts]), np.concatenate([p.us for p in parts]),
                   np.concatenate([p.value for p in parts]), np.concatenate([p.flag for p in parts]),
                   np.concatenate([p.msg for p in parts]))

    def take(self, index: npt.NDArray[np.bool_] | IntArray) -> Columns:
        return Columns(self.pid[index], self.us[index], self.value[index], self.flag[index],
                       self.msg[index])

    def sorted_unique(self) -> tuple[Columns, IntArray]:
        """Sorted by (point, time) with repeated (point, time) pairs dropped, the first
        received kept; and the message index of every dropped reading."""
        if not len(self):
            return self, np.empty(0, np.int64)
        order = np.lexsort((self.us, self.pid))  # stable: the first received comes first
        ordered = self.take(order)
        repeat = np.zeros(len(ordered), np.bool_)
        repeat[1:] = (ordered.pid[1:] == ordered.pid[:-1]) & (ordered.us[1:] == ordered.us[:-1])
        return ordered.take(~repeat), ordered.msg[repeat]

    def group_starts(self) -> IntArray:
        """Start index of each point's run (the columns sorted by point)."""
        if not len(self):
            return np.empty(0, np.int64)
        change = np.ones(len(self), np.bool_)
        change[1:] = self.pid[1:] != self.pid[:-1]
        return np.flatnonzero(change)


@dataclass(frozen=True)
class Minutes:
    """Per (point, minute): count, min, max, sum and the last value with its time."""

    pid: IntArray
    minute_us: IntArray
    count: IntArray
    low: FloatArray
    high: FloatArray
    total: FloatArray
    last: FloatArray
    last_us: IntArray

    def __len__(self) -> int:
        return int(self.pid.shape[0])


def minute_aggregates(rows: Columns) -> Minutes:
    """Minute aggregates of readings sorted by (point, time)."""
    minute = rows.us - rows.us % MINUTE_US
    n = len(rows)
    if not n:
        empty_i, empty_f = np.empty(0, np.int64), np.empty(0, np.float64)
        return Minutes(empty_i, empty_i, empty_i, empty_f, empty_f, empty_f, empty_f, empty_i)
    change = np.ones(n, np.bool_)
    change[1:] = (rows.pid[1:] != rows.pid[:-1]) | (minute[1:] != minute[:-1])
    starts = np.flatnonzero(change)
    ends = np.append(starts[1:], n) - 1
    return Minutes(rows.pid[starts], minute[starts], np.diff(np.append(starts, n)),
                   np.minimum.reduceat(rows.value, starts), np.maximum.reduceat(rows.value, starts),
                   np.add.reduceat(rows.value, starts), rows.value[ends], rows.us[ends])


def days(us: IntArray) -> list[int]:
    """The distinct UTC days (as µs at midnight) the times fall in."""
    return [int(d) * DAY_US for d in np.unique(us // DAY_US)]
