"""The demo fire season: a week of danger for 黄陂区 (and 华容县 when its divisions are
loaded), drier towards today; today's high danger drafted a forest fire warning waiting
for review; not repeated."""

from __future__ import annotations

import pytest
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.demo.builder import build_accounts, build_departments
from yingji.core.demo.registry import DemoContext
from yingji.core.models import User
from yingji.forestfire.demo import build
from yingji.forestfire.models import FireDanger

pytestmark = pytest.mark.django_db


def test_demo_fire_season_is_live() -> None:
    ctx = DemoContext(Actor.system("demo"), 1, lambda _: None)
    build_departments(ctx)
    build_accounts(ctx)
    build(ctx)
    today = FireDanger.objects.filter(day=timezone.localdate(), region__code__startswith="420116")
    assert today.exists() and min(r.level for r in today) >= 4
    week_ago = FireDanger.objects.filter(day=timezone.localdate() - timezone.timedelta(days=6))
    assert max(r.level for r in week_ago) <= 2
    waiting = FireDanger.objects.filter(bulletin__state="review")
    assert waiting.exists() and all(r.bulletin.warning_type.code == "forest_fire" for r in waiting)
    # The city's duty officer sees 黄陂区; 武昌区's sees nothing.
    assert FireDanger.objects.restrict(User.objects.get(username="wh_duty"), "view").exists()
    assert not FireDanger.objects.restrict(User.objects.get(username="wc_duty"), "view").exists()
    count = FireDanger.objects.count()
    build(ctx)
    assert FireDanger.objects.count() == count
