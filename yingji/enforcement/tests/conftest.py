"""Test data of the enforcement module: a district bureau, certified inspectors, an
enterprise and a standard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from yingji.core.models import Department, User
from yingji.core.testing import JIANGAN, JIANGAN_STREET, actor_for, make_department, make_user, region, system
from yingji.enforcement.models import DiscretionStandard, Inspector
from yingji.enforcement.services import cases, people
from yingji.enterprises.models import Enterprise
from yingji.enterprises.tests.factories import make_enterprise


@dataclass
class Bureau:
    department: Department
    inspector_user: User
    legal: User
    leader: User
    officers: list[Inspector]
    expired: Inspector
    enterprise: Enterprise


_seq = [0]


def make_inspector(user: User | None, department: Department, *, name: str,
                   days: int = 365, code: str = JIANGAN) -> Inspector:
    _seq[0] += 1
    return people.create_inspector({
        "user": user, "name": name, "certificate_number": f"42010{_seq[0]:07d}",
        "certificate_expires_on": timezone.localdate() + timedelta(days=days),
        "department": department, "region": region(code)}, actor=system())


def make_bureau(tag: str = "a", code: str = JIANGAN, street: str = JIANGAN_STREET,
                n: int = 951) -> Bureau:
    department = make_department(f"{tag}测试区应急管理局", region_code=code, kind="district_bureau")
    inspector_user = make_user(f"{tag}_insp", roles=["inspector"], scope=code, department=department)
    other = make_user(f"{tag}_insp2", roles=["inspector"], scope=code, department=department)
    legal = make_user(f"{tag}_legal", roles=["legal_reviewer"], scope=code, department=department)
    leader = make_user(f"{tag}_leader", roles=["duty_leader"], scope=code, department=department)
    officers = [make_inspector(inspector_user, department, name=f"{tag}执法甲", code=code),
                make_inspector(other, department, name=f"{tag}执法乙", code=code)]
    expired = make_inspector(None, department, name=f"{tag}过期", days=-1, code=code)
    enterprise = make_enterprise(n, street_code=street, name=f"{tag}测试化工有限公司",
                                 supervising_department=department)
    return Bureau(department, inspector_user, legal, leader, officers, expired, enterprise)


@pytest.fixture
def bureau(db: Any) -> Bureau:
    return make_bureau()


def standard(code: str = "CL102") -> DiscretionStandard:
    return DiscretionStandard.objects.get(code=code)


def case_data(b: Bureau, **extra: Any) -> dict[str, Any]:
    return {"enterprise": b.enterprise, "standard": standard(), "title": "未采取措施消除事故隐患",
            "facts": "储罐区可燃气体报警器失效，未采取措施消除", "unit_fine": Decimal("10000"),
            **extra}


def open_test_case(b: Bureau, **extra: Any) -> Any:
    return cases.open_case(case_data(b, **extra), actor=actor_for(b.inspector_user),
                           officers=b.officers)
