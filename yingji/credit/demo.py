"""Demo: 江岸区's safety credit — the records collected from the demo cases and
accidents, daily commitments of the high-risk enterprises (a week signed, some missing
today), the list with an entry at each step (proposed, noticed with the party's
statement pending, listed and published, an old listing over its period removed by the
job, one listed over a year ago with an early removal application waiting for review).
Everything through the services, so it is audited."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Department, User
from yingji.credit.models import CommitmentKind, CommitmentPlan, DishonestyEntry, ListingGround
from yingji.credit.services import commitments, listing, records
from yingji.enterprises.models import Enterprise, EnterpriseMember

DISTRICT = "420102"  # 江岸区
BUREAU = "江岸区应急管理局"
LEGAL = "ja_legal"
SEED = 20261207


def _legal(ctx: DemoContext, bureau: Department) -> User:
    """The district bureau's 法制 reviewer, who decides its listings (谁处罚谁决定)."""
    from django.conf import settings

    from yingji.core.services.users import create_user

    found = User.objects.filter(username=LEGAL).first()
    if found is not None:
        return found
    return create_user({"username": LEGAL, "real_name": "钱法明", "phone": "13871230019",
                        "position": "法制审核员", "department": bureau,
                        "scope_region": bureau.region},
                       roles=["legal_reviewer"], password=settings.DEMO_PASSWORD, actor=ctx.actor,
                       must_change_password=False)


def _commitments(ctx: DemoContext, enterprises: list[Enterprise], rng: random.Random) -> int:
    actor = ctx.actor
    commitments.plan_high_risk(Enterprise.objects.filter(pk__in=[e.pk for e in enterprises]),
                               actor=actor)
    today = timezone.localdate()
    plans = list(CommitmentPlan.objects.filter(enterprise__in=enterprises).select_related("enterprise"))
    if plans:
        commitments.update_plan(plans[0], {"frequency": "shift", "shifts": 3}, actor=actor)
        plans[0].refresh_from_db()
    missing = 0
    for n, plan in enumerate(plans):
        for back in range(7, -1, -1):
            day = today - timedelta(days=back)
            if back == 0 and n % 3 == 1:  # about a third have not committed today
                missing += 1
                continue
            if back and rng.random() < 0.08:
                continue
            for shift in (range(1, plan.shifts + 1) if plan.frequency == "shift" else (0,)):
                commitments.sign_commitment({
                    "enterprise": plan.enterprise, "day": day, "shift": shift,
                    "kind": CommitmentKind.PERIODIC, "signer": plan.enterprise.principal or "安全负责人",
                    "special_work": rng.choice(("", "", "动火作业1处", "受限空间作业1处"))},
                    actor=actor)
    return missing


@register(790, "安全生产信用：信用记录、安全承诺、严重失信主体名单")
def build_credit(ctx: DemoContext) -> None:
    if DishonestyEntry.objects.exists():
        ctx.log("  演示信用数据已存在，跳过")
        return
    from yingji.core.actor import Actor
    from yingji.enforcement.models import Case
    from yingji.enforcement.workflow import PENALISED_STATES

    rng = random.Random(SEED)
    actor = ctx.actor
    collected = records.collect_events(actor=actor)
    enterprises = list(Enterprise.objects.filter(region__code__startswith=DISTRICT).order_by("id")[:40])
    missing = _commitments(ctx, enterprises, rng)
    bureau = Department.objects.filter(name=BUREAU).first()
    if bureau is None:
        ctx.log(f"  信用记录{collected}条；没有{BUREAU}，不生成名单")
        return
    legal = _legal(ctx, bureau)
    as_legal = Actor(user=legal)
    grounds = {g.code: g for g in ListingGround.objects.all()}
    cases = list(Case.objects.filter(department=bureau, state__in=PENALISED_STATES)
                 .select_related("enterprise").order_by("decided_at", "id"))
    owner_ids = set(EnterpriseMember.objects.filter(user__username="qy_safety")
                    .values_list("enterprise_id", flat=True))
    owned = [c for c in cases if c.enterprise_id in owner_ids]
    others = [c for c in cases if c.enterprise_id not in owner_ids]
    used: set[int] = set()
    # The owner's enterprise: told of a proposed listing, its statement period running.
    own = Enterprise.objects.filter(pk__in=owner_ids).order_by("pk").first()
    if owned or own is None:
        for case in owned[:1] or others[:1]:
            entry = listing.propose_entry({"case": case, "ground": grounds["G07"], "facts": (
                f"{case.title}：行政处罚决定作出后，经催告仍未履行，有履行能力而拒不执行")},
                actor=as_legal)
            listing.notify_entry(entry, actor=as_legal)
            used.add(case.enterprise_id)
    else:  # the owner's enterprise has no case of the bureau: a listing on its own facts
        entry = listing.propose_entry({"enterprise": own, "department": bureau, "ground": grounds["G05"],
                                       "facts": "安全生产许可证被暂扣期间擅自组织生产"}, actor=as_legal)
        listing.notify_entry(entry, actor=as_legal)
        used.add(own.pk)
    rest = [c for c in others if c.enterprise_id not in used]
    if rest:  # a proposal waiting to be notified
        case = rest.pop(0)
        listing.propose_entry({"case": case, "ground": grounds["G08"], "facts": (
            f"{case.title}，性质恶劣、情节严重")}, actor=as_legal)
    if rest:  # listed today after the party's statement, published
        case = rest.pop(0)
        entry = listing.propose_entry({"case": case, "ground": grounds["G08"], "facts": (
            f"{case.title}，一年内因同类违法行为两次受到行政处罚")}, actor=as_legal)
        entry = listing.notify_entry(entry, actor=as_legal)
        entry = listing.state_case(entry, actor=actor, statement="我公司已整改，请求不予列入。")
        listing.decide_entry(entry, actor=as_legal,
                             reply="违法事实清楚，整改不影响列入情形的认定，不予采纳。")
    today = timezone.localdate()
    olds = [e for e in enterprises if e.pk not in used][-3:]
    for n, (enterprise, days, ground) in enumerate(zip(olds, (3 * 365 + 5, 400, 200),
                                                        ("G04", "G02", "G05"), strict=False)):
        entry = listing.import_listing({
            "enterprise": enterprise, "ground": grounds[ground], "department": bureau,
            "facts": ("瞒报一起造成1人死亡的生产安全事故", "12个月内发生2起较大生产安全事故",
                      "安全生产许可证被暂扣期间擅自组织生产")[n],
            "number": f"岸应急信列〔{(today - timedelta(days=days)).year}〕{n + 1}号",
            "listed_on": today - timedelta(days=days)}, actor=as_legal)
        if days == 400:
            commitments.sign_commitment({
                "enterprise": enterprise, "kind": CommitmentKind.CREDIT, "signer": "法定代表人",
                "text": "本单位承诺依法履行安全生产主体责任，如有违反愿承担相应法律责任。"},
                actor=actor)
            listing.apply_early_removal({"entry": entry, "penalty_paid": True, "rectified": True,
                                         "statement": "罚款已缴清，事故暴露问题已全部整改并经复查。"},
                                        actor=actor)
    removed = listing.remove_expired(actor=Actor.system("失信名单按期移出"))
    ctx.log(f"  信用记录{collected}条；安全承诺今日未签署{missing}家；名单"
            f"{DishonestyEntry.objects.count()}条（按期移出{removed}条）")
