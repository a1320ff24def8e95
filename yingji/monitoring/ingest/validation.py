"""Validation of incoming messages and readings: pure functions, no database.

Both doors (MQTT and HTTP) hand the raw bytes to ``parse_message`` and each reading to
``check_reading``; a problem comes back as a ``Reject`` with a code and a Chinese
reason, which the pipeline stores as a dead letter (MQTT) or returns (HTTP).

Message (JSON object, UTF-8)::

    {"source": "GW-0001", "token": "…", "ts": 1764057600.0,
     "readings": [{"point": "LT-101", "value": 3.2, "unit": "m", "ts": "2026-11-25T08:00:00Z"}]}

``ts`` is an ISO 8601 time with a zone or seconds since the epoch (UTC); a reading
without its own ``ts`` takes the message's. ``unit``, when sent, must be the point's.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import orjson

from yingji.monitoring.ingest.columns import BoolArray, FloatArray, IntArray

SOURCE_CODE_RE = re.compile(r"[A-Za-z0-9_-]{1,40}")


@dataclass(frozen=True)
class Reject:
    """Why a message or a reading was refused."""

    code: str
    reason: str


@dataclass(frozen=True)
class Limits:
    """Validation windows (from the module settings)."""

    max_payload_bytes: int = 1_048_576
    max_future_seconds: float = 300.0
    max_past_seconds: float = 72 * 3600.0


@dataclass(frozen=True)
class PointSpec:
    """What validation needs to know about a point."""

    id: int
    unit: str
    range_low: float
    range_high: float


@dataclass(frozen=True)
class PointTable:
    """One sender's points for the whole-message check: code → row of the arrays."""

    index: dict[str, int]
    ids: IntArray
    low: FloatArray
    high: FloatArray
    units: tuple[str, ...]

    @classmethod
    def of(cls, specs: Mapping[str, PointSpec]) -> PointTable:
        ordered = list(specs.items())
        return cls({code: i for i, (code, _) in enumerate(ordered)},
                   np.array([s.id for _, s in ordered], np.int64),
                   np.array([s.range_low for _, s in ordered], np.float64),
                   np.array([s.range_high for _, s in ordered], np.float64),
                   tuple(s.unit for _, s in ordered))


@dataclass(frozen=True)
class CheckedReading:
    point_id: int
    ts: float  # seconds since the epoch, UTC
    value: float
    out_of_range: bool


def _no_constants(name: str) -> Any:
    raise ValueError(f"non-finite number {name}")


def parse_message(raw: bytes, limits: Limits) -> dict[str, Any] | Reject:
    """The message as a dict with a ``readings`` list, or why it cannot be read."""
    if len(raw) > limits.max_payload_bytes:
        return Reject("oversized", f"消息长度{len(raw)}字节，超过上限{limits.max_payload_bytes}字节")
    try:
        message = orjson.loads(raw)
    except orjson.JSONDecodeError:
        # The standard parser says what is wrong, or reads what orjson cannot (big integers).
        message = _strict_loads(raw)
        if isinstance(message, Reject):
            return message
    if not isinstance(message, dict):

        return Reject("malformed", "消息应为JSON对象")
    readings = message.get("readings")
    if not isinstance(readings, list) or not readings:
        return Reject("malformed", "消息缺少readings数组或数组为空")
    return message


def _strict_loads(raw: bytes) -> Any:
    try:
        return json.loads(raw, parse_constant=_no_constants)
    except RecursionError:  # nested deeper than any reading needs
        return Reject("malformed", "消息嵌套层次过深")
    except (ValueError, UnicodeDecodeError) as exc:
        if "non-finite" in str(exc):
            return Reject("not_a_number", "数值不能为NaN或无穷大")
        return Reject("malformed", "消息不是合法的JSON")


def parse_ts(value: Any) -> float | None:
    """Seconds since the epoch from a number or an ISO 8601 time with a zone."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return float(value) if math.isfinite(value) else None
        except OverflowError:
            return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        if parsed.tzinfo is None:
            return None  # a time without a zone is ambiguous; refuse rather than guess
        return parsed.timestamp()
    return None


def check_reading(
    item: Any, points: Mapping[str, PointSpec], now: float, limits: Limits,
    default_ts: Any = None,
) -> CheckedReading | Reject:
    """One reading checked against the sender's points and the time window."""
    if not isinstance(item, dict):
        return Reject("malformed", "读数应为JSON对象")
    code = item.get("point")
    if not isinstance(code, str) or not code:
        return Reject("malformed", "读数缺少测点编码point")
    spec = points.get(code)
    if spec is None:
        return Reject("unknown_point", f"未知测点：{code[:60]}")
    unit = item.get("unit")
    if unit is not None and unit != spec.unit:
        return Reject("wrong_unit", f"测点{code}的单位应为{spec.unit}，收到{str(unit)[:16]}")
    value = item.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Reject("not_numeric", f"测点{code}的数值不是数字")
    try:
        number = float(value)
    except OverflowError:  # an integer beyond any float
        return Reject("not_a_number", f"测点{code}的数值超出可表示范围")
    if not math.isfinite(number):
        return Reject("not_a_number", f"测点{code}的数值为NaN或无穷大")
    raw_ts = item.get("ts", default_ts)
    ts = parse_ts(raw_ts)
    if ts is None:
        return Reject("bad_timestamp", f"测点{code}的时间戳无法识别（需带时区的ISO 8601时间或Unix秒）")
    if ts > now + limits.max_future_seconds:
        return Reject("future_timestamp", f"测点{code}的时间戳超前当前时间{int(ts - now)}秒")
    if ts < now - limits.max_past_seconds:
        return Reject("stale_timestamp", f"测点{code}的时间戳滞后当前时间{int((now - ts) // 3600)}小时")
    out = number < spec.range_low or number > spec.range_high
    return CheckedReading(spec.id, ts, number, out)


NUMBER_TYPES = frozenset((int, float))


def check_readings_fast(
    items: list[Any], table: PointTable, now: float, limits: Limits, default_ts: Any = None,
) -> tuple[IntArray, IntArray, FloatArray, BoolArray] | None:
    """A whole message's readings as columns (point id, µs, value, out-of-range flag)
    when every one of them would pass ``check_reading`` with a numeric time; None when
    any would not or has an ISO time, and the caller checks them one by one, which
    gives each problem its own reason. The outcome for accepted readings is the same
    as ``check_reading``'s (``round`` and ``np.rint`` both round half to even)."""
    try:
        rows = [(item["point"], item["value"], item.get("ts", default_ts), item.get("unit"))
                for item in items]
        codes, values, stamps, units = zip(*rows, strict=True)
        where = table.index.get
        found = [where(code) for code in codes]
    except (KeyError, TypeError, AttributeError, ValueError):
        return None
    if None in found or not set(map(type, values)) <= NUMBER_TYPES \
            or not set(map(type, stamps)) <= NUMBER_TYPES:
        return None
    rows_at: list[int] = found  # type: ignore[assignment]  # no None left
    index = np.array(rows_at, np.int64)
    if any(unit is not None for unit in units):
        known = table.units
        if any(unit is not None and unit != known[i] for unit, i in zip(units, rows_at, strict=True)):
            return None
    try:
        value = np.array(values, np.float64)
        ts = np.array(stamps, np.float64)
    except OverflowError:
        return None
    if not (np.isfinite(value).all() and np.isfinite(ts).all()):
        return None
    if (ts > now + limits.max_future_seconds).any() or (ts < now - limits.max_past_seconds).any():
        return None
    flag = (value < table.low[index]) | (value > table.high[index])
    return table.ids[index], np.rint(ts * 1_000_000).astype(np.int64), value, flag


def utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)
