"""The demo's annual assessment: the build year's scheme of Wuhan (共性 criteria for
every district, a 个性 one for 江岸区), opened for self-assessment; 江岸区's 监管员 has
self-assessed one criterion with evidence and the 安委办 has scored it, the rest are
pending (the district's and the team's work); and a 约谈 and a 巡查 record. All through
the services; a second run adds nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.demo.registry import DemoContext, register
from yingji.core.documents import document_bytes, word_document
from yingji.core.models import Region, User
from yingji.governance.models import AssessmentScheme, CriterionScore
from yingji.governance.services import assessments

CITY, JIANGAN = "420100000000", "420102000000"
CRITERIA = (
    ("common", "安全生产责任制落实", "30", "党政同责、一岗双责未落实每项扣3分"),
    ("common", "隐患排查治理", "30", "重大隐患未按期整改每项扣5分；隐患销号率低于90%扣5分"),
    ("common", "应急准备和救援", "20", "预案、演练不到位每项扣2分；1小时到达率低于90%扣5分"),
    ("specific", "危化品集中区专项整治", "20", "整治任务逾期未完成每项扣5分"),
)


@register(747, "年度考核")
def build(ctx: DemoContext) -> None:
    if AssessmentScheme.objects.exists():
        return
    with transaction.atomic():
        _build(ctx)


def _build(ctx: DemoContext) -> None:
    city, jiangan = Region.objects.filter(code=CITY).first(), Region.objects.filter(code=JIANGAN).first()
    users = {u.username: u for u in User.objects.filter(username__in=("wh_safety", "ja_supervisor"))}
    if city is None or jiangan is None or len(users) < 2:
        ctx.log("年度考核：缺少演示区划或账号，跳过")
        return
    office = Actor(user=users["wh_safety"])
    year = timezone.localdate().year
    scheme = assessments.create_scheme({
        "year": year, "title": f"{year}年度各区安全生产工作考核方案", "region": city,
        "issuer": "武汉市安全生产委员会", "veto_code": "larger_accidents", "veto_limit": Decimal(0)},
        actor=office)
    for order, (category, name, weight, rule) in enumerate(CRITERIA, start=1):
        criterion = assessments.create_criterion({
            "scheme": scheme, "category": category, "name": name, "weight": Decimal(weight),
            "rule": rule, "order": order}, actor=office)
        if category == "specific":
            criterion.districts.set([jiangan])
    assessments.open_scheme(scheme, actor=office)
    score = CriterionScore.objects.get(result__scheme=scheme, result__region=jiangan,
                                       criterion__name="隐患排查治理")
    document = word_document("江岸区隐患排查治理自评材料")
    document.add_paragraph("全年排查隐患台账、重大隐患挂牌督办和销号记录附后。")
    assessments.self_assess(score, actor=Actor(user=users["ja_supervisor"]), self_score=Decimal(27),
                            self_note="1项重大隐患整改逾期3天",
                            evidence=[SimpleUploadedFile("隐患排查治理自评材料.docx",
                                                         document_bytes(document))])
    assessments.team_score(score, actor=office, team_score=Decimal(25),
                           team_note="重大隐患逾期整改1项扣5分")
    today = timezone.localdate()
    assessments.record_oversight({
        "kind": "interview", "region": jiangan, "subject": "江岸区应急管理局",
        "held_on": today - timedelta(days=12),
        "reason": "重大隐患整改逾期、隐患销号率下降", "outcome": "约谈后制定整改清单，限期15日内整改到位",
        "scheme": scheme}, actor=office)
    assessments.record_oversight({
        "kind": "patrol", "region": city, "subject": "各区安委会成员单位",
        "held_on": today - timedelta(days=30),
        "reason": "安全生产巡查", "outcome": "发现问题23项，已交办各区", "scheme": scheme}, actor=office)
    ctx.log(f"年度考核：{scheme.title}，{scheme.results.count()}个区县自评中")
