"""Periodic jobs: the crontab is Beijing time, and a job runs once per period however
many workers' schedulers enqueue it (``core.periodic``)."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from yingji.core import periodic as periodic_module
from yingji.core.jobs import export_audit_anchor_hourly
from yingji.core.models import JobPeriod
from yingji.core.periodic import claim, period_start, periodic

ROOT = Path(__file__).resolve().parents[2]


def validates(task: Any, utc_timestamp: datetime) -> bool:
    return bool(task.task_class().validate_datetime(utc_timestamp))


@periodic(hour="8", minute="5")
def morning_reminders() -> int:
    """A job declared like the enforcement module's 08:05 reminders."""
    return 1


def test_the_crontab_is_read_in_beijing_time() -> None:
    # Huey hands its schedulers naive UTC timestamps; 08:05 in Wuhan is 00:05 UTC.
    assert validates(morning_reminders, datetime(2026, 12, 7, 0, 5))
    assert not validates(morning_reminders, datetime(2026, 12, 7, 8, 5))
    assert validates(export_audit_anchor_hourly, datetime(2026, 12, 7, 13, 5))


def test_the_period_is_the_latest_matching_minute() -> None:
    from huey import crontab

    daily = crontab(hour="8", minute="5")
    assert period_start(daily, datetime(2026, 12, 7, 10, 0)) == datetime(2026, 12, 7, 8, 5)
    assert period_start(daily, datetime(2026, 12, 7, 8, 5, 40)) == datetime(2026, 12, 7, 8, 5)
    assert period_start(daily, datetime(2026, 12, 7, 7, 59)) == datetime(2026, 12, 6, 8, 5)
    every_five = crontab(minute="*/5")
    assert period_start(every_five, datetime(2026, 12, 7, 10, 14)) == datetime(2026, 12, 7, 10, 10)
    monthly = crontab(day="1", hour="0", minute="0")
    assert period_start(monthly, datetime(2026, 12, 31, 23, 59)) == datetime(2026, 12, 1, 0, 0)


@pytest.mark.django_db
def test_a_job_runs_once_per_period(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.JOB_ONCE_PER_PERIOD = True
    runs: list[int] = []

    @periodic(minute="*/10")
    def sweep() -> int:
        runs.append(1)
        return len(runs)

    monkeypatch.setattr(periodic_module, "local_minute", lambda: datetime(2026, 12, 7, 9, 23))
    assert sweep.call_local() == 1
    assert sweep.call_local() is None  # the second worker's run of the 09:20 period
    monkeypatch.setattr(periodic_module, "local_minute", lambda: datetime(2026, 12, 7, 9, 31))
    assert sweep.call_local() == 2  # the 09:30 period
    assert len(runs) == 2
    starts = sorted(JobPeriod.objects.filter(name__endswith=".sweep").values_list("period_start", flat=True))
    assert [f"{timezone.localtime(s):%H:%M}" for s in starts] == ["09:20", "09:30"]
    assert list(JobPeriod.objects.filter(name__endswith=".sweep").order_by("period_start")
                .values_list("skipped", flat=True)) == [1, 0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_claims_give_the_period_to_one() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent claims are tested on PostgreSQL; SQLite serialises every write")
    start = datetime(2026, 12, 7, 9, 20)
    barrier = threading.Barrier(6)
    won: list[bool] = []

    def contend() -> None:
        barrier.wait()
        try:
            won.append(claim("test.concurrent", start))
        finally:
            connection.close()

    threads = [threading.Thread(target=contend) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(won) == [False] * 5 + [True]
    assert JobPeriod.objects.get(name="test.concurrent").skipped == 5


def test_every_periodic_job_is_declared_through_core_periodic() -> None:
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "yingji").rglob("*.py")
                 if "db_periodic_task(" in path.read_text(encoding="utf-8")
                 and path.name != "periodic.py" and "tests" not in path.parts]
    assert offenders == [], f"declare periodic jobs with yingji.core.periodic.periodic: {offenders}"
