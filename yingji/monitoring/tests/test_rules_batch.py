"""The whole-batch shortcut agrees with the per-reading rule engine."""

from __future__ import annotations

import copy
import random
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from yingji.monitoring import rules
from yingji.monitoring.ingest import rules_batch

TH = rules.Thresholds(0, 100, low_low=5, low=10, high=80, high_high=90)


def stepped(state: dict[str, Any], values: list[float], stamps: list[int], th: rules.Thresholds,
            p: rules.Params) -> list[rules.Change]:
    changes = []
    for value, us in zip(values, stamps, strict=True):
        changes.extend(rules.evaluate_reading(state, value, us / 1e6, th, p))
    return changes


def shortcut(states: list[dict[str, Any]], runs: list[tuple[list[float], list[int]]], th: rules.Thresholds,
             p: rules.Params) -> np.ndarray:
    inputs = rules_batch.GroupInputs.new()
    for state in states:
        inputs.add(state, rules_batch.Fixed.of(th, p))
    values = np.array([v for vs, _ in runs for v in vs], np.float64)
    stamps = np.array([u for _, us in runs for u in us], np.int64)
    starts = np.cumsum([0] + [len(vs) for vs, _ in runs[:-1]]).astype(np.int64)
    return rules_batch.quiet_points(values, stamps, starts, inputs)


def test_a_calm_stream_is_quiet_and_settles_to_the_same_state() -> None:
    p = rules.Params(rate_pct_per_min=80, stuck_minutes=5)
    t0 = 1_764_000_000_000_000
    values = [40.0 + i % 2 for i in range(20)]
    stamps = [t0 + i * 1_000_000 for i in range(20)]
    state: dict[str, Any] = {}
    expected = copy.deepcopy(state)
    assert stepped(expected, values, stamps, TH, p) == []
    assert shortcut([state], [(values, stamps)], TH, p).tolist() == [True]
    rules_batch.settle_quiet(state, values[-1], stamps[-1] / 1e6, p)
    assert state == expected


def test_crossings_and_active_alarms_are_not_quiet() -> None:
    p = rules.Params(debounce_count=1)
    t0 = 1_764_000_000_000_000
    stamps = [t0, t0 + 1_000_000]
    active = {"threshold": {"active": "h", "cand": None, "n": 0, "since": None}}
    runs = [([40.0, 85.0], stamps), ([40.0, 10.0], stamps), ([50.0, 50.0], stamps)]
    quiet = shortcut([{}, {}, active], runs, TH, p)
    # 85 reaches 高报; 10 is at the 低报 limit (≤ raises); an active alarm may clear.
    assert quiet.tolist() == [False, False, False]


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rate=st.sampled_from([None, 5.0, 40.0]),
       stuck=st.sampled_from([None, 0.05, 2.0]), debounce=st.integers(1, 4))
def test_where_the_shortcut_applies_stepping_changes_nothing_and_agrees(seed: int, rate: float | None,
                                                                        stuck: float | None,
                                                                        debounce: int) -> None:
    rng = random.Random(seed)
    p = rules.Params(debounce_count=debounce, debounce_seconds=30, rate_pct_per_min=rate, stuck_minutes=stuck)
    t0 = 1_764_000_000_000_000
    states, runs = [], []
    for _ in range(6):
        state: dict[str, Any] = {}
        n0 = rng.randint(0, 30)
        start_values = [rng.choice([50.0, 50.0, rng.uniform(0, 100)]) for _ in range(n0)]
        stepped(state, start_values, [t0 + i * 10_000_000 for i in range(n0)], TH, p)
        base = t0 + n0 * 10_000_000 + rng.randint(1, 5) * 1_000_000
        n = rng.randint(1, 25)
        level = rng.uniform(11, 79)
        values = [rng.choice([level, round(level + rng.uniform(-3, 3), 2), rng.uniform(0, 100)])
                  for _ in range(n)]
        stamps = [base + i * rng.choice([1_000_000, 20_000_000, 90_000_000]) for i in range(n)]
        stamps = sorted(set(stamps))
        values = values[:len(stamps)]
        states.append(state)
        runs.append((values, stamps))
    quiet = shortcut(states, runs, TH, p)
    for state, (values, stamps), is_quiet in zip(states, runs, quiet.tolist(), strict=True):
        expected = copy.deepcopy(state)
        changes = stepped(expected, values, stamps, TH, p)
        if is_quiet:
            assert changes == []
            rules_batch.settle_quiet(state, values[-1], stamps[-1] / 1e6, p)
            assert state == expected


def test_inner_limits() -> None:
    assert rules_batch.inner_limits(TH) == (80, 10)
    assert rules_batch.inner_limits(rules.Thresholds(0, 10, high_high=9)) == (9, float("-inf"))
