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


# --- 会商研判 ---------------------------------------------------------------------------


def previous_month(today: date) -> tuple[date, date]:
    """The month before ``today``'s: (first day, last day)."""
    first = date(today.year, today.month, 1)
    last = date.fromordinal(first.toordinal() - 1)
    return date(last.year, last.month, 1), last


def previous_quarter(today: date) -> tuple[date, date]:
    """The calendar quarter before ``today``'s: (first day, last day)."""
    quarter_first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    last = date.fromordinal(quarter_first.toordinal() - 1)
    return date(last.year, (last.month - 1) // 3 * 3 + 1, 1), last


def scheduled_periods(today: date) -> list[tuple[str, date, date]]:
    """The reports due on ``today`` by the seeds' schedule ("月度…趋势研判报告",
    "每季度…发布风险分析报告"): on the 1st the previous month's, and on the 1st of a
    quarter also the previous quarter's. Drafts: the analyst edits and issues them."""
    if today.day != 1:
        return []
    periods = [("monthly", *previous_month(today))]
    if today.month in (1, 4, 7, 10):
        periods.append(("quarterly", *previous_quarter(today)))
    return periods


def preceding_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before ``[start, end]`` (both inclusive): a
    calendar month's is the month before, a quarter's the quarter before."""
    if start.day == 1 and date.fromordinal(end.toordinal() + 1).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        index = start.year * 12 + start.month - 1 - months
        first = date(index // 12, index % 12 + 1, 1)
        return first, date.fromordinal(start.toordinal() - 1)
    days = end.toordinal() - start.toordinal() + 1
    return date.fromordinal(start.toordinal() - days), date.fromordinal(start.toordinal() - 1)


def change_text(value: float | None, previous: float | None, unit: str) -> str:
    """How a figure moved against the preceding period, as the report words it
    ("较上期上升2起（+50.0%）", "较上期下降3.5个百分点", "与上期持平")."""
    if value is None or previous is None:
        return "上期无可比数据"
    delta = round(value - previous, 1)
    if delta == 0:
        return "与上期持平"
    word = "上升" if delta > 0 else "下降"
    if unit == "%":
        return f"较上期{word}{abs(delta):g}个百分点"
    share = f"（{delta / previous * 100:+.1f}%）" if previous else ""
    return f"较上期{word}{abs(delta):g}{unit}{share}"


def month_starts(start: date, end: date, at_least: int = 6) -> list[date]:
    """The first days of the months of ``[start, end]``, reaching back so that a trend
    shows at least ``at_least`` months ending with the period's last."""
    index = end.year * 12 + end.month - 1
    first = min(start.year * 12 + start.month - 1, index - at_least + 1)
    return [date(i // 12, i % 12 + 1, 1) for i in range(first, index + 1)]


def consultation_number(year: int, sequence: int) -> str:
    """The number of an issued report: 研判〔2026〕3号."""
    return f"研判〔{year}〕{sequence}号"


def chinese_number(n: int) -> str:
    """A number as a heading writes it (1 → 一, 10 → 十, 13 → 十三, 27 → 二十七), up to 99."""
    digits = "零一二三四五六七八九"
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones else "")
