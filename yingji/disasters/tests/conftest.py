"""Fixtures of the disasters tests: a flood in 江岸区 affecting 大智街道, and the people of
the chain (the community's informant, the street, the district, the city)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUHAN, actor_for, make_user, region
from yingji.disasters.models import DisasterEvent
from yingji.disasters.services import events

VILLAGE = "420102002003"  # 大智街道 保成社区
VILLAGE2 = "420102002004"  # 大智街道 泰宁社区


def event_data(**fields: Any) -> dict[str, Any]:
    data = {
        "title": "测试暴雨洪涝",
        "kind": "flood",
        "grade": "major",
        "region": region(JIANGAN),
        "started_at": timezone.now() - timedelta(hours=1),
        "description": "强降雨致内涝",
        "affected_regions": [region(JIANGAN_STREET)],
    }
    data.update(fields)
    return data


def figures(**values: Any) -> dict[str, Any]:
    base = {
        "affected": 120,
        "relocated": 30,
        "needing_aid": 20,
        "crop_affected": 10,
        "crop_damaged": 5,
        "crop_lost": 2,
        "general_households": 3,
        "general_rooms": 6,
        "loss_agriculture": 12,
        "loss_housing": 8,
    }
    base.update(values)
    return base


@pytest.fixture
def people(db: Any) -> dict[str, Any]:
    return {
        "informant": make_user("t_informant", roles=["informant"], scope=JIANGAN_STREET),
        "street": make_user("t_street", roles=["duty_officer"], scope=JIANGAN_STREET),
        "county": make_user("t_county", roles=["duty_officer"], scope=JIANGAN),
        # The district's leader: 县审批 of relief, 完成核报, corrections after it.
        "county_leader": make_user("t_county_leader", roles=["duty_leader"], scope=JIANGAN),
        "city": make_user("t_city", roles=["duty_officer"], scope=WUHAN),
        "leader": make_user("t_leader", roles=["duty_leader"], scope=WUHAN),
    }


@pytest.fixture
def event(people: dict[str, Any]) -> DisasterEvent:
    return events.create_event(event_data(), actor=actor_for(people["county"]))


@pytest.fixture
def village() -> Region:
    return region(VILLAGE)


@pytest.fixture
def village2() -> Region:
    return region(VILLAGE2)
