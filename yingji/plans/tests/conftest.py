"""Fixtures of the plans tests: a supervisor and a duty officer of 江岸区, a district
fire plan in force, an incident."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, JIANGAN_STREET, actor_for, make_user
from yingji.incidents.services import intake
from yingji.incidents.tests.conftest import incident_data
from yingji.plans.tests.factories import bring_in_force, build_plan


@pytest.fixture
def supervisor(db: Any) -> Any:
    return make_user("ja_sup", roles=["supervisor", "duty_leader"], scope=JIANGAN,
                     real_name="江岸监管员")


@pytest.fixture
def contact(db: Any) -> Any:
    return make_user("ja_contact", roles=["duty_officer"], scope=JIANGAN, real_name="消防联络员")


@pytest.fixture
def district(db: Any) -> Region:
    return Region.objects.get(code=JIANGAN)


@pytest.fixture
def street(db: Any) -> Region:
    return Region.objects.get(code=JIANGAN_STREET)


@pytest.fixture
def fire_plan(supervisor: Any, district: Region, contact: Any) -> Any:
    actor = actor_for(supervisor)
    plan = build_plan(actor, district, name="江岸区火灾事故应急预案", contacts=[contact],
                      resources=[("III", "team", "灭火", 2)])
    return bring_in_force(plan, actor, issued_on=date(2025, 3, 3))


@pytest.fixture
def incident(supervisor: Any, street: Region) -> Any:
    return intake.receive_incident(incident_data(street, deaths=3, trapped=2),
                                   actor=actor_for(supervisor))
