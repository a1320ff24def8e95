"""Fixtures of the enterprise tests: supervisors in two districts, an enterprise user."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, make_user, system
from yingji.enterprises import services
from yingji.enterprises.tests.factories import WUCHANG_STREET, make_enterprise, make_unit


@pytest.fixture
def ja_supervisor(db: Any) -> Any:
    return make_user("ja_sup", roles=["supervisor"], scope=JIANGAN)


@pytest.fixture
def wc_supervisor(db: Any) -> Any:
    return make_user("wc_sup", roles=["supervisor"], scope=WUCHANG)


@pytest.fixture
def jiangan_enterprise(db: Any) -> Any:
    enterprise = make_enterprise(1, street_code=JIANGAN_STREET)
    make_unit(enterprise, [("氯", 20), ("氨", 30)], population=120)
    services.create_risk_point({"enterprise": enterprise, "name": "液氯装卸区", "method": "lec",
                                "lec_l": 3, "lec_e": 6, "lec_c": 15}, actor=system())
    return enterprise


@pytest.fixture
def wuchang_enterprise(db: Any) -> Any:
    return make_enterprise(2, street_code=WUCHANG_STREET, longitude=114.32, latitude=30.55)


@pytest.fixture
def owner(jiangan_enterprise: Any) -> Any:
    user = make_user("qy_owner", roles=["enterprise"], scope=JIANGAN)
    services.add_member(jiangan_enterprise, user, actor=system())
    return user
