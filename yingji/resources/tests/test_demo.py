"""The demo builder: deterministic Wuhan resources whose stock replays from the ledger."""

from __future__ import annotations

import pytest

from yingji.core.actor import Actor
from yingji.core.demo.registry import DemoContext
from yingji.resources import demo
from yingji.resources.models import (
    CommunityProfile,
    Equipment,
    Expert,
    RescueTeam,
    Shelter,
    StockBatch,
    StockMovement,
    SupplyProducer,
    Warehouse,
)
from yingji.resources.services import analysis, stock

pytestmark = pytest.mark.django_db


def build() -> list[str]:
    lines: list[str] = []
    demo.build(DemoContext(Actor.system("demo"), 1, lines.append))
    return lines


def test_demo_builds_wuhan_resources_once_and_deterministically(commander) -> None:
    build()
    teams = list(RescueTeam.objects.order_by("id").values_list("name", "longitude", "headcount"))
    assert len(teams) >= 13 * 3
    assert all(code.startswith("4201") for code in RescueTeam.objects.values_list("region_id", flat=True))
    assert Warehouse.objects.filter(level="city").count() == 1
    assert Shelter.objects.filter(name="解放公园应急避难场所", region_id="420102000000").exists()
    assert CommunityProfile.objects.count() > 1000
    assert stock.rebuild_stock() == []
    assert StockMovement.objects.count() == StockBatch.objects.count()
    assert stock.shortages(Warehouse.objects.all())  # some items are short by design
    assert stock.expiring_batches(StockBatch.objects.all()).exists()
    assert build() == ["应急资源已存在，跳过"]
    coverage = analysis.rescue_circle(commander)
    assert 0 < coverage.communities[0] <= coverage.communities[1]
    plan = analysis.evacuation_plan(commander)
    assert plan.population > 0 and plan.rows
    # Same seed, same rows: rebuild from scratch and compare.
    StockMovement.objects.all().delete()
    StockBatch.objects.all().delete()
    for model in (RescueTeam, Shelter, CommunityProfile, Equipment, Expert, SupplyProducer,
                  Warehouse):
        model.objects.all().delete()
    build()
    again = list(RescueTeam.objects.order_by("id").values_list("name", "longitude", "headcount"))
    assert again == teams
