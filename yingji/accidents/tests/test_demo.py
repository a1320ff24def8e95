"""The demo accidents: ten years with the seasons and the downward trend, the last half
year in every stage with its deadlines, targets; deterministic and not repeated."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from yingji.accidents.demo import build_accidents
from yingji.accidents.models import Accident, DistrictTarget, Stage
from yingji.core.actor import Actor
from yingji.core.demo.builder import build_accounts, build_departments
from yingji.core.demo.registry import DemoContext
from yingji.core.models import Deadline
from yingji.enterprises.demo import build_enterprises

pytestmark = pytest.mark.django_db


def test_demo_ten_years_of_accidents() -> None:
    log: list[str] = []
    ctx = DemoContext(Actor.system("demo"), 1, log.append)
    build_departments(ctx)
    build_accounts(ctx)
    build_enterprises(ctx)
    build_accidents(ctx)
    rows = Accident.objects.filter(is_production=True)
    today = timezone.localdate()
    by_year = Counter(m // 100 for m in rows.values_list("occurred_month", flat=True))
    assert sorted(by_year) == list(range(today.year - 9, today.year + 1))
    first, last_full = by_year[today.year - 9], by_year[today.year - 1]
    assert last_full < 0.75 * first  # the downward trend
    by_month = Counter(m % 100 for m in rows.filter(occurred_month__lt=today.year * 100)
                       .values_list("occurred_month", flat=True))
    assert by_month[7] + by_month[8] > 1.6 * (by_month[1] + by_month[2])  # the seasons
    assert not rows.filter(occurred_at__gt=timezone.now()).exists()
    stages = set(rows.values_list("state", flat=True))
    assert {Stage.INVESTIGATING, Stage.REPORTED, Stage.REPLIED, Stage.CLOSED, Stage.REVIEWED} <= stages
    assert rows.filter(state=Stage.INVESTIGATING, report_due__lt=today).exists()  # an overdue report
    assert rows.filter(supervised=True).exists() and rows.filter(escalated=True).exists()
    assert rows.filter(typical=True).count() == 2
    # 江岸区's officers have a typical case, and the district's recent cases are its own
    # units' (not a 武昌 company's accident placed in 大智街道).
    # ... within the typical-case page's default period (the last three years)
    assert rows.filter(typical=True, district_code="420102000000",
                       occurred_month__gte=(today.year - 2) * 100 + 1).exists()
    dazhi = rows.filter(region_id="420102002000", enterprise__isnull=False).select_related("enterprise")
    assert dazhi.exists()
    assert all(str(a.enterprise.region_id).startswith("420102") for a in dazhi)
    assert Accident.objects.filter(is_production=False).exclude(non_production_reason="").exists()
    # A registered enterprise's penalty waits for its enforcement case, never carried out here.
    assert rows.filter(findings__disposal="penalty", findings__carried_out=True).exists()
    assert not rows.filter(enterprise__isnull=False, findings__disposal="penalty",
                           findings__enforcement_ref="", findings__carried_out=True).exists()
    investigating = rows.filter(state=Stage.INVESTIGATING).count()
    assert Deadline.objects.filter(kind="accident-report", closed_at__isnull=True).count() == investigating
    assert DistrictTarget.objects.filter(year=today.year).count() >= 10
    numbers = list(Accident.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers) and all(n.startswith("SG") for n in numbers)
    total = Accident.objects.count()
    build_accidents(ctx)
    assert Accident.objects.count() == total and "演示事故已存在，跳过" in log[-1]
