"""The demo flood season of 江岸区: 21 points with the directory's persons and rosters,
the orange warning opens the one orange point's transfer, half reported; not repeated."""

from __future__ import annotations

import pytest

from yingji.core.actor import Actor
from yingji.core.demo.builder import build_accounts, build_departments
from yingji.core.demo.registry import DemoContext
from yingji.core.models import User
from yingji.flood.demo import build
from yingji.flood.models import FloodPoint, Household, TransferTask
from yingji.flood.services import board
from yingji.warnings import demo as warnings_demo

pytestmark = pytest.mark.django_db


def test_demo_flood_season_is_live() -> None:
    log: list[str] = []
    ctx = DemoContext(Actor.system("demo"), 1, log.append)
    build_departments(ctx)
    build_accounts(ctx)
    warnings_demo.build(ctx)
    build(ctx)
    assert FloodPoint.objects.count() == 21
    assert all(p.responsible.exists() for p in FloodPoint.objects.all())
    assert Household.objects.count() == sum(n for streets in (6, 8, 7, 5, 4, 3, 4, 5, 6, 7, 3, 4, 5,
                                                              2, 6, 5, 6, 4, 2, 3, 2) for n in [streets])
    (task,) = TransferTask.objects.filter(state="open")
    assert task.point.name == "京汉大道下穿通道" and task.trigger == "warning"
    statuses = list(task.entries.values_list("status", flat=True))
    assert statuses.count("moved") == 3 and statuses.count("refused") == 1
    assert statuses.count("not_found") == 1 and statuses.count("pending") == 1
    street = board.build(User.objects.get(username="dz_duty"))
    (row,) = street.points
    assert row.tally.moved_households == 3 and street.shelters[0].people == row.tally.moved_people
    assert board.build(User.objects.get(username="wc_duty")).points == []
    # The district's Ⅳ级 response is in force; the city's Ⅲ级 suggestion is the city
    # leader's to-do, not the district leader's.
    from yingji.flood.models import FloodResponse
    from yingji.flood.workbench import response_todos

    assert FloodResponse.objects.get(state="active").region_id == "420102000000"
    waiting = FloodResponse.objects.get(state="suggested")
    assert waiting.region_id == "420100000000" and waiting.suggested_grade == "3"
    (todo,) = response_todos(User.objects.get(username="wh_leader"))
    assert todo.count == 1
    assert [t.count for t in response_todos(User.objects.get(username="ja_leader"))] == [0]
    build(ctx)  # a second run adds nothing
    assert FloodPoint.objects.count() == 21 and TransferTask.objects.count() == 1
