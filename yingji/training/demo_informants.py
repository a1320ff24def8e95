"""Demo: 江岸区's 灾害信息员 roster (and 黄陂区's first streets, hp_relief's): the
streets' informants already in the warnings directory adopted into the roster
(dz_informant's login linked to 大智街道's), an A角 in most villages and a B角 in about
half, a few villages still without one (the to-do), training dates and certificates
from current to lapsed. Through the services."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from yingji.core.demo.builder import person_name
from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Region, User
from yingji.core.models.regions import RegionLevel
from yingji.training.models import Informant, InformantDuty
from yingji.training.services import informants
from yingji.warnings.models import DutyRole, ResponsiblePerson

DISTRICT = "420102"
HUANGPI = "420116"
DAZHI = "420102002000"
SEED = 20261207


def _phone(n: int) -> str:
    return f"137{26000000 + n * 6007 % 1000000:08d}"


def _training(rng: random.Random) -> dict[str, object]:
    today = timezone.localdate()
    draw = rng.random()
    trained = None if draw < 0.08 else today - timedelta(days=rng.randint(20, 300 if draw < 0.85 else 500))
    until = None if rng.random() < 0.1 else today + timedelta(days=rng.randint(-90, 900))
    return {"trained_on": trained, "training_hours": Decimal(rng.choice((0, 4, 8, 8, 12, 16))),
            "joined_on": today - timedelta(days=rng.randint(200, 2500)),
            "certificate_number": f"ZX4201{rng.randint(100000, 999999)}" if until else "",
            "certificate_valid_until": until}


@register(760, "灾害信息员名册")
def build_informants(ctx: DemoContext) -> None:
    if Informant.objects.exists():
        return
    rng = random.Random(SEED)
    count = 0
    for person in ResponsiblePerson.objects.filter(role=DutyRole.INFORMANT,
                                                   region__code__startswith=DISTRICT).order_by("pk"):
        account = None
        if person.region_id == DAZHI:
            account = User.objects.filter(username="dz_informant").first()
        informants.create_informant({"person": person, "duty": InformantDuty.A, "account": account,
                                     **_training(rng)}, actor=ctx.actor)
        count += 1
    streets = list(Region.objects.filter(code__startswith=HUANGPI, level=RegionLevel.TOWN)
                   .order_by("code").values_list("code", flat=True)[:3])
    villages = [*Region.objects.filter(code__startswith=DISTRICT, level=RegionLevel.VILLAGE),
                *Region.objects.filter(parent_id__in=streets)]
    for i, village in enumerate(sorted(villages, key=lambda v: v.code)):
        if i % 11 == 5:
            continue  # a village still without an informant: the to-do
        for duty in (InformantDuty.A, InformantDuty.B):
            if duty == InformantDuty.B and rng.random() < 0.5:
                continue
            count += 1
            informants.create_informant({
                "name": person_name(count + 900), "phone": _phone(count), "region": village,
                "organisation": f"{village.name}居委会", "duty": duty, **_training(rng)},
                actor=ctx.actor)
    ctx.log(f"灾害信息员：{count}名")
