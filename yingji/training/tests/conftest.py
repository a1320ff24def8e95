"""Fixtures of the training tests: a hazchem enterprise in 江岸区 with its own account,
one in 武昌区, the supervisors of both districts and a roll helper."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from yingji.core.testing import JIANGAN, WUCHANG, WUHAN, make_user, system
from yingji.enterprises import services as enterprise_services
from yingji.enterprises.tests.factories import WUCHANG_STREET, make_enterprise
from yingji.training.models import Certificate, CertifiedPerson
from yingji.training.services import people


@pytest.fixture
def enterprise(db: Any) -> Any:
    return make_enterprise(1, principal="王建国", safety_manager="李安全")


@pytest.fixture
def wc_enterprise(db: Any) -> Any:
    return make_enterprise(2, street_code=WUCHANG_STREET, name="武昌测试商贸有限公司",
                           industry="industry_trade", sub_industry="commerce")


@pytest.fixture
def owner(enterprise: Any) -> Any:
    user = make_user("qy_train", roles=["enterprise"], scope="420102002000", real_name="企业安全员")
    enterprise_services.add_member(enterprise, user, actor=system())
    return user


@pytest.fixture
def ja_supervisor(db: Any) -> Any:
    return make_user("ja_train", roles=["supervisor"], scope=JIANGAN, real_name="江岸监管员")


@pytest.fixture
def wc_supervisor(db: Any) -> Any:
    return make_user("wc_train", roles=["supervisor"], scope=WUCHANG, real_name="武昌监管员")


@pytest.fixture
def city_supervisor(db: Any) -> Any:
    return make_user("wh_train", roles=["supervisor"], scope=WUHAN, real_name="市局监管员")


def person(enterprise: Any, name: str = "赵电工", post: str = "special_operator",
           work_type: str = "electrical", **extra: Any) -> CertifiedPerson:
    return people.create_person({"enterprise": enterprise, "name": name, "post": post,
                                 "work_type": work_type if post == "special_operator" else "",
                                 **extra}, actor=system())


def certificate(holder: CertifiedPerson, *, until: date | None = None, number: str = "T001",
                issued: date | None = None, **extra: Any) -> Certificate:
    today = timezone.localdate()
    until = until or today + timedelta(days=1000)
    return people.create_certificate({
        "person": holder, "kind": holder.required_kind, "work_type": holder.work_type,
        "number": number, "issuer": "湖北省应急管理厅",
        "issued_on": issued or min(today - timedelta(days=30), until - timedelta(days=1)),
        "valid_until": until,
        **extra}, actor=system())
