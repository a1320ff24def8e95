"""The demo work plan: Wuhan's 2024 plan imported from its seed through the import
service, its 27 tasks given lead and co-departments, two of them carried out by a
district (江岸区, 武昌区), each broken into two nodes with an owner and a date relative to
the build day, and progress reported through the services so the board and the to-dos
are live: some items done, some on time, some late, some not started, one late item
pressed by the 安委办 (督办). Deterministic; a second run adds nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.demo.registry import DemoContext, register
from yingji.core.documents import document_bytes, word_document
from yingji.core.models import Region, User
from yingji.governance.models import WorkItem, WorkPlan
from yingji.governance.services import plans
from yingji.governance.services.imports import import_plan

SEED = Path(__file__).resolve().parent / "seeds" / "wuhan_2024.txt"
TITLE = "2024年全市应急管理工作要点"
CITY, JIANGAN, WUCHANG = "420100000000", "420102000000", "420106000000"
# (number of the task, lead department, co-departments, owner account, district or None)
TASKS: tuple[tuple[int, str, str, str, str | None], ...] = (
    (1, "市应急管理局办公室", "市委编办", "wh_safety", None),
    (2, "市应急管理综合执法支队", "市委编办、市司法局", "wh_inspector", None),
    (3, "市安委办", "市安委会各成员单位", "wh_safety", None),
    (4, "市安委办", "各行业主管部门、各区人民政府", "wh_safety", None),
    (5, "安全生产综合协调处", "各行业主管部门", "wh_supervisor", None),
    (6, "危险化学品安全监督管理处", "市消防救援支队", "wh_supervisor", None),
    (7, "工贸行业安全监督管理处", "各区应急管理局", "wh_supervisor", None),
    (8, "执法监督处", "市应急管理综合执法支队", "wh_inspector", None),
    (9, "调查评估和统计处", "市公安局、市总工会", "wh_inspector", None),
    (10, "风险监测和综合减灾处", "市气象局、市水务局", "wh_duty", None),
    (11, "防汛抗旱处", "市水务局、市城管执法委", "wh_duty", None),
    (12, "火灾防治管理处", "市园林和林业局", "wh_duty", None),
    (13, "地震和地质灾害救援处", "市自然资源和规划局", "wh_duty", None),
    (14, "武昌区应急管理局", "各街道办事处", "wc_supervisor", WUCHANG),
    (15, "救灾和物资保障处", "市民政局、市财政局", "wh_supervisor", None),
    (16, "指挥中心", "市大数据中心", "wh_duty", None),
    (17, "救援协调和预案管理处", "各行业主管部门", "wh_leader", None),
    (18, "救援协调和预案管理处", "13个行业主管部门", "wh_leader", None),
    (19, "救援协调和预案管理处", "市消防救援支队", "wh_leader", None),
    (20, "政策法规处", "市司法局", "wh_legal", None),
    (21, "科技和信息化处", "市大数据中心", "wh_supervisor", None),
    (22, "江岸区应急管理局", "各街道办事处", "ja_supervisor", JIANGAN),
    (23, "宣传教育处", "市委宣传部、市教育局", "wh_safety", None),
    (24, "安全生产基础处", "市人社局", "wh_supervisor", None),
    (25, "机关党委", "", "wh_safety", None),
    (26, "机关党委", "", "wh_safety", None),
    (27, "机关纪委", "", "wh_safety", None),
)
# How each task stands, by its number modulo 5: (first node, second node) as
# done / reported / none, with the first node's date before or after today.
PATTERNS = {0: ("done", "done", -40), 1: ("none", "none", -15), 2: ("done", "reported", -30),
            3: ("none", "none", 20), 4: ("reported", "none", -5)}
DONE_MEASURE = "按期完成并报送佐证材料，经市安委办核验"


def _evidence(title: str) -> SimpleUploadedFile:
    document = word_document(f"{title}完成情况说明")
    document.add_paragraph("按照工作要点要求，已完成该节点任务，有关材料附后。")
    return SimpleUploadedFile("完成情况说明.docx", document_bytes(document))


@register(740, "工作计划、节点与督办")
def build(ctx: DemoContext) -> None:
    if WorkPlan.objects.filter(title=TITLE).exists():
        return
    with transaction.atomic():  # all or nothing: a rerun never meets half a plan
        _build(ctx)


def _build(ctx: DemoContext) -> None:
    actor = ctx.actor
    users = {u.username: u for u in User.objects.filter(username__in={t[3] for t in TASKS} | {"wh_safety"})}
    regions = {r.code: r for r in Region.objects.filter(code__in=[CITY, JIANGAN, WUCHANG])}
    if len(regions) < 3 or "wh_safety" not in users:
        ctx.log("工作计划：缺少演示区划或账号，跳过")
        return
    plan = import_plan({"year": 2024, "title": TITLE, "issuer": "武汉市应急管理局",
                        "doc_number": "武应急〔2024〕6号", "region": regions[CITY]},
                       SEED.read_text(encoding="utf-8"), actor=actor, source="text",
                       source_name="2024年全市应急管理工作要点.txt")
    today = timezone.localdate()
    for number, lead, co, owner_name, district in TASKS:
        owner = users.get(owner_name)
        if owner is None:
            continue
        item = WorkItem.objects.get(plan=plan, style="cn_paren", number=number)
        item = plans.update_item(item, {"lead_department": lead, "co_departments": co,
                                        "done_measure": DONE_MEASURE,
                                        "region": regions[district or CITY]}, actor=actor)
        first, second, offset = PATTERNS[number % 5]
        nodes = (
            plans.create_node({"item": item, "title": "制定工作方案，明确任务分工", "owner": owner,
                               "due": today + timedelta(days=offset - number % 3)}, actor=actor),
            plans.create_node({"item": item, "title": "完成年度任务并报送总结", "owner": owner,
                               "due": today + timedelta(days=60 + number)}, actor=actor),
        )
        for node, how in zip(nodes, (first, second), strict=True):
            if how == "done":
                plans.report_progress(node, actor=actor, content=f"{node.title}：已完成",
                                      percent=100, done=True, evidence=[_evidence(item.title)])
            elif how == "reported":
                plans.report_progress(node, actor=actor, content="正在推进，已完成过半",
                                      percent=50 + number % 4 * 10)
    late = WorkItem.objects.get(plan=plan, style="cn_paren", number=6)
    plans.supervise_item(late, actor=Actor(user=users["wh_safety"]),
                         requirement="请于7日内完成工作方案的制定并报送市安委办",
                         reply_due=today + timedelta(days=7))
    ctx.log(f"工作计划：《{plan.title}》{plan.counts_text}，节点{2 * len(TASKS)}个")
