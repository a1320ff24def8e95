"""Builds the core demo: regions, the Wuhan organisation tree and the demo accounts.

Deterministic: the same input gives the same rows (names, phones, order). ``scale``
grows it: 1 = Wuhan; 2 or more = every city, county and street of Hubei, with
``scale`` duty officers and supervisors per county, for province-sized benchmarks.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from yingji.core.demo.accounts import ACCOUNTS
from yingji.core.demo.registry import DemoContext, builders, register
from yingji.core.models import Department, DepartmentKind, Industry, Region, User
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services.notifications import notify
from yingji.core.services.objects import create_object
from yingji.core.services.regions import DEMO_PREFIXES, import_regions
from yingji.core.services.users import create_user

CITY_CODE = "420100000000"
CITY_OFFICES = (
    "办公室", "政策法规处", "应急指挥中心（总值班室）", "风险监测和综合减灾处",
    "救援协调和预案管理处", "防汛抗旱处", "火灾防治管理处", "危险化学品安全监督管理处",
    "安全生产基础处", "安全生产综合协调处", "救灾和物资保障处", "执法监督处", "宣传教育处",
)
INDUSTRY_DEPARTMENTS = (
    ("武汉市住房和城乡建设局", DepartmentKind.INDUSTRY, Industry.CONSTRUCTION),
    ("武汉市交通运输局", DepartmentKind.INDUSTRY, Industry.TRANSPORT),
    ("武汉市水务局", DepartmentKind.INDUSTRY, Industry.WATER),
    ("武汉市城市管理执法委员会", DepartmentKind.INDUSTRY, Industry.GAS),
    ("武汉市经济和信息化局", DepartmentKind.INDUSTRY, Industry.INDUSTRY_TRADE),
    ("武汉市消防救援支队", DepartmentKind.RESCUE, Industry.FIRE),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明",
         "超", "霞", "平", "刚", "桂英", "建华", "海燕", "志勇", "丽娟", "国庆", "晓东", "文斌")


def person_name(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7 + n // len(SURNAMES)) % len(GIVEN)]


def phone(n: int, area: str = "027") -> str:
    return f"{area}-8{(n * 7919) % 10_000_000:07d}"


def is_empty() -> bool:
    return not User.objects.exists()


def build(ctx: DemoContext) -> None:
    """Run the core demo and every registered module builder."""
    for name, builder in builders():
        ctx.log(f"生成演示数据：{name}")
        builder(ctx)


@register(0, "行政区划")
def build_regions(ctx: DemoContext) -> None:
    if not Region.objects.filter(code=CITY_CODE).exists():
        result = import_regions(DEMO_PREFIXES, actor=ctx.actor)
        ctx.log(f"  导入行政区划 {result.total} 条（湖北、青岛、东莞、海南、华容县）")


@register(10, "组织机构")
@transaction.atomic
def build_departments(ctx: DemoContext) -> None:
    city = Region.objects.get(code=CITY_CODE)
    bureau = _department("武汉市应急管理局", DepartmentKind.BUREAU, city, None, ctx, 0)
    for i, office in enumerate(CITY_OFFICES, start=1):
        _department(office, DepartmentKind.OFFICE, city, bureau, ctx, i)
    for i, (name, kind, sector) in enumerate(INDUSTRY_DEPARTMENTS, start=50):
        _department(name, kind, city, None, ctx, i, sector=sector)
    prefixes = ["42"] if ctx.scale >= 2 else ["4201"]
    counties = Region.objects.filter(level=3).filter(
        code__regex=rf"^({'|'.join(prefixes)})"
    ).order_by("code")
    count = 0
    for county in counties:
        if county.name == "市辖区":
            continue
        parent = bureau if county.code.startswith("4201") else None
        county_bureau = _department(f"{county.name}应急管理局", DepartmentKind.DISTRICT_BUREAU,
                                    county, parent, ctx, 100)
        for street in Region.objects.filter(parent=county, level=4).order_by("code"):
            suffix = "办事处" if street.name.endswith("街道") else "人民政府"
            _department(f"{street.name}{suffix}", DepartmentKind.STREET, street, county_bureau,
                        ctx, 200)
            count += 1
    ctx.log(f"  组织机构 {Department.objects.count()} 个（其中街道/乡镇 {count} 个）")


@register(20, "演示账号")
@transaction.atomic
def build_accounts(ctx: DemoContext) -> None:
    for account in ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        department = Department.objects.filter(name=account.department).first()
        create_user(
            {"username": account.username, "real_name": account.real_name,
             "phone": f"1{3 + len(account.username) % 6}{(hash_int(account.username)):09d}",
             "position": account.position, "department": department,
             "scope_region": Region.objects.get(code=account.scope)},
            roles=[account.role], password=settings.DEMO_PASSWORD, actor=ctx.actor,
            must_change_password=False,
        )
    _district_staff(ctx)
    if ctx.scale >= 2:
        _scaled_accounts(ctx)
    users = list(User.objects.filter(username__in=[a.username for a in ACCOUNTS]))
    notify(users, title="欢迎使用应急管理综合应用平台",
           body="这是演示环境，数据均为演示数据。请在“账号安全”中查看密码有效期和双因子认证状态。",
           link="/", level=NotificationLevel.INFO, actor=ctx.actor)
    ctx.log(f"  用户 {User.objects.count()} 个")


def _district_staff(ctx: DemoContext) -> None:
    """A supervisor and a duty leader for every Wuhan district that has no listed demo
    account in that role, so that escalations (hazards, alarms) stay in the district
    instead of going up to the city; not printed in the account table."""
    shared_hash = make_password(settings.DEMO_PASSWORD)
    bureaus = Department.objects.filter(kind=DepartmentKind.DISTRICT_BUREAU,
                                        region__code__startswith="4201").select_related("region")
    for n, bureau in enumerate(bureaus.order_by("region__code")):
        for k, (role, position) in enumerate(DISTRICT_STAFF):
            if User.objects.filter(groups__name=role, scope_region=bureau.region).exists():
                continue
            create_user(
                {"username": district_username(bureau.region.code, role),
                 "real_name": person_name(500 + n * 2 + k), "position": position, "department": bureau,
                 "phone": f"13{hash_int(bureau.region.code + role):09d}", "scope_region": bureau.region},
                roles=[role], password=settings.DEMO_PASSWORD, actor=ctx.actor,
                must_change_password=False, password_hash=shared_hash)


DISTRICT_STAFF = (("supervisor", "监管员"), ("duty_leader", "带班领导"))


def district_username(region_code: str, role: str) -> str:
    return f"{region_code[:6]}_{'leader' if role == 'duty_leader' else role}"


def _scaled_accounts(ctx: DemoContext) -> None:
    counties = Region.objects.filter(level=3, code__startswith="42").exclude(name="市辖区")
    shared_hash = make_password(settings.DEMO_PASSWORD)
    n = 0
    for county in counties.order_by("code"):
        department = Department.objects.filter(region=county,
                                               kind=DepartmentKind.DISTRICT_BUREAU).first()
        for role in ("duty_officer", "supervisor"):
            for i in range(ctx.scale):
                n += 1
                username = f"u{county.code[:6]}_{role[:4]}_{i + 1}"
                if User.objects.filter(username=username).exists():
                    continue
                create_user(
                    {"username": username, "real_name": person_name(n), "department": department,
                     "scope_region": county},
                    roles=[role], password=settings.DEMO_PASSWORD, actor=ctx.actor,
                    must_change_password=False, password_hash=shared_hash,
                )


def hash_int(text: str) -> int:
    """A small deterministic number from text (Python's hash() is salted per process)."""
    value = 0
    for ch in text:
        value = (value * 131 + ord(ch)) % 1_000_000_000
    return value


def _department(
    name: str, kind: str, region: Region, parent: Department | None, ctx: DemoContext,
    order: int, sector: str = "",
) -> Department:
    existing = Department.objects.filter(region=region, name=name).first()
    if existing is not None:
        return existing
    return create_object(Department, {
        "name": name, "kind": kind, "region": region, "parent": parent, "sector": sector,
        "phone": phone(hash_int(name)), "sort_order": order,
        "address": f"{region.full_name}",
    }, actor=ctx.actor)
