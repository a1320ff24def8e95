"""The demo plans: an enterprise plan is owned by its enterprise, a street plan by the
street's office, never by the government above them."""

from __future__ import annotations

from datetime import date

import pytest

from yingji.core.actor import Actor
from yingji.core.demo.builder import build_accounts, build_departments
from yingji.core.demo.registry import DemoContext
from yingji.core.models import Region
from yingji.core.testing import JIANGAN_STREET
from yingji.enterprises.demo import build_enterprises
from yingji.plans.builders import build_plan, government_of
from yingji.plans.demo_data import _enterprises
from yingji.plans.models import Plan

pytestmark = pytest.mark.django_db


def test_the_demo_enterprise_plans_are_owned_by_their_enterprise() -> None:
    log: list[str] = []
    ctx = DemoContext(Actor.system("demo"), 1, log.append)
    build_departments(ctx)
    build_accounts(ctx)
    build_enterprises(ctx)
    made = _enterprises(ctx.actor)
    plans = list(Plan.objects.filter(level="enterprise").select_related("enterprise", "region"))
    assert len(plans) == made > 0
    for plan in plans:
        assert plan.enterprise is not None
        assert plan.owner_unit == plan.enterprise.name, plan.name
        assert "人民政府" not in plan.owner_unit and "街道" not in plan.owner_unit.removeprefix(
            plan.enterprise.name)
    # Besides the demo account's own enterprise, key enterprises: the ones coverage counts.
    from yingji.plans.services.coverage import KEY_INDUSTRIES

    others = [p.enterprise for p in plans
              if not p.enterprise.members.filter(user__username="qy_safety").exists()]
    assert others and all(e.major_hazard_grade or e.industry in KEY_INDUSTRIES for e in others)


def test_a_street_plan_is_owned_by_the_street_office() -> None:
    street = Region.objects.get(code=JIANGAN_STREET)
    plan = build_plan(Actor.system("demo"), street, name="大智街道突发事件应急预案", kind="grassroots",
                      level="street")
    assert plan.owner_unit == government_of(street) == f"{street.name}办事处"
    assert government_of(Region.objects.get(code="420102000000")) == "江岸区人民政府"


def test_a_plan_is_signed_by_the_head_of_its_level() -> None:
    from yingji.core.models import DomainEvent
    from yingji.plans.builders import bring_in_force

    actor = Actor.system("demo")
    city = bring_in_force(build_plan(actor, Region.objects.get(code="420100000000"), name="市级测试预案",
                                     level="city"), actor, issued_on=date(2025, 1, 6))
    signed = DomainEvent.objects.filter(object_id=str(city.pk), summary__contains="签署人")
    assert any("市长" in e.summary for e in signed) and not any("区长" in e.summary for e in signed)
