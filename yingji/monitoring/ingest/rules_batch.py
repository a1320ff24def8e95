"""Whole-batch shortcut of the rule engine: which points' readings change nothing.

Most readings are unremarkable: inside every limit, changing at a normal rate, not
stuck. For such a run of readings the per-reading rules of ``rules`` only move the
state along (the threshold candidate stays empty, the rate and stuck rules remember
the last value), so the outcome can be written down without stepping through each
reading. ``quiet_points`` finds those runs with array operations over the whole batch;
the other points go through ``rules.evaluate_reading`` one reading at a time. The
conditions mirror the branches of ``evaluate_threshold``, ``evaluate_rate`` and
``evaluate_stuck`` exactly, with the same floating-point expressions, and
``tests/test_rules_batch.py`` checks the two agree on random streams.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from yingji.monitoring.ingest.columns import BoolArray, FloatArray, IntArray
from yingji.monitoring.rules import HIGH_LEVELS, LOW_LEVELS, Params, Thresholds

NAN = math.nan


def inner_limits(th: Thresholds) -> tuple[float, float]:
    """(lowest high limit, highest low limit): a value strictly between them is at no
    threshold level (``rules.threshold_level`` is None)."""
    highs = [v for v in (th.limit(level) for level in HIGH_LEVELS) if v is not None]
    lows = [v for v in (th.limit(level) for level in LOW_LEVELS) if v is not None]
    return (min(highs) if highs else math.inf), (max(lows) if lows else -math.inf)


@dataclass
class GroupInputs:
    """Per point (one entry per run of the batch): limits, rule settings and state."""

    high: list[float]
    low: list[float]
    threshold_idle: list[bool]
    rate_limit: list[float]  # NaN when the rate rule is off
    rate_blocked: list[bool]  # rate rule on and active: stepping is needed to clear it
    rate_prev_v: list[float]
    rate_prev_t: list[float]
    stuck_eps: list[float]  # NaN when the stuck rule is off
    stuck_blocked: list[bool]
    stuck_held: list[float]
    stuck_since_known: list[bool]

    @classmethod
    def new(cls) -> GroupInputs:
        return cls([], [], [], [], [], [], [], [], [], [], [])

    def add(self, state: dict[str, Any], fixed: Fixed) -> None:
        self.high.append(fixed.high)
        self.low.append(fixed.low)
        self.threshold_idle.append(state.get("threshold", {}).get("active") is None)
        rate = state.get("rate", {})
        self.rate_limit.append(fixed.rate_limit)
        self.rate_blocked.append(fixed.rate_limit == fixed.rate_limit and bool(rate.get("active")))
        self.rate_prev_v.append(_number(rate.get("pv")))
        self.rate_prev_t.append(_number(rate.get("pt")))
        stuck = state.get("stuck", {})
        self.stuck_eps.append(fixed.stuck_eps)
        self.stuck_blocked.append(fixed.stuck_eps == fixed.stuck_eps and bool(stuck.get("active")))
        self.stuck_held.append(_number(stuck.get("sv")))
        self.stuck_since_known.append(stuck.get("ss") is not None)


@dataclass(frozen=True)
class Fixed:
    """What the shortcut needs of a point's settings, worked out once per point."""

    high: float
    low: float
    rate_limit: float  # NaN when the rate rule is off
    stuck_eps: float  # NaN when the stuck rule is off

    @classmethod
    def of(cls, th: Thresholds, p: Params) -> Fixed:
        high, low = inner_limits(th)
        return cls(high, low, NAN if p.rate_pct_per_min is None else p.rate_pct_per_min / 100.0 * th.span,
                   NAN if p.stuck_minutes is None else 1e-4 * th.span)


def _number(value: Any) -> float:
    return NAN if value is None else float(value)


def quiet_points(value: FloatArray, us: IntArray, starts: IntArray, g: GroupInputs) -> BoolArray:
    """For readings sorted by (point, time) with runs beginning at ``starts``: whether
    each run changes nothing but the remembered last values (see the module docstring)."""
    n, runs = len(value), len(starts)
    if not runs:
        return np.zeros(0, np.bool_)
    run = np.repeat(np.arange(runs), np.diff(np.append(starts, n)))
    first = np.zeros(n, np.bool_)
    first[starts] = True
    ok = (value < np.array(g.high)[run]) & (value > np.array(g.low)[run])

    ts = us / 1e6
    prev_v = np.empty(n)
    prev_v[1:] = value[:-1]
    prev_t = np.empty(n)
    prev_t[1:] = ts[:-1]

    with np.errstate(divide="ignore", invalid="ignore"):
        rate_limit = np.array(g.rate_limit)[run]
        pv, pt = prev_v.copy(), prev_t.copy()
        pv[starts], pt[starts] = g.rate_prev_v, g.rate_prev_t
        rate = np.abs(value - pv) / ((ts - pt) / 60.0)
        ok &= np.isnan(rate_limit) | np.isnan(pv) | np.isnan(pt) | (ts <= pt) | (rate <= rate_limit)

        eps = np.array(g.stuck_eps)[run]
        held = prev_v.copy()
        held[starts] = g.stuck_held
        since_known = np.ones(n, np.bool_)
        since_known[starts] = g.stuck_since_known
        ok &= np.isnan(eps) | np.isnan(held) | ~since_known | (np.abs(value - held) > eps)

    blocked = ~np.array(g.threshold_idle) | np.array(g.rate_blocked) | np.array(g.stuck_blocked)
    return np.logical_and.reduceat(ok, starts) & ~blocked


def settle_quiet(state: dict[str, Any], last_value: float, last_ts: float, p: Params) -> None:
    """The state after a quiet run ending with (``last_value``, ``last_ts``): what the
    per-reading rules would have left."""
    state.setdefault("threshold", {}).update(cand=None, n=0, since=None)
    rate = state.setdefault("rate", {})
    if p.rate_pct_per_min is not None:
        rate.update(pv=last_value, pt=last_ts)
    stuck = state.setdefault("stuck", {})
    if p.stuck_minutes is not None:
        stuck.update(sv=last_value, ss=last_ts, active=False)
