"""The demo's reports and rewards (see ``demo``): 江岸区 and 武昌区 reports at every step,
so that the duty officers have reports to triage, assign and answer, the supervisors
reports to verify and the reward committee rewards to vote on and pay."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.demo.registry import DemoContext
from yingji.core.models import Department, DepartmentKind, Region, User
from yingji.core.scope import region_range_q
from yingji.enterprises.models import Enterprise
from yingji.tipoffs.models import Tipoff, TipoffReward
from yingji.tipoffs.services import handling, intake, rewards

DISTRICTS = ("420102", "420106")  # 江岸区, 武昌区
MATTERS = (
    ("major_hazard", "厂区液氨储罐区可燃气体报警器长期断电，夜班无人巡检"),
    ("illegal", "未取得许可在居民楼底层仓库分装销售危险化学品"),
    ("general_hazard", "车间安全出口被成品堆放堵塞，灭火器过期"),
    ("major_hazard", "有限空间作业未检测、未审批，工人直接下池清淤"),
    ("illegal", "停产整顿期间夜间偷偷组织生产"),
    ("concealment", "上月厂内发生机械伤害致一人死亡，企业私下赔偿未上报"),
    ("general_hazard", "配电房无人值守，电缆沟积水"),
    ("major_hazard", "粉尘车间除尘系统停用，积尘严重"),
)
CALLERS = (("周建平",), ("吴晓丽",), ("郑国强",), ("冯雪",), ("陈立新",), ("褚红梅",))


def _user(name: str) -> User | None:
    return User.objects.filter(username=name).first()


def _actor(name: str, fallback: Actor) -> Actor:
    user = _user(name)
    return Actor(user=user) if user is not None else fallback


def _enterprises(district: str) -> list[Enterprise]:
    return list(Enterprise.objects.filter(region_range_q("region", district)).exclude(status="closed")
                .order_by("id")[:6])


def _report(n: int, district: str, enterprise: Enterprise | None, *, anonymous: bool, insider: bool,
            hours_ago: int, actor: Actor, phone: bool, matter: int | None = None) -> Tipoff:
    kind, text = MATTERS[(n if matter is None else matter) % len(MATTERS)]
    name = CALLERS[n % len(CALLERS)][0]
    number = f"1387123{4500 + n:04d}"  # one number per caller
    data: dict[str, Any] = {
        "kind": kind, "description": text, "region": Region.objects.get(code=f"{district}000000"),
        "address": enterprise.address if enterprise else "沿江大道附近的临街仓库", "enterprise": enterprise,
        "enterprise_name": enterprise.name if enterprise else "", "anonymous": anonymous,
        "insider": insider, "name": "" if anonymous else name, "phone": "" if anonymous else number,
        "received_at": timezone.now() - timedelta(hours=hours_ago)}
    if phone:
        return intake.enter_report({**data, "channel": "phone_12350"}, actor=actor)[0]
    when = data.pop("received_at")
    return intake.submit_public(data, actor=Actor(user=None, anonymous=True), received_at=when)[0]


def _bureau(district: str) -> Department | None:
    return Department.objects.filter(region_range_q("region", district),
                                     kind=DepartmentKind.DISTRICT_BUREAU).order_by("id").first()


def build(ctx: DemoContext) -> None:
    if Tipoff.objects.exists():
        return  # built already
    for index, district in enumerate(DISTRICTS):
        _district(ctx, district, 10 * index)
    ctx.log(f"举报 {Tipoff.objects.count()} 件，奖励 {TipoffReward.objects.count()} 项")


def _district(ctx: DemoContext, district: str, base: int) -> None:
    places = _enterprises(district)
    bureau = _bureau(district)
    if not places or bureau is None:
        return
    prefix = "ja" if district == "420102" else "wc"
    duty = _actor(f"{prefix}_duty", ctx.actor)
    supervisor = _actor(f"{prefix}_supervisor", ctx.actor)
    committee = [a for a in (_user("wh_reward"),) if a is not None]

    def report(n: int, **kwargs: Any) -> Tipoff:
        enterprise = places[n % len(places)] if kwargs.pop("at_enterprise", True) else None
        kwargs.setdefault("anonymous", False)
        kwargs.setdefault("insider", False)
        kwargs.setdefault("phone", n % 3 == 1)
        return _report(base + n, district, enterprise, actor=duty, **kwargs)

    # Waiting for triage (the duty officer's to-do).
    report(0, hours_ago=3)
    report(1, hours_ago=20, anonymous=True)
    report(2, hours_ago=30, at_enterprise=False)
    # Accepted, waiting to be assigned.
    handling.accept(report(3, hours_ago=50), actor=duty)
    # Being verified (the supervisor's to-do).
    for n in (4, 5):
        tipoff = handling.accept(report(n, hours_ago=120 + n), actor=duty)
        handling.assign(tipoff, actor=duty, department=bureau, comment="请于期限内核查并反馈")
    # Verified: a hazard registered and a reward proposed (the committee's to-do).
    first = handling.accept(report(6, hours_ago=300, insider=True, matter=0), actor=duty)
    first = handling.assign(first, actor=duty, department=bureau)
    first = handling.conclude(first, actor=supervisor, outcome="true", disposal="hazard",
                              findings="现场核查属实：报警器断电，已责令立即整改并登记隐患",
                              fine_amount=Decimal("60000"))
    # The same matter reported again: linked to the first, never rewarded twice.
    again = report(7, hours_ago=200, phone=True, matter=0)
    handling.mark_duplicate(again, actor=duty, original=first)
    # Verified, rewarded and paid, answered: closed.
    done = handling.accept(report(8, hours_ago=900, matter=1), actor=duty)
    done = handling.assign(done, actor=duty, department=bureau)
    done = handling.conclude(done, actor=supervisor, outcome="partly", disposal="none",
                             findings="部分属实：无证分装属实，库存量小于举报所述",
                             fine_amount=Decimal("20000"))
    reward = TipoffReward.objects.filter(tipoff=done).first()
    if reward is not None and committee:
        member = Actor(user=committee[0])
        reward = rewards.vote(reward, actor=member, vote="for", amount=reward.proposed_amount)
        reward = rewards.approve(reward, actor=member, amount=reward.proposed_amount,
                                 comment="同意按建议金额奖励")
        if district == "420102":
            voucher = f"JLPZ-{timezone.localdate():%Y}-{base + 1:03d}"
            rewards.pay(reward, actor=member, voucher=voucher)
    handling.answer(done, actor=duty, reply="经核查部分属实，已责令企业清理安全出口，感谢您的监督。")
    # Not within the remit.
    handling.reject(report(9, hours_ago=400, anonymous=True), actor=duty,
                    reason="反映的是消费纠纷，不属于安全生产领域，请向市场监管部门反映")
