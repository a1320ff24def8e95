"""Default check lists (排查清单) loaded by a data migration; administrators edit them.

Major-hazard items quote the national criteria: 《化工和危险化学品生产经营单位重大生产安全
事故隐患判定标准（试行）》(安监总管三〔2017〕121号) and 《工贸企业重大事故隐患判定标准》
(应急管理部令第10号, 2023).
"""

from __future__ import annotations

from typing import Any

HAZCHEM_BASIS = "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）第{}项"
DUST_BASIS = "工贸企业重大事故隐患判定标准（应急管理部令第10号）第{}条"

# (name, industry, description, [(content, basis, category, major)])
CHECKLISTS: list[tuple[str, str, str, list[tuple[str, str, str, bool]]]] = [
    ("危险化学品企业重大隐患排查清单", "hazchem", "依据化工和危险化学品重大隐患判定标准", [
        ("主要负责人和安全生产管理人员依法经考核合格", HAZCHEM_BASIS.format(1),
         "basic_organisation", True),
        ("特种作业人员持证上岗", HAZCHEM_BASIS.format(2), "basic_training", True),
        ("涉及“两重点一重大”的装置、储存设施外部安全防护距离符合国家标准",
         HAZCHEM_BASIS.format(3), "site_environment", True),
        ("重点监管危险化工工艺装置实现自动化控制和紧急停车功能并投入使用",
         HAZCHEM_BASIS.format(4), "site_equipment", True),
        ("一级、二级重大危险源罐区实现紧急切断功能，有毒液化气体罐区配备独立安全仪表系统",
         HAZCHEM_BASIS.format(5), "site_hazchem", True),
        ("液化烃、液氨、液氯等充装使用万向管道充装系统", HAZCHEM_BASIS.format(7),
         "site_hazchem", True),
        ("可燃和有毒气体泄漏场所按标准设置检测报警装置，爆炸危险场所使用防爆电气设备",
         HAZCHEM_BASIS.format(12), "site_equipment", True),
        ("化工装置双重电源供电，自动化控制系统设置不间断电源", HAZCHEM_BASIS.format(14),
         "site_electrical", True),
        ("安全阀、爆破片等安全附件正常投用", HAZCHEM_BASIS.format(15), "site_equipment", True),
        ("建立全员安全生产责任制和隐患排查治理制度", HAZCHEM_BASIS.format(16),
         "basic_responsibility", True),
        ("制定操作规程和工艺控制指标", HAZCHEM_BASIS.format(17), "basic_procedures", True),
        ("动火、进入受限空间等特殊作业管理制度健全并有效执行", HAZCHEM_BASIS.format(18),
         "site_behaviour", True),
        ("危险化学品按标准分区分类储存，无超量、超品种储存", HAZCHEM_BASIS.format(20),
         "site_hazchem", True),
        ("消防通道畅通，消防器材完好有效", "中华人民共和国消防法 第十六条", "site_fire", False),
        ("应急预案按规定编制、评审、备案并定期演练", "生产安全事故应急预案管理办法",
         "basic_emergency", False),
        ("从业人员安全教育培训有记录、考核合格", "生产经营单位安全培训规定",
         "basic_training", False),
    ]),
    ("粉尘涉爆企业重大隐患排查清单", "industry_trade", "适用于存在粉尘爆炸危险的工贸企业", [
        ("粉尘爆炸危险场所未设在非框架结构多层建筑内，场所内无宿舍、办公室等人员聚集场所",
         DUST_BASIS.format("十二（一）"), "site_dust", True),
        ("不同类别粉尘、不同防火分区未共用一套除尘系统，除尘系统未互联互通",
         DUST_BASIS.format("十二（二）"), "site_dust", True),
        ("干式除尘系统采取泄爆、惰化、抑爆等爆炸防控措施", DUST_BASIS.format("十二（三）"),
         "site_dust", True),
        ("铝镁等金属粉尘除尘系统未采用正压吹送，或采取了火花探测消除措施",
         DUST_BASIS.format("十二（四）"), "site_dust", True),
        ("除尘系统未采用重力沉降室或干式巷道式构筑物", DUST_BASIS.format("十二（五）"),
         "site_dust", True),
        ("铝镁、木质粉尘干式除尘系统设置锁气卸灰装置", DUST_BASIS.format("十二（六）"),
         "site_dust", True),
        ("20区粉尘爆炸危险场所电气设备符合防爆要求", DUST_BASIS.format("十二（七）"),
         "site_electrical", True),
        ("粉碎、研磨等设备前设置杂物去除装置，砂光机风管设置火花探测消除装置",
         DUST_BASIS.format("十二（八）"), "site_equipment", True),
        ("落实粉尘清理制度，作业现场无严重积尘", DUST_BASIS.format("十二（十）"),
         "site_dust", True),
        ("除尘器定期检查维护并有记录", "粉尘防爆安全规程 GB 15577", "site_equipment", False),
    ]),
    ("通用安全生产检查清单", "", "适用于各行业企业的基础检查", [
        ("安全生产责任制、管理制度齐全", "中华人民共和国安全生产法 第四条",
         "basic_responsibility", False),
        ("按规定设置安全生产管理机构或配备专职安全管理人员", "中华人民共和国安全生产法 第二十四条",
         "basic_organisation", False),
        ("特种设备定期检验并在有效期内", "中华人民共和国特种设备安全法 第四十条",
         "site_special_equipment", False),
        ("配电设施完好，无私拉乱接电线", "用电安全导则 GB/T 13869", "site_electrical", False),
        ("安全出口、疏散通道畅通，应急照明和疏散指示完好", "中华人民共和国消防法 第二十八条",
         "site_fire", False),
        ("有限空间作业执行“先通风、再检测、后作业”", "工贸企业有限空间作业安全规定",
         "site_confined_space", False),
        ("相关方（承包商）安全管理协议签订并落实", "中华人民共和国安全生产法 第四十九条",
         "site_contractor", False),
    ]),
]


def load(apps: Any, schema_editor: Any) -> None:
    """Data migration: create the default check lists once (by name)."""
    Checklist = apps.get_model("hazards", "Checklist")
    Item = apps.get_model("hazards", "ChecklistItem")
    for name, industry, description, items in CHECKLISTS:
        checklist, created = Checklist.objects.get_or_create(
            name=name, defaults={"industry": industry, "description": description})
        if not created:
            continue
        Item.objects.bulk_create([
            Item(checklist=checklist, order=n, content=content, basis=basis, category=category,
                 major_if_failed=major)
            for n, (content, basis, category, major) in enumerate(items, start=1)])
