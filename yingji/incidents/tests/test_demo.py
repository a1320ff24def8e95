"""The demo builder: a month of rosters and Wuhan incidents with dispatch histories,
late reports counted, reviews; built once (a second run adds nothing)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.demo import builder as core_demo
from yingji.core.demo.registry import DemoContext
from yingji.incidents import demo
from yingji.incidents.models import DispatchOrder, DutyShift, Incident, InfoReport, Review
from yingji.incidents.services.duty import current_shift
from yingji.resources import demo as resources_demo

pytestmark = pytest.mark.django_db


def test_demo_builds_a_month_of_duty_and_incidents(settings: Any) -> None:
    lines: list[str] = []
    ctx = DemoContext(Actor.system("demo"), 1, lines.append)
    core_demo.build_departments(ctx)
    core_demo.build_accounts(ctx)
    resources_demo.build(ctx)
    demo.build(ctx)
    assert Incident.objects.count() == len(demo.INCIDENTS)
    assert Incident.objects.filter(state__in=("received", "responding")).count() == 3
    assert Review.objects.count() >= 5
    full = DispatchOrder.objects.filter(state="returned")
    assert full.count() >= 10
    assert all(o.returned_at and o.arrived_at and o.departed_at for o in full)
    late = InfoReport.objects.filter(late=True).count()
    assert 0 < late < InfoReport.objects.filter(status="submitted").count()
    assert DutyShift.objects.filter(start__lt=timezone.now()).count() >= 60  # city and 江岸区
    from yingji.core.models import User

    assert current_shift(User.objects.get(username="wh_duty")) is not None
    demo.build(ctx)  # a second run adds nothing
    assert Incident.objects.count() == len(demo.INCIDENTS)
