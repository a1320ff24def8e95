"""Fixtures of the accidents tests: supervisors of 江岸区 and 武昌区 and an accident."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from yingji.accidents.models import Accident
from yingji.accidents.services import accidents
from yingji.core.models import Region
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, WUHAN, actor_for, make_user


@pytest.fixture
def supervisor(db: Any) -> Any:
    return make_user("ja_sg", roles=["supervisor"], scope=JIANGAN, real_name="江岸事故科")


@pytest.fixture
def outsider(db: Any) -> Any:
    return make_user("wc_sg", roles=["supervisor"], scope=WUCHANG, real_name="武昌事故科")


@pytest.fixture
def leader(db: Any) -> Any:
    """The city's leader: the higher level of a district's accident, the government side."""
    return make_user("wh_ld", roles=["duty_leader"], scope=WUHAN, real_name="市局领导")


@pytest.fixture
def street(db: Any) -> Region:
    return Region.objects.get(code=JIANGAN_STREET)


def accident_data(street: Region, **extra: Any) -> dict[str, Any]:
    return {
        "title": "江岸区某机械厂机械伤害事故", "occurred_at": timezone.now() - timedelta(days=2),
        "region": street, "address": "大智街道工业路8号", "unit_name": "武汉某机械制造有限公司",
        "credit_code": "91420102MA4KXXXX1X", "industry": "industry_trade", "is_production": True,
        "deaths": 1, "missing": 0, "serious_injuries": 0, "minor_injuries": 1,
        "loss_wan": Decimal("120"), "victims": "王某、李某", "category_6441": "03",
        "causes": ["unsafe_act", "training"], "description": "冲压作业时手部被卷入", **extra,
    }


@pytest.fixture
def accident(supervisor: Any, street: Region) -> Accident:
    return accidents.create_accident(accident_data(street), actor=actor_for(supervisor))


def seen(obj: Any) -> int:
    """The version of the accident (or of a finding's or measure's accident) an officer
    opening its page now would see: what a test's direct service call passes."""
    accident = obj if isinstance(obj, Accident) else obj.accident
    return int(Accident.objects.values_list("version", flat=True).get(pk=accident.pk))
