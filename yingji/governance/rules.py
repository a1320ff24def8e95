"""Pure rules of the governance module: where a node and an item of a work plan stand,
and the board's tallies. No Django."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

DONE, ON_TIME, LATE, NOT_STARTED = "done", "on_time", "late", "not_started"
STATUSES = ((DONE, "已完成"), (ON_TIME, "按期推进"), (LATE, "逾期"), (NOT_STARTED, "未启动"))
STATUS_LABELS = dict(STATUSES)
STATUS_BADGES = {DONE: "green", ON_TIME: "blue", LATE: "red", NOT_STARTED: "secondary"}


def node_status(due: date, done_on: date | None, reported: bool, today: date) -> str:
    """A node is done once its owner reports it done; otherwise late after its date,
    on time while progress has been reported, and not started before the first report."""
    if done_on is not None:
        return DONE
    if due < today:
        return LATE
    return ON_TIME if reported else NOT_STARTED


def item_status(node_statuses: Iterable[str]) -> str:
    """An item is done when all its nodes are; late when any node is late; on time when
    any node has moved; not started otherwise (an item without nodes has not started)."""
    statuses = list(node_statuses)
    if not statuses:
        return NOT_STARTED
    if all(s == DONE for s in statuses):
        return DONE
    if LATE in statuses:
        return LATE
    if ON_TIME in statuses or DONE in statuses:
        return ON_TIME
    return NOT_STARTED


@dataclass
class Tally:
    """Counts of items by status under one heading (a department, a district)."""

    name: str
    counts: dict[str, int] = field(default_factory=lambda: {code: 0 for code, _ in STATUSES})

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done_rate(self) -> float:
        """Share of the items done, in per cent (0 with no item)."""
        return round(100 * self.counts[DONE] / self.total, 1) if self.total else 0.0


def tally(rows: Iterable[tuple[str, str]]) -> list[Tally]:
    """(heading, status) pairs as one tally per heading, the most lagging first (most
    late items, then fewest done), ties by name."""
    by_name: dict[str, Tally] = {}
    for name, status in rows:
        by_name.setdefault(name, Tally(name)).counts[status] += 1
    return sorted(by_name.values(), key=lambda t: (-t.counts[LATE], t.done_rate, t.name))


def split_departments(text: str) -> list[str]:
    """Department names in a co-department list ("市公安局、市交通运输局，各区")."""
    for sep in ("，", ",", "；", ";", " ", "/"):
        text = text.replace(sep, "、")
    return [part.strip() for part in text.split("、") if part.strip()]


def notice_number(year: int, sequence: int) -> str:
    """The number of the office's supervision notice: 督办〔2026〕3号."""
    return f"督办〔{year}〕{sequence}号"


def kpi_met(value: float | None, target: float | None, higher_is_better: bool) -> bool | None:
    """Whether an indicator's figure reaches its target (None when either is unknown):
    at least the target when higher is better, at most it otherwise."""
    if value is None or target is None:
        return None
    return value >= target if higher_is_better else value <= target
