"""Pure rules of the monitoring module: alarm evaluation, access rate, live risk colour.

The rule engine is a set of functions over a point's state (a JSON-able dict kept in
``PointState.rules``) and one reading; each returns the changes to apply (raise /
clear). Nothing here touches the database, so the tests replay worked examples.

Thresholds follow the usual DCS/SIS convention (GB/T 50493-2019 for gas detectors,
AQ 3035/3036 for major hazard monitoring): four optional limits 低低 ≤ 低 < 高 ≤ 高高,
an alarm only after the excursion persists (debounce: N consecutive readings or a
duration, whichever comes first), and it clears only once the value is back inside the
limit by a dead band (hysteresis), so a value hovering at the limit does not chatter.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

RULE_KEYS = ("debounce_count", "debounce_seconds", "hysteresis_pct", "rate_pct_per_min",
             "stuck_minutes", "offline_minutes")
DEFAULT_PARAMS: dict[str, Any] = {"debounce_count": 3, "debounce_seconds": 60, "hysteresis_pct": 2.0,
                                  "rate_pct_per_min": None, "stuck_minutes": None, "offline_minutes": 10}

HIGH_LEVELS = ("hh", "h")
LOW_LEVELS = ("ll", "l")
LEVEL_RANK = {"hh": 2, "h": 1, "l": 1, "ll": 2}
LEVEL_LABEL = {"hh": "高高报", "h": "高报", "l": "低报", "ll": "低低报"}


@dataclass(frozen=True)
class Params:
    """Effective rule settings of a point (type settings with the point's overrides)."""

    debounce_count: int = 3
    debounce_seconds: float = 60
    hysteresis_pct: float = 2.0
    rate_pct_per_min: float | None = None
    stuck_minutes: float | None = None
    offline_minutes: float = 10


@dataclass(frozen=True)
class Thresholds:
    range_low: float
    range_high: float
    low_low: float | None = None
    low: float | None = None
    high: float | None = None
    high_high: float | None = None

    @property
    def span(self) -> float:
        return max(self.range_high - self.range_low, 1e-9)

    def limit(self, level: str) -> float | None:
        return {"hh": self.high_high, "h": self.high, "l": self.low, "ll": self.low_low}[level]


@dataclass(frozen=True)
class Change:
    """What a reading changed: ``action`` is "raise" (new or escalated) or "clear"."""

    kind: str  # threshold | rate | stuck
    action: str
    level: str = ""
    value: float | None = None
    threshold: float | None = None


# --- configuration ----------------------------------------------------------------------

def check_overrides(overrides: Any) -> str | None:
    """Why per-point overrides are invalid, or None."""
    if not isinstance(overrides, dict):
        return "规则参数应为键值对"
    unknown = sorted(set(overrides) - set(RULE_KEYS))
    if unknown:
        return f"未知的规则参数：{'、'.join(unknown)}"
    for key, value in overrides.items():
        if value is None and key in ("rate_pct_per_min", "stuck_minutes"):
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            return f"规则参数{key}应为非负数"
    if "debounce_count" in overrides and overrides["debounce_count"] < 1:
        return "连续次数至少为1"
    return None


def effective_params(type_params: Mapping[str, Any] | None, overrides: Mapping[str, Any] | None) -> Params:
    """Type settings, then the point's overrides, over the defaults."""
    merged = dict(DEFAULT_PARAMS)
    merged.update({k: v for k, v in (type_params or {}).items() if k in RULE_KEYS})
    merged.update({k: v for k, v in (overrides or {}).items() if k in RULE_KEYS})
    return Params(**merged)


def threshold_problems(range_low: float, range_high: float, low_low: float | None, low: float | None,
                       high: float | None, high_high: float | None) -> dict[str, str]:
    """Field errors of a point's range and thresholds (empty when consistent)."""
    errors: dict[str, str] = {}
    if range_low >= range_high:
        errors["range_high"] = "量程上限应大于量程下限"
        return errors
    named = [("low_low", low_low, "低低报"), ("low", low, "低报"), ("high", high, "高报"),
             ("high_high", high_high, "高高报")]
    for field, value, label in named:
        if value is not None and not range_low <= value <= range_high:
            errors[field] = f"{label}阈值应在量程{range_low:g}～{range_high:g}之内"
    given = [(f, v, lab) for f, v, lab in named if v is not None]
    for (_, a, la), (fb, b, lb) in itertools.pairwise(given):
        if a is not None and b is not None and a >= b and fb not in errors:
            errors[fb] = f"{lb}阈值应大于{la}阈值"
    return errors


# --- threshold with debounce and hysteresis ---------------------------------------------

def threshold_level(value: float, th: Thresholds) -> str | None:
    """The most severe limit ``value`` is beyond (at or over a high, at or under a low)."""
    if th.high_high is not None and value >= th.high_high:
        return "hh"
    if th.high is not None and value >= th.high:
        return "h"
    if th.low_low is not None and value <= th.low_low:
        return "ll"
    if th.low is not None and value <= th.low:
        return "l"
    return None


def _side(level: str | None) -> str:
    return "" if level is None else ("high" if level in HIGH_LEVELS else "low")


def _back_to_normal(value: float, active: str, th: Thresholds, band: float) -> bool:
    """Whether the value is inside the least severe limit of the active side by ``band``."""
    if active in HIGH_LEVELS:
        limit = th.high if th.high is not None else th.high_high
        return limit is not None and value < limit - band
    limit = th.low if th.low is not None else th.low_low
    return limit is not None and value > limit + band


def evaluate_threshold(state: dict[str, Any], value: float, ts: float, th: Thresholds,
                       p: Params) -> Change | None:
    """Advance the threshold state (``cand``/``n``/``since``/``active``) by one reading.

    Raises when an excursion of one side has lasted ``debounce_count`` readings or
    ``debounce_seconds``; raises again (escalation) when a more severe limit persists;
    clears when the value is back inside the limit by ``hysteresis_pct`` of the range.
    """
    level = threshold_level(value, th)
    active = state.get("active")
    band = p.hysteresis_pct / 100.0 * th.span
    if active is not None:
        if _back_to_normal(value, active, th, band):
            state.update(active=None, cand=None, n=0, since=None)
            return Change("threshold", "clear", active, value)
        if level is None or _side(level) != _side(active) or LEVEL_RANK[level] <= LEVEL_RANK[active]:
            state.update(cand=None, n=0, since=None)
            return None
    elif level is None:
        state.update(cand=None, n=0, since=None)
        return None
    assert level is not None
    cand = state.get("cand")
    if cand is None or _side(cand) != _side(level):
        state.update(cand=level, n=1, since=ts)
    else:
        state["n"] = int(state.get("n", 0)) + 1
        if LEVEL_RANK[level] > LEVEL_RANK[cand]:
            state["cand"] = level
    since = ts if state.get("since") is None else float(state["since"])
    persisted = state["n"] >= p.debounce_count or (
        p.debounce_seconds > 0 and ts - since >= p.debounce_seconds)
    if not persisted:
        return None
    raised = state["cand"]
    state.update(active=raised, cand=None, n=0, since=None)
    return Change("threshold", "raise", raised, value, th.limit(raised))


# --- rate of change, stuck value ---------------------------------------------------------

def evaluate_rate(state: dict[str, Any], value: float, ts: float, th: Thresholds,
                  p: Params) -> Change | None:
    """Raise when |Δvalue| per minute between consecutive readings exceeds
    ``rate_pct_per_min`` % of the range; clear when a later step is within it."""
    if p.rate_pct_per_min is None:
        return None
    prev_v, prev_t = state.get("pv"), state.get("pt")
    state.update(pv=value, pt=ts)
    if prev_v is None or prev_t is None or ts <= prev_t:
        return None
    rate = abs(value - prev_v) / ((ts - prev_t) / 60.0)
    limit = p.rate_pct_per_min / 100.0 * th.span
    if rate > limit and not state.get("active"):
        state["active"] = True
        return Change("rate", "raise", "", value, limit)
    if rate <= limit and state.get("active"):
        state["active"] = False
        return Change("rate", "clear", "", value)
    return None


def evaluate_stuck(state: dict[str, Any], value: float, ts: float, th: Thresholds,
                   p: Params) -> Change | None:
    """Raise when the value has not changed (within 0.01 % of the range) for
    ``stuck_minutes``; clear when it moves."""
    if p.stuck_minutes is None:
        return None
    held, since = state.get("sv"), state.get("ss")
    if held is None or since is None or abs(value - held) > 1e-4 * th.span:
        was_active = bool(state.get("active"))
        state.update(sv=value, ss=ts, active=False)
        return Change("stuck", "clear", "", value) if was_active else None
    if not state.get("active") and ts - since >= p.stuck_minutes * 60:
        state["active"] = True
        return Change("stuck", "raise", "", value)
    return None


def evaluate_reading(state: dict[str, Any], value: float, ts: float, th: Thresholds,
                     p: Params) -> list[Change]:
    """All rules of a point for one reading; ``state`` holds one sub-dict per rule."""
    changes = []
    for key, rule in (("threshold", evaluate_threshold), ("rate", evaluate_rate),
                      ("stuck", evaluate_stuck)):
        sub = state.setdefault(key, {})
        change = rule(sub, value, ts, th, p)
        if change is not None:
            changes.append(change)
    return changes


def is_offline(last_ts: float | None, since_ts: float, now: float, offline_minutes: float) -> bool:
    """No reading for ``offline_minutes`` (counted from the last reading, or from when
    the point was set up if it never sent one)."""
    reference = last_ts if last_ts is not None else since_ts
    return now - reference >= offline_minutes * 60


def combination_active(points_in_alarm: int, min_points: int) -> bool:
    """An object alarm when at least ``min_points`` (≥ 2) of its points are in alarm."""
    return min_points >= 2 and points_in_alarm >= min_points


def severity(kind: str, level: str = "") -> int:
    """1 紧急 for 高高/低低 and combinations, 2 重要 for 高/低 and rate, 3 一般 otherwise."""
    if kind == "combination" or level in ("hh", "ll"):
        return 1
    if kind == "rate" or level in ("h", "l"):
        return 2
    return 3


# --- online, access rate, 达标 ----------------------------------------------------------
# One definition for every page (docs/monitoring.md "Online, access rate and 达标"): a
# point is 在线 while its latest reading is younger than its offline time, the same test
# that raises the 测点离线 alarm; 在线率 is the share of point-time online; 达标 is 在线率
# against the target.

def online_minutes(data_minutes: Sequence[int], start: int, end: int, window: int) -> int:
    """Minutes of ``[start, end)`` in which a point was online.

    ``data_minutes`` are the minutes (integers, ascending) in which the point sent a
    reading; a reading in minute ``d`` keeps it online for ``d`` … ``d + window - 1``,
    ``window`` being its offline time in minutes. Minutes before ``start`` count for the
    part of their window that reaches into the period."""
    if end <= start or window <= 0:
        return 0
    total = 0
    covered_to = start  # everything before this is counted already
    for d in data_minutes:
        if d >= end:
            break
        low, high = max(d, covered_to), min(d + window, end)
        if high > low:
            total += high - low
            covered_to = high
    return total


def access_rate(points_total: int, points_reporting: int) -> float | None:
    """接入率: share of configured points that sent at least one reading in the period."""
    if points_total <= 0:
        return None
    return min(points_reporting, points_total) / points_total


def online_rate(online_point_minutes: int, points_total: int, minutes_in_period: int) -> float | None:
    """在线率: point-minutes online (``online_minutes``) over point-minutes in the period."""
    expected = points_total * minutes_in_period
    if expected <= 0:
        return None
    return min(online_point_minutes, expected) / expected


def current_online_rate(points_total: int, points_offline: int) -> float | None:
    """在线率 now: points online over enabled points (the offline flag of each point)."""
    if points_total <= 0:
        return None
    return max(0, points_total - points_offline) / points_total


def meets_target(online: float | None, target: float) -> bool:
    """达标: the 在线率 reaches the target (a period with no points is not 达标)."""
    return online is not None and online >= target - 1e-9


ONLINE_RATE_TARGET = 0.92  # 实时接入率 ≥ 92 % (seed plan 004); the MonitoringSettings default


# --- live enterprise risk colour ---------------------------------------------------------

COLOURS = ("blue", "yellow", "orange", "red")
COLOUR_LABEL = {"blue": "低风险（蓝）", "yellow": "一般风险（黄）", "orange": "较大风险（橙）",
                "red": "重大风险（红）"}


@dataclass(frozen=True)
class LiveState:
    open_alarms: int = 0
    critical_alarms: int = 0  # severity 1 open alarms
    offline_points: int = 0
    total_points: int = 0
    overdue_hazards: int = 0


def live_risk_colour(static_colour: str, major_hazard_grade: int | None, live: LiveState) -> str:
    """Dynamic colour = the static colour raised by live state, capped at red.

    Static base: the enterprise's four-colour risk (blank counts as blue); a grade-1 or
    grade-2 major hazard makes it at least orange. Then one step up for each of:
    any open 紧急 alarm (or three or more open alarms); more than 20 % of points
    offline; any overdue hidden hazard. Three steps take a blue enterprise to red.
    """
    rank = COLOURS.index(static_colour) if static_colour in COLOURS else 0
    if major_hazard_grade in (1, 2):
        rank = max(rank, 2)
    steps = 0
    if live.critical_alarms > 0 or live.open_alarms >= 3:
        steps += 1
    if live.total_points > 0 and live.offline_points / live.total_points > 0.2:
        steps += 1
    if live.overdue_hazards > 0:
        steps += 1
    return COLOURS[min(rank + steps, len(COLOURS) - 1)]
