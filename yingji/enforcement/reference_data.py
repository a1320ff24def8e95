"""The default enforcement catalogue (执法事项清单) and discretion standard (裁量基准),
loaded by a data migration; the legal reviewers edit both.

The articles are those of the 安全生产法 (2021). The bands' fine ranges of the amount
standards are the bureau's own choice inside the statutory range (an example a bureau
revises); the ranges of 第一百一十四条 and the shares of 第九十五条 are the statute's.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

W = Decimal("10000")
ALL: list[str] = []

# (code, name, legal basis, industries)
ITEMS: list[tuple[str, str, str, list[str]]] = [
    ("ZF001", "安全生产管理机构设置和安全生产管理人员配备情况", "安全生产法第二十四条", ALL),
    ("ZF002", "主要负责人和安全生产管理人员安全生产知识和管理能力考核情况", "安全生产法第二十七条", ALL),
    ("ZF003", "从业人员安全生产教育和培训及记录情况", "安全生产法第二十八条", ALL),
    ("ZF004", "特种作业人员持证上岗情况", "安全生产法第三十条", ALL),
    ("ZF005", "安全警示标志设置和安全设备维护、保养、检测情况", "安全生产法第三十五条、第三十六条", ALL),
    ("ZF006", "危险物品安全管理制度和安全措施落实情况", "安全生产法第三十九条",
     ["hazchem", "fireworks"]),
    ("ZF007", "重大危险源登记建档、检测评估监控和应急预案情况", "安全生产法第四十条", ["hazchem"]),
    ("ZF008", "安全风险分级管控和事故隐患排查治理制度建立落实情况", "安全生产法第四十一条", ALL),
    ("ZF009", "生产经营场所和员工宿舍安全出口、疏散通道情况", "安全生产法第四十二条", ALL),
    ("ZF010", "爆破、吊装、动火、临时用电等危险作业现场安全管理情况", "安全生产法第四十三条", ALL),
    ("ZF011", "生产安全事故应急救援预案制定和演练情况", "安全生产法第八十一条", ALL),
    ("ZF012", "粉尘防爆安全措施落实情况", "工贸企业粉尘防爆安全规定（应急管理部令第6号）",
     ["industry_trade"]),
    ("ZF013", "有限空间作业安全管理情况", "工贸企业有限空间作业安全规定（应急管理部令第13号）",
     ["industry_trade"]),
]

BASIC = [("minor", "首次违法、及时改正、未造成危害后果"),
         ("general", "一般情形"),
         ("serious", "逾期未改正、多次违法或造成一定危害后果"),
         ("severe", "拒不改正并造成危害后果或引发事故")]


def _amount_bands(limits: tuple[int, int, int, int]) -> list[tuple[str, str, Decimal, Decimal]]:
    """Four bands over 0..limits[3] yuan, split at the given points."""
    edges = [Decimal(0), *(Decimal(x) for x in limits)]
    return [(band, text, edges[i], edges[i + 1]) for i, (band, text) in enumerate(BASIC)]


# (code, violation, violated basis, penalty basis, kind, person liable, item, bands)
STANDARDS: list[tuple[str, str, str, str, str, bool, str, list[Any]]] = [
    ("CL097-1", "未按照规定设置安全生产管理机构或者配备安全生产管理人员",
     "安全生产法第二十四条", "安全生产法第九十七条第一项", "amount", True, "ZF001",
     _amount_bands((10000, 30000, 60000, 100000))),
    ("CL097-3", "未按照规定对从业人员进行安全生产教育和培训",
     "安全生产法第二十八条", "安全生产法第九十七条第三项", "amount", True, "ZF003",
     _amount_bands((10000, 30000, 60000, 100000))),
    ("CL097-7", "特种作业人员未按照规定取得相应资格上岗作业",
     "安全生产法第三十条", "安全生产法第九十七条第七项", "amount", True, "ZF004",
     _amount_bands((10000, 30000, 60000, 100000))),
    ("CL099-1", "未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志",
     "安全生产法第三十五条", "安全生产法第九十九条第一项", "amount", True, "ZF005",
     _amount_bands((5000, 20000, 35000, 50000))),
    ("CL099-3", "未对安全设备进行经常性维护、保养和定期检测",
     "安全生产法第三十六条", "安全生产法第九十九条第三项", "amount", True, "ZF005",
     _amount_bands((5000, 20000, 35000, 50000))),
    ("CL101-2", "对重大危险源未登记建档，未进行定期检测、评估、监控",
     "安全生产法第四十条", "安全生产法第一百零一条第二项", "amount", True, "ZF007",
     _amount_bands((10000, 30000, 60000, 100000))),
    ("CL101-3", "进行动火、临时用电等危险作业未安排专门人员进行现场安全管理",
     "安全生产法第四十三条", "安全生产法第一百零一条第三项", "amount", True, "ZF010",
     _amount_bands((10000, 30000, 60000, 100000))),
    ("CL101-5", "未建立事故隐患排查治理制度", "安全生产法第四十一条",
     "安全生产法第一百零一条第五项", "amount", True, "ZF008",
     _amount_bands((10000, 30000, 60000, 100000))),
    ("CL102", "未采取措施消除事故隐患", "安全生产法第四十一条", "安全生产法第一百零二条",
     "amount", True, "ZF008", _amount_bands((5000, 20000, 35000, 50000))),
    ("CL105-2", "生产经营场所和员工宿舍未设有符合紧急疏散需要、标志明显、保持畅通的出口、疏散通道",
     "安全生产法第四十二条", "安全生产法第一百零五条第二项", "amount", True, "ZF009",
     _amount_bands((5000, 20000, 35000, 50000))),
    ("CL114", "对生产安全事故发生负有责任（生产经营单位）", "安全生产法第四条",
     "安全生产法第一百一十四条", "accident", False, "",
     [("acc_general", "发生一般事故", 30 * W, 100 * W),
      ("acc_larger", "发生较大事故", 100 * W, 200 * W),
      ("acc_major", "发生重大事故", 200 * W, 1000 * W),
      ("acc_extra", "发生特别重大事故", 1000 * W, 2000 * W)]),
    ("CL095", "主要负责人未履行安全生产管理职责导致发生生产安全事故", "安全生产法第二十一条",
     "安全生产法第九十五条", "income", True, "",
     [("acc_general", "发生一般事故：上一年年收入40%", Decimal(0), Decimal(0), 40),
      ("acc_larger", "发生较大事故：上一年年收入60%", Decimal(0), Decimal(0), 60),
      ("acc_major", "发生重大事故：上一年年收入80%", Decimal(0), Decimal(0), 80),
      ("acc_extra", "发生特别重大事故：上一年年收入100%", Decimal(0), Decimal(0), 100)]),
]


def load(apps: Any, schema_editor: Any) -> None:
    item_model = apps.get_model("enforcement", "EnforcementItem")
    standard_model = apps.get_model("enforcement", "DiscretionStandard")
    band_model = apps.get_model("enforcement", "DiscretionBand")
    items = {}
    for order, (code, name, basis, industries) in enumerate(ITEMS):
        items[code], _ = item_model.objects.get_or_create(code=code, defaults={
            "name": name, "legal_basis": basis, "industries": industries, "sort_order": order})
    for code, violation, violated, penalty, kind, person, item, bands in STANDARDS:
        standard, created = standard_model.objects.get_or_create(code=code, defaults={
            "violation": violation, "violated_basis": violated, "penalty_basis": penalty,
            "kind": kind, "person_liable": person, "item": items.get(item)})
        if not created:
            continue
        for row in bands:
            band, text, low, high = row[:4]
            share = Decimal(row[4]) if len(row) > 4 else None
            band_model.objects.create(standard=standard, band=band, circumstances=text,
                                      fine_min=low, fine_max=high, share_min=share,
                                      share_max=share)
