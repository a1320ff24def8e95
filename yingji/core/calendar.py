"""Chinese working days: the State Council's holiday and make-up-day schedule.

The schedule comes from the maintained ``chinese-calendar`` package. Years it does not
cover yet (the State Council publishes each year's schedule in the previous autumn) fall
back to Monday-Friday, and ``covered`` says so, so callers can show that a deadline is
an estimate.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import chinese_calendar
from django.utils import timezone


def covered(day: date) -> bool:
    """Whether the official schedule for ``day``'s year is known."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_workday(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted).

    ``days == 0`` gives ``start`` if it is a working day, else the next working day.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    if days == 0:
        while not is_workday(current):
            current += timedelta(days=1)
        return current
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_workday(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    if end < start:
        return -working_days_between(end, start)
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if is_workday(current):
            count += 1
    return count


def due_at(start: datetime, amount: int, unit: str) -> datetime:
    """A deadline ``amount`` ``unit`` after ``start`` (aware datetimes, Asia/Shanghai days).

    Units: ``minutes``, ``hours``, ``days`` (calendar) and ``workdays`` (ends at 23:59:59
    local time of the last working day, the way a "N个工作日内" limit is read).
    """
    if amount < 0:
        raise ValueError("amount must not be negative")
    if unit == "minutes":
        return start + timedelta(minutes=amount)
    if unit == "hours":
        return start + timedelta(hours=amount)
    if unit == "days":
        return start + timedelta(days=amount)
    if unit == "workdays":
        local = timezone.localtime(start)
        last = add_working_days(local.date(), amount)
        return timezone.make_aware(datetime.combine(last, time(23, 59, 59)), local.tzinfo)
    raise ValueError(f"unknown deadline unit {unit!r}")
