"""Periodic jobs that run once per period, on Beijing time, however many workers run.

Every ``yingji worker`` (and ``yingji serve`` with its jobs) has a Huey scheduler that
enqueues each periodic job when its time comes, so with two workers a job declared with
Huey's ``db_periodic_task`` runs twice. Huey also matches the crontab against UTC (its
default), so ``hour="8"`` meant 16:00 in Wuhan. ``periodic(...)`` fixes both: the crontab
is read in Asia/Shanghai, and a run first claims its period (a unique ``JobPeriod`` row);
a second worker's run of the same period finds it taken and does nothing.

A run that dies after its claim leaves its period done: the jobs are sweeps that the next
period repeats, never a one-off that must happen."""

from __future__ import annotations

import functools
import logging
import os
import socket
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

logger = logging.getLogger(__name__)
Job = TypeVar("Job", bound=Callable[..., Any])
Check = Callable[[datetime], bool]

# The longest period looked back over: a monthly job (31 days of minutes).
LOOKBACK_MINUTES = 31 * 24 * 60
KEEP_DAYS = 40


def local_minute(moment: datetime | None = None) -> datetime:
    """The current minute (or ``moment``'s) in Beijing time, naive, seconds dropped."""
    local = timezone.localtime(moment) if moment is not None else timezone.localtime()
    return local.replace(second=0, microsecond=0, tzinfo=None)


def period_start(check: Check, now: datetime) -> datetime | None:
    """The latest minute at or before ``now`` (naive local) that the crontab matches:
    the period the run at ``now`` belongs to."""
    minute = now.replace(second=0, microsecond=0)
    for _ in range(LOOKBACK_MINUTES):
        if check(minute):
            return minute
        minute -= timedelta(minutes=1)
    return None


def _huey_time_to_local(timestamp: datetime) -> datetime:
    from huey.contrib.djhuey import HUEY

    aware = timestamp.replace(tzinfo=UTC) if HUEY.utc else timestamp.astimezone()
    return local_minute(aware)


def claim(name: str, start: datetime) -> bool:
    """Take the period for this process; False when another process has it."""
    from yingji.core.models import JobPeriod

    aware = timezone.make_aware(start)
    try:
        with transaction.atomic():
            JobPeriod.objects.create(name=name, period_start=aware,
                                     claimed_by=f"{socket.gethostname()}:{os.getpid()}"[:100])
    except IntegrityError:
        JobPeriod.objects.filter(name=name, period_start=aware).update(skipped=F("skipped") + 1)
        return False
    JobPeriod.objects.filter(name=name, period_start__lt=aware - timedelta(days=KEEP_DAYS)).delete()
    return True


def periodic(*, minute: str = "*", hour: str = "*", day: str = "*", month: str = "*",
             day_of_week: str = "*", **options: Any) -> Callable[[Job], Job]:
    """Declare a periodic job (crontab fields in Beijing time) that runs once per period."""
    check = crontab(minute=minute, hour=hour, day=day, month=month, day_of_week=day_of_week)

    def decorator(function: Job) -> Job:
        name = f"{function.__module__}.{function.__name__}"

        @functools.wraps(function)
        def once(*args: Any, **kwargs: Any) -> Any:
            if settings.JOB_ONCE_PER_PERIOD:
                start = period_start(check, local_minute())
                if start is not None and not claim(name, start):
                    logger.info("periodic job %s: period %s already run elsewhere", name, start)
                    return None
            return function(*args, **kwargs)

        task = db_periodic_task(lambda ts: check(_huey_time_to_local(ts)), name=name, **options)(once)
        return task

    return decorator
