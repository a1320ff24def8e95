"""The demo hazards: a year of them with realistic shares, listed majors, overdue ones,
deadlines on the open ones; deterministic and not repeated."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.demo.builder import build_accounts, build_departments
from yingji.core.demo.registry import DemoContext
from yingji.core.models import Deadline
from yingji.enterprises.demo import build_enterprises
from yingji.hazards.demo import build_hazards
from yingji.hazards.models import Hazard, SelfInspection, TreatmentPlan
from yingji.hazards.services.hooks import overdue_queryset

pytestmark = pytest.mark.django_db


def test_demo_year_of_hazards() -> None:
    log: list[str] = []
    ctx = DemoContext(Actor.system("demo"), 1, log.append)
    build_departments(ctx)
    build_accounts(ctx)
    build_enterprises(ctx)
    build_hazards(ctx)
    hazards = Hazard.objects.all()
    total = hazards.count()
    assert total == 3600
    now = timezone.now()
    assert not hazards.filter(found_at__gt=now).exists()
    assert not hazards.filter(found_at__lt=now - timezone.timedelta(days=366)).exists()
    sources = Counter(hazards.values_list("source", flat=True))
    assert set(sources) == {"self_check", "department", "enforcement", "public_report", "covert",
                            "monitoring"}
    assert sources["self_check"] > sources["department"] > sources["monitoring"]
    majors = hazards.filter(grade="major")
    assert 0.02 * total < majors.count() < 0.08 * total
    assert majors.exclude(listed_level="").filter(listed_level="city").exists()
    assert majors.exclude(listed_level="").filter(listed_level="district").exists()
    assert not hazards.filter(grade="general").exclude(listed_level="").exists()
    closed = hazards.filter(state="closed")
    assert 0.6 * total < closed.count() < 0.95 * total
    assert closed.filter(closed_on_time=False).exists() and closed.filter(closed_on_time=True).exists()
    assert overdue_queryset().count() > 10
    assert set(hazards.values_list("state", flat=True)) == {
        "registered", "pending", "rectifying", "verifying", "closed"}
    assert hazards.filter(enterprise__isnull=True).exclude(place_name="").count() > 100
    open_count = hazards.filter(state__in=("pending", "rectifying")).count()
    assert Deadline.objects.filter(kind="hazard.rectification", closed_at__isnull=True).count() \
        == open_count
    assert TreatmentPlan.objects.count() == majors.exclude(state="registered").count()
    assert SelfInspection.objects.count() > 1000
    assert hazards.filter(responsible__username="qy_safety").exists()
    numbers = list(hazards.values_list("number", flat=True))
    assert len(set(numbers)) == total and all(n.startswith("YH") for n in numbers)
    build_hazards(ctx)
    assert Hazard.objects.count() == total and "演示隐患已存在，跳过" in log[-1]
