"""The demo indicator library: every registered provider's indicator, one entered
indicator (安全生产培训覆盖率, which no module computes yet), the targets of Wuhan's
districts for the 2024 plan's year and for the build year (so that the page shows the
demo's live data against a target), and two districts' entered values with their
evidence, all through the services. A second run adds nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from yingji.core import kpis as core_kpis
from yingji.core.actor import Actor
from yingji.core.demo.registry import DemoContext, register
from yingji.core.documents import document_bytes, word_document
from yingji.core.models import Region, User
from yingji.core.models.regions import RegionLevel
from yingji.governance.models import Indicator, IndicatorTarget
from yingji.governance.services import kpis

CITY_PREFIX = "4201"
PLAN_YEAR = 2024
TRAINING = "training_coverage"
# Targets of the districts (the 2024 plan's "完善安全生产考核体系"); accidents and
# deaths take the accidents module's 双下降 targets and are not set here.
TARGETS = {"hazard_closure": "90", "major_hazard_on_time": "100", "monitoring_access": "95",
           "arrival_1h": "90", "warning_ack": "95", "plan_coverage": "100", "drill_coverage": "80",
           "inspection_coverage": "100", TRAINING: "90"}
ENTRIES = (("ja_supervisor", "420102000000", "93.5"), ("wc_supervisor", "420106000000", "86.0"))


def _evidence(district: str) -> SimpleUploadedFile:
    document = word_document(f"{district}安全生产培训情况统计表")
    document.add_paragraph("本月组织企业主要负责人和安全管理人员培训，签到表和考试成绩附后。")
    return SimpleUploadedFile("培训情况统计表.docx", document_bytes(document))


@register(745, "考核指标与目标")
def build(ctx: DemoContext) -> None:
    if Indicator.objects.filter(code=TRAINING).exists():
        return
    with transaction.atomic():
        _build(ctx)


def _build(ctx: DemoContext) -> None:
    actor = ctx.actor
    kpis.sync_library(actor=actor)
    training = kpis.create_indicator({
        "kind": "entered", "code": TRAINING, "name": "安全生产培训覆盖率", "unit": "%",
        "higher_is_better": True, "order": 900, "active": True,
        "definition": "各区按月填报企业主要负责人和安全管理人员培训覆盖比例，附签到表等佐证"}, actor=actor)
    districts = list(Region.objects.subtree(CITY_PREFIX).filter(level=RegionLevel.COUNTY).order_by("code"))
    if not districts:
        ctx.log("考核指标：缺少演示区划，跳过目标")
        return
    today = timezone.localdate()
    years = sorted({PLAN_YEAR, today.year})
    targets = 0
    for indicator in Indicator.objects.filter(code__in=TARGETS):
        for year in years:
            for district in districts:
                if IndicatorTarget.objects.filter(indicator=indicator, year=year, region=district).exists():
                    continue
                kpis.create_target({"indicator": indicator, "year": year, "region": district,
                                    "value": Decimal(TARGETS[indicator.code]),
                                    "note": "年度考核目标"}, actor=actor)
                targets += 1
    last_month = today.replace(day=1) - timedelta(days=1)
    users = {u.username: u for u in User.objects.filter(username__in=[e[0] for e in ENTRIES])}
    entered = 0
    for username, code, value in ENTRIES:
        user = users.get(username)
        region = Region.objects.filter(code=code).first()
        if user is None or region is None:
            continue
        for month in (last_month.replace(day=1), today.replace(day=1)):
            kpis.enter_value(training, actor=Actor(user=user), region=region, month=month,
                             value=Decimal(value), note=f"{region.name}{month:%Y年%m月}培训情况",
                             evidence=[_evidence(region.name)])
            entered += 1
    ctx.log(f"考核指标：{Indicator.objects.count()}项（平台计算{len(core_kpis.providers())}项），"
            f"目标{targets}个，填报{entered}条")
