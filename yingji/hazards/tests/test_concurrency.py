"""Two people act on the same hazard at once (PostgreSQL, real threads): exactly one
wins, the other gets the conflict, and the hazard moved once."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from yingji.core.models import Deadline
from yingji.core.testing import actor_for
from yingji.hazards.models import Hazard
from yingji.hazards.services import hazards, steps
from yingji.hazards.tests.conftest import assign_data, hazard_data


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="row locks (select_for_update) are tested on PostgreSQL; SQLite "
                           "serialises every write transaction anyway")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_assignments_one_wins(enterprise, officer, other_supervisor) -> None:
    hazard = hazards.create_hazard(hazard_data(enterprise), actor=actor_for(officer))
    outcomes: list[str] = []
    barrier = threading.Barrier(6)

    def act(user: Any, measures: str) -> None:
        try:
            barrier.wait()
            steps.assign_rectification(Hazard.objects.get(pk=hazard.pk), actor=actor_for(user),
                                       **assign_data(measures=measures), expected_version=0)
            outcomes.append(measures)
        except ValidationError as exc:
            outcomes.append("conflict" if "已被他人处理" in str(exc) or "不能执行" in str(exc)
                            else str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(u, f"措施{i}"))
               for i, u in enumerate([officer, other_supervisor] * 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [o for o in outcomes if o != "conflict"]
    assert len(winners) == 1 and outcomes.count("conflict") == 5
    hazard.refresh_from_db()
    assert hazard.state == "pending" and hazard.version == 1 and hazard.measures == winners[0]
    assert Deadline.objects.filter(object_id=str(hazard.pk)).count() == 1
