"""Fixtures of the incidents tests: duty people of 江岸区 and 武昌区, teams through the
resources services, a typical incident."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, actor_for, make_user
from yingji.incidents.models import Incident
from yingji.incidents.services import intake


@pytest.fixture
def officer(db: Any) -> Any:
    return make_user("ja_duty", roles=["duty_officer"], scope=JIANGAN, real_name="江岸值班员")


@pytest.fixture
def leader(db: Any) -> Any:
    return make_user("ja_leader", roles=["duty_leader"], scope=JIANGAN, real_name="江岸带班领导")


@pytest.fixture
def outsider(db: Any) -> Any:
    return make_user("wc_duty", roles=["duty_officer"], scope=WUCHANG, real_name="武昌值班员")


@pytest.fixture
def street(db: Any) -> Region:
    return Region.objects.get(code=JIANGAN_STREET)


def incident_data(street: Region, **extra: Any) -> dict[str, Any]:
    return {
        "title": "江岸区某仓库火灾", "received_at": timezone.now() - timedelta(minutes=5),
        "source": "phone", "caller": "张三", "caller_phone": "13800000000",
        "region": street, "address": "大智街道中山大道100号", "longitude": 114.2905,
        "latitude": 30.5900, "category": "accident", "subtype": "fire",
        "deaths": 0, "serious_injuries": 0, "description": "仓库起火，有人员被困", **extra,
    }


@pytest.fixture
def incident(officer: Any, street: Region) -> Incident:
    return intake.receive_incident(incident_data(street), actor=actor_for(officer))
