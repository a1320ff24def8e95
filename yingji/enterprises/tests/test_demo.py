"""The demo enterprises: realistic, deterministic, every grade, the enterprise account."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core.actor import Actor
from yingji.core.audit import verify_chain
from yingji.core.demo.registry import DemoContext
from yingji.core.testing import make_user
from yingji.enterprises import rules, services
from yingji.enterprises.demo import build_enterprises
from yingji.enterprises.models import Enterprise, EnterpriseMember, MajorHazardUnit, RiskPoint

pytestmark = pytest.mark.django_db


def _build() -> list[str]:
    log: list[str] = []
    build_enterprises(DemoContext(actor=Actor.system("demo"), scale=1, log=log.append))
    return log


def test_demo_enterprises(django_db_blocker: Any) -> None:
    owner = make_user("qy_safety", roles=["enterprise"], scope="420102002000")
    _build()
    assert Enterprise.objects.count() == 3000
    assert all(rules.is_valid_credit_code(c) for c in
               Enterprise.objects.values_list("credit_code", flat=True)[:500])
    assert not Enterprise.objects.exclude(region__code__startswith="4201").exists()
    assert len(set(Enterprise.objects.values_list("name", flat=True))) == 3000
    assert set(MajorHazardUnit.objects.filter(is_major=True)
               .values_list("grade", flat=True)) == {1, 2, 3, 4}
    assert RiskPoint.objects.count() > 2000
    assert set(Enterprise.objects.values_list("risk_colour", flat=True)) >= {
        "red", "orange", "yellow", "blue"}
    member = EnterpriseMember.objects.get(user=owner)
    assert member.enterprise.region_id == "420102002000"
    assert list(Enterprise.objects.restrict(owner, "view")) == [member.enterprise]
    first = list(Enterprise.objects.order_by("credit_code").values_list(
        "credit_code", "name", "region_id", "longitude")[:50])
    assert "跳过" in _build()[0]
    assert Enterprise.objects.count() == 3000
    assert verify_chain() == []
    # The bulk roll-up agrees with the per-enterprise service.
    for enterprise in Enterprise.objects.order_by("pk")[:300]:
        before = (enterprise.risk_colour, enterprise.major_hazard_grade)
        services.refresh_enterprise(enterprise, actor=Actor.system("test"))
        assert (enterprise.risk_colour, enterprise.major_hazard_grade) == before
    # Same seed, same rows.
    Enterprise.objects.all().delete()
    _build()
    assert list(Enterprise.objects.order_by("credit_code").values_list(
        "credit_code", "name", "region_id", "longitude")[:50]) == first


def test_demo_enterprises_spread_over_their_districts() -> None:
    from yingji.enterprises.demo import _districts, district_radius_km, street_anchor
    from yingji.resources.rules import haversine_m

    _build()
    for district in _districts():
        rows = list(Enterprise.objects.filter(region__code__startswith=district.code[:6])
                    .values_list("region_id", "longitude", "latitude"))
        radius = district_radius_km(district)
        far = [haversine_m(lon, lat, district.lon, district.lat) / 1000 for _, lon, lat in rows]
        # No enterprise strays beyond the district disc plus four σ of scatter…
        assert max(far) < radius + 4
        # …and they do not pile up on the centroid: the anchors of the streets differ.
        anchors = {street_anchor(district, street) for street in district.streets}
        assert len(anchors) == len(district.streets)
        assert sum(d > 2.5 for d in far) > len(far) / 3
