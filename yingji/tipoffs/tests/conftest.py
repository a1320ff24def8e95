"""Fixtures of the tipoffs tests: an enterprise in 江岸区, the duty officer, supervisor
and reward committee of 江岸区, the supervisor of 武昌区, and report helpers."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core.actor import Actor
from yingji.core.models import DepartmentKind
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, WUHAN, make_department, make_user, region
from yingji.enterprises.tests.factories import make_enterprise
from yingji.tipoffs.models import Tipoff
from yingji.tipoffs.services import intake

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def public_actor(ip: str = "203.0.113.7") -> Actor:
    return Actor(user=None, ip=ip, anonymous=True)


def report_data(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": "major_hazard", "description": "仓库内违规存放大量液化气钢瓶，无人看管",
                            "region": region(JIANGAN), "address": "江岸区大智路12号后院",
                            "anonymous": False, "name": "张三丰", "phone": "13800138000"}
    data.update(extra)
    return data


def submit(**extra: Any) -> tuple[Tipoff, str]:
    ip = extra.pop("ip", "203.0.113.7")
    files = extra.pop("files", ())
    return intake.submit_public(report_data(**extra), actor=public_actor(ip), files=files)


@pytest.fixture
def enterprise(db: Any) -> Any:
    return make_enterprise(1, street_code=JIANGAN_STREET)


@pytest.fixture
def bureau(db: Any) -> Any:
    return make_department("江岸区应急管理局", region_code=JIANGAN, kind=DepartmentKind.DISTRICT_BUREAU)


@pytest.fixture
def duty(db: Any) -> Any:
    return make_user("ja_tip_duty", roles=["duty_officer"], scope=JIANGAN, real_name="江岸值班员")


@pytest.fixture
def supervisor(bureau: Any) -> Any:
    user = make_user("ja_tip_sup", roles=["supervisor"], scope=JIANGAN, real_name="江岸监管员")
    user.department = bureau
    user.save(update_fields=["department"])
    return user


@pytest.fixture
def wc_supervisor(db: Any) -> Any:
    return make_user("wc_tip_sup", roles=["supervisor"], scope=WUCHANG, real_name="武昌监管员")


@pytest.fixture
def committee(db: Any) -> list[Any]:
    return [make_user(f"wh_tip_rc{i}", roles=["reward_committee"], scope=WUHAN, real_name=f"委员{i}")
            for i in range(3)]
