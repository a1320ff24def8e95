"""The demo flood's relief: household cases at every step, the 12-hour checks and the
winter-spring support (called by ``demo.build``)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from yingji.core.demo.builder import person_name
from yingji.core.demo.registry import DemoContext
from yingji.core.models import Region, RegionLevel
from yingji.disasters import rules
from yingji.disasters.demo_figures import DAZHI, EVIDENCE, _id_number
from yingji.disasters.models import DisasterEvent
from yingji.disasters.services import checks, relief, support


def _relief(ctx: DemoContext, rng: random.Random, event: DisasterEvent) -> None:
    from yingji.resources.models import StockBatch

    batch = (
        StockBatch.objects.filter(quantity__gt=100, item__category="living")
        .select_related("item")
        .order_by("pk")
        .first()
    )
    villages = list(
        Region.objects.filter(
            parent_id__in=("420116006000", "420116008000", DAZHI), level=RegionLevel.VILLAGE
        ).order_by("code")
    )
    plan = (
        ["applied"] * 6
        + ["village_reviewed"] * 6
        + ["town_audited"] * 6
        + ["approved"] * 6
        + ["issued"] * 8
        + ["published"] * 8
    )
    steps = ["village_review", "town_audit", "approve", "issue", "publish"]
    targets = {
        "applied": 0,
        "village_reviewed": 1,
        "town_audited": 2,
        "approved": 3,
        "issued": 4,
        "published": 5,
    }
    for index, target in enumerate(plan):
        village = villages[(index * 7) % len(villages)]
        category = "emergency" if index % 5 else "transition"
        amount = Decimal(rng.choice((500, 800, 1000, 1500))) if category == "emergency" else Decimal(3000)
        case = relief.create_case(
            {
                "event": event,
                "region": village,
                "category": category,
                "head_name": person_name(index + 2000),
                "id_number": _id_number(rng, village.code[:6]),
                "phone": f"139{rng.randint(10000000, 99999999)}",
                "members": rng.randint(1, 6),
                "address": f"{village.name}{rng.randint(1, 9)}组",
                "situation": rng.choice(
                    (
                        "房屋进水，家中口粮被淹",
                        "房屋严重损坏，暂住亲友家",
                        "农田绝收，家庭生活困难",
                        "家庭成员受伤，无劳动能力",
                    )
                ),
                "amount": amount,
                "goods": "棉被、大米",
            },
            actor=ctx.actor,
        )
        for name in steps[: targets[target]]:
            if name == "issue":
                relief.issue_money(
                    case, amount=case.approved_amount, signed_by_name=case.head_name, actor=ctx.actor
                )
                if batch is not None and index % 2 == 0:
                    relief.issue_goods(
                        case, batch=batch, quantity=2, signed_by_name=case.head_name, actor=ctx.actor
                    )
            opinions = {
                "village_review": "经村民代表评议，同意救助",
                "town_audit": "经入户核查，情况属实",
                "approve": "同意",
            }
            if name == "issue" and not case.issues.filter(kind="goods").exists():
                # 发放完毕 with the planned goods not issued needs the reason.
                opinions["issue"] = "该户已在集中安置点领取棉被、大米，不再入户发放"
            case = relief.step(case, name, actor=ctx.actor, comment=opinions.get(name, ""))


def _checks(ctx: DemoContext, rng: random.Random, event: DisasterEvent) -> None:
    late = {"420116009000", "420116012000"}
    for check in event.checks.select_related("region").order_by("region_id"):
        keys = [key for key, _ in rules.GUARANTEES]
        done = keys if check.region_id not in late else keys[: 3 if check.region_id == "420116012000" else 4]
        for offset, key in enumerate(done):
            text = EVIDENCE[key].format(n=rng.randint(20, 300), place=f"{check.region.name}中心小学")
            at = event.started_at + timedelta(hours=3 + offset * 1.5 + rng.random())
            checks.confirm_guarantee(check, item=key, evidence=text, actor=ctx.actor, at=at)
    # The two late streets' limits passed long ago: core's deadline check marks them
    # overdue and escalates them on its first run.


def _support(ctx: DemoContext, rng: random.Random, event: DisasterEvent) -> None:
    """黄陂区's winter-spring relief of the season (survey, cases, funds, issue) and the
    donations received for the flood with their use."""
    year = timezone.localdate().year
    huangpi = Region.objects.get(code="420116000000")
    plan = support.create_plan(
        {
            "region": huangpi,
            "event": event,
            "season": f"{year}—{year + 1}年度",
            "relief_start": datetime(year, 12, 1).date(),
            "relief_end": datetime(year + 1, 3, 31).date(),
            "standard": Decimal(1200),
            "note": "重点保障因灾倒房、农田绝收和因灾致贫返贫风险户的口粮、衣被、取暖",
        },
        actor=ctx.actor,
    )
    villages = list(
        Region.objects.filter(parent_id="420116009000", level=RegionLevel.VILLAGE).order_by("code")
    )
    cases = []
    for index in range(12):
        village = villages[index % len(villages)]
        case = relief.create_case(
            {
                "event": event,
                "region": village,
                "category": "winter_spring",
                "head_name": person_name(index + 3000),
                "id_number": _id_number(rng, "420116"),
                "members": rng.randint(1, 5),
                "address": f"{village.name}",
                "situation": "因灾农田绝收，冬春口粮、衣被不足",
                "amount": Decimal(1200),
                "goods": "棉被、大米",
            },
            actor=ctx.actor,
        )
        if index < 8:
            for name, comment in (
                ("village_review", "评议通过"),
                ("town_audit", "核查属实"),
                ("approve", "同意"),
            ):
                case = relief.step(case, name, actor=ctx.actor, comment=comment)
        if index < 4:
            relief.issue_money(case, amount=Decimal(1200), signed_by_name=case.head_name, actor=ctx.actor)
            case = relief.step(
                case, "issue", actor=ctx.actor, comment="棉被、大米由街道统一采购后集中发放，本次发放资金"
            )
        cases.append(case)
    support.allocate_funds(plan, amount=Decimal(60000), note=f"陂财社〔{year}〕37号", actor=ctx.actor)
    gifts = (
        ("湖北省慈善总会", "money", Decimal(500000), "", None, ""),
        ("武汉某建设集团有限公司", "money", Decimal(200000), "", None, ""),
        ("某饮料有限公司", "goods", None, "矿泉水", Decimal(3000), "箱"),
    )
    for index, (donor, kind, amount, goods, quantity, unit) in enumerate(gifts):
        donation = support.receive_donation(
            {
                "region": Region.objects.get(code="420100000000" if index == 0 else "420116000000"),
                "event": event,
                "donor": donor,
                "kind": kind,
                "amount": amount,
                "goods": goods,
                "quantity": quantity,
                "unit": unit,
                "received_at": event.started_at + timedelta(days=1 + index),
                "receipt_no": f"鄂捐{year}{index + 101:04d}",
                "note": "定向用于暴雨洪涝受灾群众救助",
            },
            actor=ctx.actor,
        )
        if kind == "money":
            support.use_donation(
                donation, quantity=amount / 4 if amount else 0, purpose="采购棉被、折叠床", actor=ctx.actor
            )
            support.use_donation(
                donation, quantity=Decimal(1200), purpose="补助困难户", case=cases[0], actor=ctx.actor
            )
        else:
            support.use_donation(
                donation, quantity=Decimal(800), purpose="发往六指街道集中安置点", actor=ctx.actor
            )
