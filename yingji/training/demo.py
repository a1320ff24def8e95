"""Demo: 江岸区's certificate rolls — the 主要负责人 and 安全管理负责人 of the demo
enterprises from the registry plus special operators, with certificates valid,
expiring, due for 复审 or expired and some people without any (the gaps); courses,
sessions with attendance and exams; new workers' 三级安全教育. Everything through the
services, so it is audited and the deadlines are set."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Region
from yingji.enterprises.models import Enterprise, EnterpriseStatus
from yingji.training import rules
from yingji.training.models import CertifiedPerson, Course, Mode, Post, WorkType
from yingji.training.services import courses, people, requirements

DISTRICT = "420102"  # 江岸区
OWNER_STREET = "420102002000"  # 大智街道 (qy_safety's enterprise)
SEED = 20261204
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉鹏飞斌宇浩凯亮俊峰波海林颖琳"
SPECIAL_TYPES = {"hazchem": (WorkType.HAZCHEM, WorkType.ELECTRICAL, WorkType.WELDING),
                 "gas": (WorkType.HAZCHEM, WorkType.ELECTRICAL),
                 "construction": (WorkType.HEIGHT, WorkType.ELECTRICAL, WorkType.WELDING)}
ISSUERS = {"principal_cert": "武汉市应急管理局", "manager_cert": "武汉市应急管理局",
           "special_operation": "湖北省应急管理厅", "training_cert": "江岸区应急管理局"}


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _id_number(rng: random.Random, born: date) -> str:
    body = f"420102{born:%Y%m%d}{rng.randint(100, 999)}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _validity(rng: random.Random, today: date, kind: str) -> tuple[date, date, date | None]:
    """(issued, valid until, last review) drawn so that most are valid and a few are
    expiring, due for review or expired."""
    years = 6 if kind == rules.SPECIAL_OPERATION else 3
    draw = rng.random()
    if draw < 0.08:  # expired a little while ago
        until = today - timedelta(days=rng.randint(5, 200))
    elif draw < 0.18:  # inside the reminder window
        until = today + timedelta(days=rng.randint(3, 55))
    else:
        until = today + timedelta(days=rng.randint(90, 365 * years - 30))
    issued = rules.add_years(until, -years) + timedelta(days=1)
    reviewed = None
    if kind == rules.SPECIAL_OPERATION and (today - issued).days > 3 * 365 and rng.random() < 0.8:
        reviewed = rules.add_years(issued, 3) - timedelta(days=rng.randint(5, 40))
    return issued, until, reviewed


@register(750, "三项岗位人员持证、培训与三级安全教育")
def build_training(ctx: DemoContext) -> None:
    if CertifiedPerson.objects.exists():
        return
    actor = ctx.actor
    requirements.load_defaults(actor=actor)
    rng = random.Random(SEED)
    today = timezone.localdate()
    enterprises = list(Enterprise.objects.filter(region__code__startswith=DISTRICT,
                                                 status=EnterpriseStatus.OPERATING)
                       .order_by("-region_id", "id"))
    owner = [e for e in enterprises if e.region_id == OWNER_STREET][:3]
    chosen = owner + [e for e in enterprises if e not in owner][:max(0, 70 * ctx.scale - len(owner))]
    number = 0
    roll: list[CertifiedPerson] = []
    for enterprise in chosen:
        staff = people.seed_from_registry(enterprise, actor=actor)
        if not staff:  # a file without names: the roll still has its two posts
            staff = [people.create_person({"enterprise": enterprise, "name": _name(rng), "post": post,
                                           "job_title": label}, actor=actor)
                     for post, label in ((Post.PRINCIPAL, "总经理"), (Post.SAFETY_MANAGER, "安全主管"))]
        types = SPECIAL_TYPES.get(enterprise.industry, (WorkType.ELECTRICAL, WorkType.WELDING))
        for _ in range(rng.randint(1, 4)):
            work_type = rng.choice(types)
            staff.append(people.create_person({
                "enterprise": enterprise, "name": _name(rng), "post": Post.SPECIAL_OPERATOR,
                "work_type": work_type, "job_title": WorkType(work_type).label.removesuffix("作业"),
                "id_number": _id_number(rng, date(rng.randint(1970, 2000), rng.randint(1, 12),
                                                   rng.randint(1, 28)))}, actor=actor))
        for person in staff:
            roll.append(person)
            if not person.required_kind or rng.random() < 0.06:
                continue  # a gap: nobody recorded a certificate
            number += 1
            issued, until, reviewed = _validity(rng, today, person.required_kind)
            people.create_certificate({
                "person": person, "kind": person.required_kind, "work_type": person.work_type,
                "number": f"T4201{issued:%y}{number:06d}", "issuer": ISSUERS[person.required_kind],
                "issued_on": issued, "valid_until": until, "last_reviewed_on": reviewed}, actor=actor)
    _courses(ctx, roll, rng, today)
    _new_workers(ctx, chosen[:20], rng, today)
    ctx.log(f"培训持证：{len(chosen)}家企业、{len(roll)}名三项岗位人员、{number}本证书")


def _courses(ctx: DemoContext, roll: list[CertifiedPerson], rng: random.Random, today: date) -> None:
    district = Region.objects.get(code=f"{DISTRICT}000000")
    plans = (("危险化学品企业主要负责人安全生产知识和管理能力培训", Post.PRINCIPAL, Mode.IN_PERSON, 48),
             ("安全生产管理人员年度再培训", Post.SAFETY_MANAGER, Mode.ONLINE, 16),
             ("特种作业操作证复审培训", Post.SPECIAL_OPERATOR, Mode.MIXED, 8))
    for title, post, mode, hours in plans:
        course = _create_course(ctx, title, post, mode, hours, district)
        for offset in (120, 30):
            starts = today - timedelta(days=offset)
            session = courses.create_session({
                "course": course, "title": f"{title}（{starts:%Y年%m月}班）", "starts_on": starts,
                "ends_on": starts + timedelta(days=max(0, hours // 8 - 1)), "mode": mode,
                "place": "江岸区应急管理局培训教室" if mode != Mode.ONLINE else "湖北省安全生产培训网络平台",
                "hours": Decimal(hours)}, actor=ctx.actor)
            learners = [p for p in roll if p.post == post]
            for person in rng.sample(learners, min(len(learners), 12)):
                score = Decimal(rng.randint(62, 98))
                courses.record_attendance({"session": session, "person": person,
                                           "hours": Decimal(hours), "exam_score": score},
                                          actor=ctx.actor)


def _create_course(ctx: DemoContext, title: str, post: str, mode: str, hours: int,
                   region: Region) -> Course:
    from yingji.core.services.objects import create_object

    return create_object(Course, {"title": title, "post": post, "mode": mode, "hours": Decimal(hours),
                                  "organiser": "江岸区应急管理局", "region": region,
                                  "summary": "安全生产法律法规、安全管理、事故案例与应急处置"},
                         actor=ctx.actor)


def _new_workers(ctx: DemoContext, enterprises: list[Enterprise], rng: random.Random,
                 today: date) -> None:
    for enterprise in enterprises:
        need = rules.new_worker_hours(enterprise.industry)
        for _ in range(rng.randint(1, 3)):
            hired = today - timedelta(days=rng.randint(5, 150))
            short = rng.random() < 0.2  # some records short of hours or a level
            share = need / 3
            courses.create_new_worker({
                "enterprise": enterprise, "worker_name": _name(rng), "job": rng.choice(
                    ("操作工", "仓管员", "装卸工", "维修工")), "hired_on": hired,
                "company_hours": Decimal(round(share)), "workshop_hours": Decimal(round(share)),
                "team_hours": Decimal(0 if short else need - 2 * round(share)),
                "exam_passed": not short, "completed_on": hired + timedelta(days=3)},
                actor=ctx.actor)
