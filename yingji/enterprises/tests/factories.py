"""Test data of the enterprise registry: valid credit codes, enterprises, hazards."""

from __future__ import annotations

from typing import Any

from yingji.core.models import Industry, Region
from yingji.core.testing import JIANGAN_STREET, region, system
from yingji.enterprises import services
from yingji.enterprises.models import Enterprise, HazardSubstance, MajorHazardUnit
from yingji.enterprises.rules import credit_check_character

WUCHANG_STREET = "420106001000"  # 武昌区 积玉桥街道


def credit_code(n: int, division: str = "420102") -> str:
    """A valid unified social credit code numbered ``n``."""
    body = f"91{division}{n:09d}"
    return body + credit_check_character(body)


def street(code: str = JIANGAN_STREET) -> Region:
    found = Region.objects.filter(code=code).first()
    if found is not None:
        return found
    district = code[:6] + "000000"
    return Region.objects.filter(parent_id=district).order_by("code").first() or region(code)


def make_enterprise(n: int = 1, *, street_code: str = JIANGAN_STREET, **fields: Any) -> Enterprise:
    place = street(street_code)
    data: dict[str, Any] = {
        "name": f"武汉测试化工有限公司{n}", "credit_code": credit_code(n, place.code[:6]),
        "industry": Industry.HAZCHEM, "region": place, "address": "测试路1号",
        "longitude": 114.30, "latitude": 30.60, **fields,
    }
    return services.create_enterprise(data, actor=system())


def make_unit(enterprise: Enterprise, substances: list[tuple[str, float]],
              population: int = 20) -> MajorHazardUnit:
    source = services.create_major_hazard(
        {"enterprise": enterprise, "name": "罐区", "population_500m": population},
        actor=system())
    unit = services.create_unit({"source": source, "name": "1号储罐组", "kind": "storage"},
                                actor=system())
    for name, q in substances:
        services.create_substance({"unit": unit, "substance": HazardSubstance.objects.get(
            name=name), "quantity": q}, actor=system())
    unit.refresh_from_db()
    return unit
