"""Flood responses under concurrency (PostgreSQL, real threads and connections): eight
leaders starting a response at once leave one in force; eight job runs at once leave
one suggestion; two leaders deciding one suggestion at once record one decision."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, WUHAN, actor_for, make_user, system
from yingji.flood.models import FloodResponse, ResponseState
from yingji.flood.services import levels
from yingji.flood.tests.conftest import warning
from yingji.flood.tests.test_concurrency import _race, pg_only


@pg_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_starts_leave_one_response_in_force(leader: Any) -> None:
    district = Region.objects.get(code=JIANGAN)
    levels.start_response({"region": district, "grade": "4", "decision_note": "先行启动"},
                          actor=actor_for(leader))
    outcomes = _race(lambda: levels.start_response(
        {"region": district, "grade": "3", "decision_note": "提升"}, actor=actor_for(leader)))
    assert outcomes.count("ok") >= 1
    assert all("请刷新后重试" in o for o in outcomes if o != "ok")
    assert FloodResponse.objects.filter(region=district, state=ResponseState.ACTIVE).count() == 1


@pg_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_job_runs_leave_one_suggestion(point: Any, street: Region) -> None:
    warning([street], level="orange")
    outcomes = _race(lambda: levels.suggest_due(actor=system()))
    assert outcomes.count("ok") == 8  # the losers find it waiting or lose the insert quietly
    assert FloodResponse.objects.filter(state=ResponseState.SUGGESTED).count() == 1


@pg_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_leaders_deciding_at_once_record_one_decision(point: Any, street: Region) -> None:
    warning([street], level="orange")
    suggestion = levels.suggest_due(actor=system())
    assert suggestion is not None
    city = make_user("wh_race_leader", roles=["duty_leader"], scope=WUHAN)
    outcomes = _race(lambda: levels.decide(suggestion, actor=actor_for(city), grade="3",
                                           note="会商"), n=2)
    assert outcomes.count("ok") == 1 and "该建议已决策" in "".join(outcomes)
    assert FloodResponse.objects.filter(state=ResponseState.ACTIVE).count() == 1
