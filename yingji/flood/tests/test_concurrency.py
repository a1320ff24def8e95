"""Nobody is reported moved twice, however many phones report at once: eight threads
report the same household moved and one wins; eight open the same point's transfer and
one task opens (PostgreSQL, real threads and connections). The database's own promise
(the partial unique index) holds without the service too."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from yingji.core.testing import actor_for, system
from yingji.flood.models import TransferReport, TransferTask
from yingji.flood.services import transfers

pg_only = pytest.mark.skipif(connection.vendor != "postgresql",
                             reason="row locks and concurrent unique checks are tested on "
                                    "PostgreSQL; SQLite serialises every write transaction")


def _race(work: Callable[[], Any], n: int = 8) -> list[str]:
    outcomes: list[str] = []
    barrier = threading.Barrier(n)

    def run() -> None:
        try:
            barrier.wait()
            work()
            outcomes.append("ok")
        except (ValidationError, PermissionDenied) as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pg_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_moved_reports_of_one_household_count_once(point: Any, street_duty: Any) -> None:
    task = transfers.open_task(point, actor=system())
    entry = task.entries.order_by("pk")[0]
    outcomes = _race(lambda: transfers.report_household(entry, actor=actor_for(street_duty),
                                                         outcome="moved"))
    assert outcomes.count("ok") == 1
    assert all("不能重复报送" in o for o in outcomes if o != "ok")
    assert TransferReport.objects.filter(entry=entry, outcome="moved").count() == 1
    entry.refresh_from_db()
    assert entry.status == "moved" and entry.moved_people == 3


@pg_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_openings_of_one_point_open_one_task(point: Any) -> None:
    outcomes = _race(lambda: transfers.open_task(point, actor=system()))
    assert outcomes.count("ok") == 1
    assert TransferTask.objects.filter(point=point, state="open").count() == 1
    assert TransferTask.objects.get(point=point).entries.count() == 3


@pytest.mark.django_db
def test_the_database_refuses_a_second_moved_report(point: Any, street_duty: Any) -> None:
    entry = transfers.open_task(point, actor=system()).entries.order_by("pk")[0]
    fields = {"entry": entry, "outcome": "moved", "people": 1, "reported_by": street_duty,
              "reported_at": timezone.now()}
    TransferReport.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        TransferReport.objects.create(**fields)
    TransferReport.objects.create(**{**fields, "outcome": "refused"})  # other outcomes repeat
