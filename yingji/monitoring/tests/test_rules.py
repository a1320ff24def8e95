"""The rule engine on worked examples."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from yingji.monitoring import rules
from yingji.monitoring.rules import Params, Thresholds

TH = Thresholds(0, 10, low_low=0.5, low=1.0, high=8.0, high_high=9.0)


def run(values, params, start=0.0, step=10.0, state=None):
    state = {} if state is None else state
    out = []
    for i, v in enumerate(values):
        change = rules.evaluate_threshold(state, v, start + i * step, TH, params)
        out.append(None if change is None else (change.action, change.level))
    return out, state


def test_three_consecutive_readings_raise_once():
    out, state = run([5, 8.2, 8.3, 8.4, 8.5], Params(debounce_count=3, debounce_seconds=0))
    assert out == [None, None, None, ("raise", "h"), None]
    assert state["active"] == "h"


def test_a_single_spike_does_not_raise():
    out, _ = run([5, 9.5, 5, 9.5, 5], Params(debounce_count=2, debounce_seconds=0))
    assert all(o is None for o in out)


def test_duration_debounce_raises_after_the_time_even_with_few_readings():
    # two readings 70 s apart, count 5 would never be reached
    out, _ = run([8.5, 8.6], Params(debounce_count=5, debounce_seconds=60), step=70)
    assert out == [None, ("raise", "h")]


def test_escalation_to_high_high_and_hysteresis_clear():
    p = Params(debounce_count=2, debounce_seconds=0, hysteresis_pct=2.0)  # band 0.2 m
    out, state = run([8.5, 8.5, 9.2, 9.3, 7.9, 7.7], p)
    # raise h, then hh after two readings beyond 9; 7.9 is inside 8 but not by 0.2: still active
    assert out == [None, ("raise", "h"), None, ("raise", "hh"), None, ("clear", "hh")]
    assert state["active"] is None


def test_low_side():
    out, _ = run([2, 0.9, 0.8, 0.4, 0.3], Params(debounce_count=2, debounce_seconds=0))
    assert out == [None, None, ("raise", "l"), None, ("raise", "ll")]


def test_rate_of_change_per_minute():
    p = Params(rate_pct_per_min=10.0)  # 1 m per minute on a 10 m range
    state: dict = {}
    assert rules.evaluate_rate(state, 5.0, 0, TH, p) is None
    assert rules.evaluate_rate(state, 5.1, 30, TH, p) is None  # 0.2 m/min
    change = rules.evaluate_rate(state, 6.0, 60, TH, p)  # 1.8 m/min
    assert change is not None and change.action == "raise"
    assert rules.evaluate_rate(state, 6.8, 90, TH, p) is None  # still too fast: no repeat
    assert rules.evaluate_rate(state, 6.85, 120, TH, p).action == "clear"


def test_stuck_value():
    p = Params(stuck_minutes=10)
    state: dict = {}
    results = [rules.evaluate_stuck(state, 4.0, t, TH, p) for t in range(0, 660, 60)]
    assert [r.action for r in results if r] == ["raise"]
    assert results[10] is not None  # at 600 s
    assert rules.evaluate_stuck(state, 4.5, 700, TH, p).action == "clear"


def test_offline():
    assert rules.is_offline(1000.0, 0.0, 1000 + 600, 10)
    assert not rules.is_offline(1000.0, 0.0, 1000 + 599, 10)
    assert rules.is_offline(None, 0.0, 601, 10)  # never sent: counted from creation


def test_combination_and_severity():
    assert rules.combination_active(2, 2)
    assert not rules.combination_active(1, 2)
    assert not rules.combination_active(5, 0)
    assert rules.severity("threshold", "hh") == 1
    assert rules.severity("threshold", "h") == 2
    assert rules.severity("offline") == 3
    assert rules.severity("combination") == 1


def test_overrides_and_effective_params():
    assert rules.check_overrides({"debounce_count": 0}) == "连续次数至少为1"
    assert "未知" in (rules.check_overrides({"nope": 1}) or "")
    assert rules.check_overrides({"stuck_minutes": None, "debounce_seconds": 5}) is None
    p = rules.effective_params({"debounce_count": 4, "stuck_minutes": 30}, {"stuck_minutes": None})
    assert p.debounce_count == 4 and p.stuck_minutes is None


def test_threshold_problems():
    assert rules.threshold_problems(0, 10, 0.5, 1, 8, 9) == {}
    assert "high" in rules.threshold_problems(0, 10, None, 5, 4, None)
    assert "high_high" in rules.threshold_problems(0, 10, None, None, None, 11)
    assert "range_high" in rules.threshold_problems(10, 0, None, None, None, None)


def test_access_and_online_rate():
    assert rules.access_rate(25, 23) == 0.92
    assert rules.access_rate(0, 0) is None
    assert rules.online_rate(1440 * 9, 10, 1440) == 0.9
    assert rules.current_online_rate(25, 2) == 0.92 and rules.current_online_rate(0, 0) is None
    assert rules.meets_target(0.92, 0.92) and not rules.meets_target(0.9199, 0.92)
    assert not rules.meets_target(None, 0.92)


def test_online_minutes_worked_examples():
    # A reading every 5 minutes with a 10-minute offline time: online all day long.
    assert rules.online_minutes(list(range(0, 1440, 5)), 0, 1440, 10) == 1440
    # One reading at 00:01 keeps the point online for its window only, though it counts
    # for the 接入率 of the whole day.
    assert rules.online_minutes([1], 0, 1440, 10) == 10
    # A gap of an hour: the last reading before it (minute 59) keeps the point online
    # through minute 68, its tenth minute.
    data = list(range(0, 60)) + list(range(120, 180))
    assert rules.online_minutes(data, 0, 180, 10) == 60 + 9 + 60
    # A reading just before the period counts for the part of its window inside it.
    assert rules.online_minutes([-3], 0, 100, 10) == 7
    # Data after the period, an empty period, no data.
    assert rules.online_minutes([200], 0, 100, 10) == 0
    assert rules.online_minutes([5], 10, 10, 10) == 0
    assert rules.online_minutes([], 0, 100, 10) == 0
    # Windows clipped at the period's end (today, counted up to now).
    assert rules.online_minutes([95], 0, 100, 10) == 5


def test_online_minutes_equals_counting_minute_by_minute():
    import random

    rng = random.Random(7)
    for _ in range(200):
        window = rng.randint(1, 15)
        data = sorted(rng.sample(range(-20, 300), rng.randint(0, 60)))
        start, end = rng.randint(0, 50), rng.randint(50, 300)
        brute = sum(1 for m in range(start, end) if any(d <= m < d + window for d in data))
        assert rules.online_minutes(data, start, end, window) == brute


def test_live_risk_colour_worked_examples():
    live = rules.LiveState
    assert rules.live_risk_colour("blue", None, live()) == "blue"
    assert rules.live_risk_colour("blue", None, live(critical_alarms=1)) == "yellow"
    assert rules.live_risk_colour("", 2, live()) == "orange"
    assert rules.live_risk_colour("yellow", None, live(open_alarms=3, offline_points=3, total_points=10,
                                                       overdue_hazards=1)) == "red"
    assert rules.live_risk_colour("blue", None, live(offline_points=2, total_points=10)) == "blue"


@given(st.lists(st.floats(min_value=0, max_value=10), min_size=1, max_size=60))
def test_raises_and_clears_alternate(values):
    state: dict = {}
    actions = []
    for i, v in enumerate(values):
        c = rules.evaluate_threshold(state, v, i * 10.0, TH, Params(debounce_count=2, debounce_seconds=0))
        if c is not None:
            actions.append(c.action)
    # a clear always follows a raise; never two clears in a row
    assert all(not (a == b == "clear") for a, b in itertools.pairwise(actions))
    assert not actions or actions[0] == "raise"
