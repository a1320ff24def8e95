"""Demo enforcement year of Wuhan: inspectors with their 执法证 (one expired, one soon to
expire, one on leave), teams, declared conflicts, an annual plan per department with its
key enterprises, quarterly 双随机 draws (published but the latest), inspections from the
plan and the draws with findings (hazards registered through the hazards module), and
cases in every state so that the inspector, the legal reviewer and the leaders all have
to-dos. Everything goes through the services with the system actor; deterministic (one
seeded generator, dates relative to the build day); a second run adds nothing."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from yingji.core.demo.builder import person_name
from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Department, Region, User
from yingji.enforcement.models import (
    Case,
    DiscretionStandard,
    EnforcementItem,
    FindingKind,
    Inspection,
    Inspector,
)
from yingji.enforcement.services import (
    arrangements,
    campaigns,
    cases,
    documents,
    draws,
    inspections,
    penalties,
    people,
    plans,
    steps,
)
from yingji.enterprises.models import Enterprise
from yingji.enterprises.services import inspection_pool

SEED = 20260115
DISTRICTS = (("420102000000", "江岸区应急管理局", "ja_inspector"),
             ("420106000000", "武昌区应急管理局", ""),
             ("420103000000", "江汉区应急管理局", ""))
VIOLATIONS = ("CL102", "CL099-1", "CL099-3", "CL097-3", "CL101-3", "CL105-2", "CL097-7", "CL101-5")
FACTS = {
    "CL102": "储罐区可燃气体探测器失效，前次检查责令整改后仍未采取措施消除",
    "CL099-1": "液氨储罐区、配电室未设置明显的安全警示标志",
    "CL099-3": "反应釜安全阀超过校验有效期，未进行定期检测",
    "CL097-3": "新入职的12名从业人员未经安全生产教育和培训即上岗作业",
    "CL101-3": "车间动火作业未安排专门人员进行现场安全管理",
    "CL105-2": "员工宿舍安全出口锁闭，疏散通道堆放杂物",
    "CL097-7": "2名电焊作业人员未取得特种作业操作证上岗作业",
    "CL101-5": "未建立事故隐患排查治理制度，隐患排查无记录",
}
HAZARDS = ("消防通道堆放成品，宽度不足4米", "配电箱未设置漏电保护装置", "灭火器压力不足未按期检查",
           "危化品仓库物料超量储存", "有限空间作业未设警示标识", "皮带输送机传动部位防护罩缺失")


# The states the demo cases end in, and the age (days since the inspection) that suits each.
TARGETS = ("closed", "executing", "legal", "reviewing", "notified", "investigating", "filed",
           "urged", "no_penalty", "collective", "transferred", "decided", "notifying", "closed",
           "instalments", "arranging")
AGES = {"filed": (3, 10), "investigating": (5, 25), "reviewing": (10, 30), "legal": (12, 35),
        "collective": (15, 40), "notifying": (15, 40), "notified": (45, 75),
        "decided": (45, 80), "executing": (50, 85), "instalments": (50, 85),
        "arranging": (25, 35), "urged": (60, 90), "closed": (60, 330),
        "no_penalty": (20, 300), "transferred": (20, 300)}


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@register(700, "安全生产执法")
@transaction.atomic
def build_enforcement(ctx: DemoContext) -> None:
    """The demo year (see the module docstring)."""
    if Inspector.objects.exists():
        ctx.log("  演示执法数据已存在，跳过")
        return
    rng = random.Random(SEED)
    actor = ctx.actor
    today = timezone.localdate()
    year_start = date(today.year, 1, 1)
    counter = [0]

    def certificate() -> str:
        counter[0] += 1
        return f"鄂执{today.year - 2}{counter[0]:05d}"

    city = Department.objects.filter(name="执法监督处").first() \
        or Department.objects.filter(kind="bureau").first()
    units: list[tuple[Department, Region, list[Inspector]]] = []
    for code, dept_name, account in DISTRICTS:
        department = Department.objects.filter(name=dept_name).first()
        region = Region.objects.filter(code=code).first()
        if department is None or region is None:
            continue
        units.append((department, region, _inspectors(actor, rng, department, region, account,
                                                       certificate, today)))
    if city is not None:
        wuhan = Region.objects.get(code="420100000000")
        units.append((city, wuhan, _inspectors(actor, rng, city, wuhan, "wh_inspector",
                                                certificate, today)))
    if not units:
        ctx.log("  没有演示部门，跳过演示执法数据")
        return
    standards = {s.code: s for s in DiscretionStandard.objects.all()}
    items = list(EnforcementItem.objects.all())
    n_cases = n_inspections = 0
    for department, region, staff in units:
        valid = [i for i in staff if i.certificate_valid(today) and not i.on_leave(today)]
        teams = [people.create_team({"name": f"{region.name}执法{k}组", "department": department,
                                     "region": region, "members": valid[2 * k - 2: 2 * k + 1],
                                     "leader": valid[2 * k - 2]}, actor=actor) for k in (1, 2)]
        pool = list(inspection_pool(region.prefix).rows())
        if not pool:
            continue
        enterprises = {e.pk: e for e in Enterprise.objects.filter(pk__in=[r.id for r in pool])}
        conflicted: set[tuple[int, int]] = set()
        for k, inspector in enumerate(staff[2:4]):
            conflicted.add((inspector.pk, pool[k].id))
            people.declare_conflict({"inspector": inspector, "enterprise": enterprises[pool[k].id],
                                     "reason": ("配偶在该企业任职", "曾在该企业工作未满三年")[k]},
                                    actor=actor)
        plan = plans.create_plan({
            "year": today.year, "title": f"{today.year}年度{region.name}安全生产监督检查计划",
            "department": department, "region": region, "random_share": 10,
            "approved": True}, actor=actor, fill=False)
        plans.fill_targets(plan, actor=actor, teams=teams,
                           limit=60 if region.code == "420100000000" else None)
        # Plan inspections of the key enterprises: most on schedule, some behind.
        done: list[Any] = []
        for target in plan.targets.select_related("enterprise", "team"):
            visits = max(0, (target.visits_per_year * today.month) // 12 - rng.choice((0, 0, 1)))
            for v in range(visits):
                spread = 365 / max(1, target.visits_per_year)
                day = year_start + timedelta(days=int((v + rng.random()) * spread))
                if day >= today:
                    break
                team: Any = target.team or teams[0]
                members: list[Inspector] = list(team.members.all())
                crew = [m for m in [*members, *valid]
                        if (m.pk, target.enterprise_id) not in conflicted]
                if day >= today - timedelta(days=25) and valid[0].user_id is not None:
                    crew.insert(0, valid[0])  # the demo account inspects the recent ones
                crew = [m for m in dict.fromkeys(crew)
                        if (m.pk, target.enterprise_id) not in conflicted][:2]
                done.append(_inspect(actor, rng, target.enterprise, team, crew, day, "plan", plan,
                                     items))
        done += _campaigns(actor, rng, plan, region, teams, pool, enterprises, conflicted, items,
                           today)
        # Quarterly draws of the other enterprises.
        for quarter in range(1, 5):
            start = date(today.year, 3 * quarter - 2, 5)
            if start >= today:
                break
            draw = draws.run_draw({"title": f"{today.year}年第{quarter}季度{region.name}“双随机”抽查",
                                   "department": department, "region": region, "plan": plan,
                                   "supervision_class": rng.choice(("C", "D", "")),
                                   "count": 8, "team_size": 2}, actor=actor, seed=SEED + quarter,
                                  at=_at(start, 9))
            for pick in draw.picks.select_related("enterprise").prefetch_related("inspectors"):
                day = start + timedelta(days=rng.randrange(5, 60))
                if day < today - timedelta(days=3):
                    crew = list(pick.inspectors.all())
                    done.append(_inspect(actor, rng, pick.enterprise, None, crew, day, "draw",
                                         plan, items, pick=pick))
            if start + timedelta(days=90) < today:
                draws.publish_draw(draw, actor=actor, at=_at(start + timedelta(days=12), 15))
        n_inspections += len(done)
        n_cases += _cases(actor, rng, done, valid, standards, today)
    penalties.publish_served(actor=actor)
    published = Case.objects.filter(published_at__isnull=False).count()
    party_documents(actor)
    ctx.log(f"  执法人员 {Inspector.objects.count()} 名，现场检查 {n_inspections} 次，"
            f"案件 {n_cases} 件，公开处罚决定 {published} 件")


# The plan's special campaigns: (name, first month, last month, tasks per team).
CAMPAIGNS = (("危险化学品安全专项整治", 3, 6, 10), ("有限空间作业专项检查", 7, 9, 8))


def _campaigns(actor: Any, rng: random.Random, plan: Any, region: Region, teams: list[Any],
               pool: list[Any], enterprises: dict[int, Enterprise], conflicted: set[tuple[int, int]],
               items: list[Any], today: date) -> list[Any]:
    """Two campaigns of the plan, each with a task per team, and the inspections done for
    them so far (most tasks nearly met, the later campaign behind)."""
    done: list[Any] = []
    for name, first, last, planned in CAMPAIGNS:
        starts = date(today.year, first, 1)
        ends = date(today.year, last + 1, 1) - timedelta(days=1)
        campaign = campaigns.create_campaign({
            "plan": plan, "name": f"{today.year}年{name}", "starts_on": starts, "ends_on": ends,
            "description": "对照执法事项清单逐项检查，发现违法行为依法立案查处"}, actor=actor)
        for k, team in enumerate(teams):
            campaigns.create_quota({"campaign": campaign, "region": region, "team": team,
                                    "planned": planned}, actor=actor)
            members = list(team.members.all())
            span = (min(ends, today - timedelta(days=1)) - starts).days
            if span <= 0:
                continue
            count = planned - 1 - k if first < 6 else planned // 2 - k
            for _ in range(max(0, count)):
                row = rng.choice(pool)
                crew = [m for m in members if (m.pk, row.id) not in conflicted][:2]
                if len(crew) < 2:
                    continue
                day = starts + timedelta(days=rng.randrange(span))
                done.append(_inspect(actor, rng, enterprises[row.id], team, crew, day, "campaign",
                                     plan, items, campaign=campaign))
    return done


def _inspectors(actor: Any, rng: random.Random, department: Department, region: Region,
                account: str, certificate: Any, today: date) -> list[Inspector]:
    """Six inspectors of a unit; the demo account first; the fifth's certificate expires
    in 20 days, the sixth's has expired; the fourth is on leave this week."""
    staff = []
    user = User.objects.filter(username=account).first() if account else None
    for k in range(6):
        name = user.display_name if (k == 0 and user is not None) else person_name(rng.randrange(10_000))
        expires = today + timedelta(days=(700, 500, 900, 400, 20, -15)[k])
        data: dict[str, Any] = {
            "user": user if k == 0 else None, "name": name, "certificate_number": certificate(),
            "issuing_body": "湖北省人民政府", "certificate_expires_on": expires,
            "department": department, "region": region,
            "phone": f"1{rng.randrange(30, 90)}{rng.randrange(10**8):08d}"}
        if k == 3:
            data["on_leave_from"] = today - timedelta(days=2)
            data["on_leave_until"] = today + timedelta(days=5)
        staff.append(people.create_inspector(data, actor=actor))
    return staff


def _inspect(actor: Any, rng: random.Random, enterprise: Enterprise, team: Any,
             crew: list[Inspector], day: date, source: str, plan: Any, items: list[Any],
             pick: Any = None, campaign: Any = None) -> Any:
    method = rng.choice(("routine", "routine", "covert", "covert", "cross", "joint"))
    inspection = inspections.record_inspection({
        "enterprise": enterprise, "source": source, "method": method, "plan": plan, "pick": pick,
        "campaign": campaign,
        "team": team, "inspected_on": day, "site_contact": person_name(rng.randrange(10_000)),
        "joint_departments": "市场监管局、消防救援支队" if method == "joint" else "",
        "summary": "检查企业安全生产主体责任落实、现场安全管理和隐患排查治理情况"},
        actor=actor, inspectors=crew[:2], items=rng.sample(items, 3))
    roll = rng.random()
    if roll < 0.12 or (roll < 0.4 and day >= timezone.localdate() - timedelta(days=25)):
        problem = rng.choice(HAZARDS)
        inspections.add_finding(inspection, {"kind": FindingKind.HAZARD, "description": problem},
                                actor=actor)
        if day >= timezone.localdate() - timedelta(days=25):
            # A recent one: 责令限期整改, the re-check due in the coming days.
            inspection = inspections.order_rectification(
                inspection, actor=actor, due=timezone.localdate() + timedelta(days=rng.randrange(1, 6)),
                content=f"{problem}，限期整改到位")
    return inspection


def _cases(actor: Any, rng: random.Random, done: list[Any], staff: list[Inspector],
           standards: dict[str, DiscretionStandard], today: date) -> int:
    """Cases from a share of the inspections, driven to a state by their age."""
    source = [i for i in done if i.inspectors.count() >= 2]
    rng.shuffle(source)
    made = 0
    chosen: list[tuple[Any, str]] = []
    for target in TARGETS:
        low, high = AGES[target]
        for inspection in source:
            if low <= (today - inspection.inspected_on).days <= high:
                source.remove(inspection)
                chosen.append((inspection, target))
                break
    for k, (inspection, target) in enumerate(chosen):
        code = VIOLATIONS[k % len(VIOLATIONS)]
        finding = inspections.add_finding(inspection, {
            "kind": FindingKind.VIOLATION, "standard": standards[code],
            "description": FACTS[code]}, actor=actor)
        officers = [o for o in inspection.inspectors.all() if o.certificate_valid(today)]
        if target not in ("closed", "no_penalty", "transferred") and staff[0].user_id is not None:
            # The demo account handles the open cases, so its to-dos show.
            officers = list(dict.fromkeys([staff[0], *officers, *staff[1:]]))[:2]
        if len(officers) < 2:
            officers = staff[:2]
        case = cases.open_case({
            "enterprise": inspection.enterprise, "standard": standards[code],
            "inspection": inspection,
            "title": f"{inspection.enterprise.name}{standards[code].violation}"[:200],
            "facts": FACTS[code], "violation_on": inspection.inspected_on,
            "unit_fine": Decimal(rng.choice((3000, 8000, 15000, 28000))),
            "first_offence": k % 7 == 3, "corrected": k % 7 == 3,
            "refused_to_correct": code == "CL102", "department": inspection.department,
            "person_name": person_name(rng.randrange(10_000)) if k % 5 == 0 else "",
            "person_position": "总经理" if k % 5 == 0 else "",
            "person_fine": Decimal("25000") if k % 5 == 0 else Decimal("0")},
            actor=actor, officers=officers, filed_at=_at(inspection.inspected_on + timedelta(days=1)))
        finding.case = case
        _advance(actor, rng, case, target, today)
        made += 1
    return made


def _advance(actor: Any, rng: random.Random, case: Any, target: str, today: date) -> None:
    """Drive a case along its workflow to ``target``."""
    if target == "filed":
        return
    case = steps.start_investigation(case, actor=actor)
    if case.proposed_span and not (case.proposed_span[0] <= case.unit_fine <= case.proposed_span[1]):
        case = cases.update_case(case, {"unit_fine": case.proposed_span[1]}, actor=actor)
    cases.add_record(case, {"kind": "interview", "title": "询问笔录",
                            "recorded_at": case.filed_at + timedelta(hours=20),
                            "interviewee": case.person_name or "安全管理负责人",
                            "content": "问：你单位是否知道存在上述问题？答：知道，正在整改。"},
                     actor=actor, signers=list(case.officers.all())[:2])
    if target == "investigating":
        return
    if target == "transferred":
        steps.transfer_to_police(case, actor=actor, organ="武汉市公安局",
                                 comment="涉嫌重大责任事故罪，依法移送")
        return
    if target == "no_penalty":
        case = cases.update_case(case, {"first_offence": True, "corrected": True, "harm": False},
                                 actor=actor)
        steps.decide_no_penalty(case, actor=actor, ground="first_offence",
                                comment="首次违法并已当场改正")
        return
    if target in ("legal", "collective"):
        case = cases.update_case(case, {"major_flagged": True}, actor=actor)
    case = steps.submit_review(case, actor=actor)
    if target == "reviewing":
        return
    case = steps.review_case(case, actor=actor, passed=True, comment="事实清楚，证据确凿")
    if case.state == "legal_review":
        if target == "legal":
            return
        case = steps.legal_review(case, actor=actor, passed=True, comment="程序合法，适用依据正确")
        if case.state == "collective":
            if target == "collective":
                return
            case = steps.collective_discussion(case, actor=actor, passed=True,
                                               comment="局务会议集体讨论同意")
    if target in ("legal", "collective", "notifying"):
        return
    filed_on = timezone.localtime(case.filed_at).date()
    notified_on = today - timedelta(days=1) if target == "notified" \
        else min(today - timedelta(days=20), filed_on + timedelta(days=10))
    case = steps.notify_party(case, actor=actor, at=_at(notified_on))
    documents.issue_document(case, "notice", actor=actor)
    if target == "notified":
        return
    if case.hearing_required:
        case = steps.record_statement(case, actor=actor, waived=True)
    decided = notified_on + timedelta(days=8)
    case = steps.decide(case, actor=actor, at=_at(decided), comment="同意")
    documents.issue_document(case, "decision", actor=actor)
    if target == "decided":
        return
    case = steps.serve_decision(case, actor=actor, service_method="直接送达",
                                at=_at(decided + timedelta(days=1)))
    penalties.publish_decision(case, actor=actor, at=_at(decided + timedelta(days=6), 16))
    if target == "executing":
        return
    if target in ("instalments", "arranging"):
        _arrange(actor, case, decided, target)
        return
    if target == "urged":
        # Unpaid after the 15 days: the 催告书 the day after (行政强制法 第五十四条).
        assert case.payment_due is not None
        case = steps.urge_party(case, actor=actor, at=_at(case.payment_due + timedelta(days=1)))
        documents.issue_document(case, "urge", actor=actor)
        return
    case = steps.record_payment(case, actor=actor, amount=case.total_fine,
                                at=_at(decided + timedelta(days=5)))
    steps.close_case(case, actor=actor)


def _arrange(actor: Any, case: Any, decided: date, target: str) -> None:
    """分期缴纳 (行政处罚法 第六十六条): the party's application with its evidence; for
    ``instalments`` approved in three instalments, the first paid, and the decision issued;
    for ``arranging`` left with the legal reviewer."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    evidence = SimpleUploadedFile("经营困难情况说明.pdf", b"%PDF-1.4\n% demo evidence\n",
                                  content_type="application/pdf")
    case = arrangements.apply_arrangement(
        case, actor=actor, kind="instalments", evidence=evidence,
        applied_on=min(decided + timedelta(days=3), timezone.localdate()),
        reason="受原材料涨价影响，上年度亏损，现金流紧张，一次缴清罚款确有困难",
        proposal="申请分三期，每月缴纳一期")
    if target == "arranging":
        return
    case = arrangements.review_arrangement(case, actor=actor, passed=True,
                                           comment="当事人提供了财务报表，符合第六十六条规定")
    total = case.total_fine
    part = (total / 3).quantize(Decimal("1"))
    schedule = [(part, decided + timedelta(days=30)), (part, decided + timedelta(days=60)),
                (total - 2 * part, decided + timedelta(days=90))]
    case = arrangements.approve_arrangement(case, actor=actor, schedule=schedule,
                                            comment="同意分三期缴纳", at=_at(decided + timedelta(days=5)))
    documents.issue_document(case, "arrangement", actor=actor)
    if decided + timedelta(days=28) < timezone.localdate():
        arrangements.pay_instalment(case, actor=actor, amount=part,
                                    at=_at(decided + timedelta(days=28)))


def party_documents(actor: Any) -> None:
    """The demo enterprise account's own file (qy_safety): its latest inspection found a
    hazard, ordered it rectified, and issued the 现场检查记录 and the 责令限期整改指令书 the
    enterprise reads under 执法文书."""
    from yingji.enterprises.models import EnterpriseMember

    member = EnterpriseMember.objects.filter(user__username="qy_safety").first()
    if member is None:
        return
    today = timezone.localdate()
    inspection = Inspection.objects.filter(enterprise_id=member.enterprise_id, state="recorded") \
        .order_by("-inspected_on").first()
    if inspection is None or not all(i.certificate_valid(today) for i in inspection.inspectors.all()):
        return
    inspections.add_finding(inspection, {"kind": FindingKind.HAZARD,
                                         "description": "危化品仓库物料超量储存"}, actor=actor)
    inspection = inspections.order_rectification(inspection, actor=actor, due=today + timedelta(days=5),
                                                 content="危化品仓库物料超量储存，限期整改到位")
    for kind in ("site_record", "order"):
        documents.issue_document(inspection, kind, actor=actor)
