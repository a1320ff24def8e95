"""Fixtures of the flood tests: the 三防责任人 of 大智街道 (the warnings directory), a
shelter, a risk point in one of its communities with three households, and the
accounts: 大智街道's duty officer (reports), 江岸区's leader, 武昌区's duty officer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, make_user, system
from yingji.flood.models import FloodPoint
from yingji.flood.services import points
from yingji.resources.tests.factories import shelter as make_shelter
from yingji.warnings.models import Bulletin, DutyRole, WarningType
from yingji.warnings.services import bulletins, directory


@pytest.fixture
def street(db: Any) -> Region:
    return Region.objects.get(code=JIANGAN_STREET)


@pytest.fixture
def community(street: Region) -> Region:
    found = Region.objects.filter(parent=street).order_by("code").first()
    assert found is not None
    return found


@pytest.fixture
def persons(street: Region, community: Region) -> dict[str, Any]:
    actor = system()
    town = directory.create_person({"name": "钱主任", "phone": "13900000002", "region": street,
                                    "role": DutyRole.SANFANG_TOWN}, actor=actor)
    head = directory.create_person({"name": "孙书记", "phone": "13900000003", "region": community,
                                    "role": DutyRole.SANFANG_VILLAGE}, actor=actor)
    other = Region.objects.filter(parent__code=WUCHANG, level=4).order_by("code").first()
    stranger = directory.create_person({"name": "周主任", "phone": "13900000009", "region": other,
                                        "role": DutyRole.SANFANG_TOWN}, actor=actor)
    return {"town": town, "head": head, "stranger": stranger}


@pytest.fixture
def shelter(db: Any) -> Any:
    return make_shelter("大智街道临时避险点", region_code=JIANGAN_STREET, capacity=10, status="open")


@pytest.fixture
def street_duty(db: Any) -> Any:
    return make_user("dz_flood", roles=["duty_officer"], scope=JIANGAN_STREET, real_name="大智应急办")


@pytest.fixture
def leader(db: Any) -> Any:
    return make_user("ja_flood_leader", roles=["duty_leader"], scope=JIANGAN, real_name="江岸带班领导")


@pytest.fixture
def outsider(db: Any) -> Any:
    return make_user("wc_flood", roles=["duty_officer"], scope=WUCHANG, real_name="武昌值班员")


def point_data(community: Region, persons: dict[str, Any], shelter: Any, **extra: Any) -> dict[str, Any]:
    return {"code": "T-001", "name": "京汉大道下穿通道", "kind": "underpass", "region": community,
            "address": "京汉大道与大智路交汇处", "longitude": 114.2905, "latitude": 30.5985,
            "people_threatened": 7, "threat": "过往车辆行人", "trigger_level": "orange",
            "responsible": [persons["town"], persons["head"]], "shelter": shelter,
            "disposal": "积水超过15厘米立即封闭通道", **extra}


@pytest.fixture
def point(community: Region, persons: dict[str, Any], shelter: Any) -> FloodPoint:
    created = points.create_point(point_data(community, persons, shelter), actor=system())
    for name, members, vulnerable, category in (("王建国", 3, False, "lowland"),
                                                 ("李秀英", 1, True, "dangerous_house"),
                                                 ("张伟", 3, False, "lowland")):
        points.create_household({"point": created, "head_name": name, "members": members,
                                 "vulnerable": vulnerable, "categories": [category],
                                 "phone": "13812345678"}, actor=system())
    return created


def warning(targets: list[Region], level: str = "orange", **extra: Any) -> Bulletin:
    """A published rainstorm warning of 江岸区 over ``targets``."""
    now = timezone.now()
    draft = bulletins.create_bulletin({
        "warning_type": WarningType.objects.get(code="rainstorm"), "level": level,
        "region": Region.objects.get(code=JIANGAN), "target_regions": targets,
        "effective_at": now - timedelta(minutes=1), "expires_at": now + timedelta(hours=6),
        "content": "预计未来3小时降雨量将达50毫米以上", "measures": "转移低洼地带群众",
        "issuer": "江岸区应急管理局", **extra}, actor=system())
    return bulletins.publish_bulletin(bulletins.submit_bulletin(draft, actor=system()), actor=system())



