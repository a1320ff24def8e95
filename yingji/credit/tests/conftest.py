"""Fixtures of the credit tests: a district bureau of 江岸区 with a decided penalty case
(the enforcement module's own helpers), its legal reviewer, a second bureau (武昌区)
with its own reviewer, an enterprise account, and helpers for entries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from yingji.core.testing import WUCHANG, actor_for, make_user, system
from yingji.credit.models import DishonestyEntry, ListingGround
from yingji.credit.services import listing
from yingji.enforcement.models import Case
from yingji.enforcement.services import steps
from yingji.enforcement.tests.conftest import Bureau, make_bureau
from yingji.enforcement.tests.test_case_law import _notified
from yingji.enterprises import services as enterprise_services
from yingji.enterprises.tests.factories import WUCHANG_STREET


def decided_case(b: Bureau, **extra: Any) -> Case:
    """A penalty decided by the bureau (the party waived its statement and hearing)."""
    return steps.decide(_notified(b, **extra), actor=actor_for(b.leader), waived=True)


def ground(code: str = "G07") -> ListingGround:
    return ListingGround.objects.get(code=code)


@pytest.fixture
def ja(db: Any) -> Bureau:
    return make_bureau("ja")


@pytest.fixture
def wc(db: Any) -> Bureau:
    return make_bureau("wc", code=WUCHANG, street=WUCHANG_STREET, n=952)


@pytest.fixture
def owner(ja: Bureau) -> Any:
    """The account of the 江岸 bureau's enterprise (企业用户)."""
    user = make_user("ja_owner", roles=["enterprise"], scope=ja.enterprise.region_id,
                     real_name="企业安全员")
    enterprise_services.add_member(ja.enterprise, user, actor=system())
    return user


def propose(b: Bureau, case: Case | None = None, code: str = "G07") -> DishonestyEntry:
    case = case or decided_case(b)
    return listing.propose_entry({"case": case, "ground": ground(code),
                                  "facts": "处罚决定作出后有能力履行而拒不履行"}, actor=actor_for(b.legal))


def listed_since(b: Bureau, day: date, code: str = "G04", number: str = "岸应急信列〔2024〕1号"
                 ) -> DishonestyEntry:
    """An entry decided before the platform, listed on ``day``."""
    return listing.import_listing({"enterprise": b.enterprise, "ground": ground(code),
                                   "department": b.department, "facts": "瞒报一起死亡事故",
                                   "number": number, "listed_on": day}, actor=actor_for(b.legal))
