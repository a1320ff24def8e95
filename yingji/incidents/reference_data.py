"""Default configuration (regulations.md §1, §5): report time limits per grade, grading
criteria for events outside the 493 rule, response checklists, the 1+4+N pattern.
Installed by migration 0002; administrators edit the tables afterwards."""

from __future__ import annotations

from typing import Any

from yingji.incidents.rules import DEFAULT_LIMITS

REPORT_TO = {
    "I": "省应急管理厅、应急管理部（国务院）",
    "II": "省应急管理厅、应急管理部（国务院）",
    "III": "省应急管理厅",
    "IV": "市应急管理局",
}
LIMIT_SOURCE = ("国务院令第493号第九条、第十一条；安监总局令第21号（续报频次）；"
                "“重大灾害事故紧急信息1小时内报送”")

GEO = "国家突发地质灾害应急预案（默认值，请核实）"
ENV = "国家突发环境事件应急预案（默认值，请核实）"
NAT = "突发事件分级通行口径（默认值，请核实）"
# (category, subtype, grade, metric, threshold, source)
CRITERIA: list[tuple[str, str, str, str, float, str]] = [
    *[("natural", "", g, "deaths_missing", t, NAT) for g, t in (("I", 30), ("II", 10), ("III", 3))],
    *[("natural", "geological", g, "deaths", t, GEO) for g, t in (("I", 30), ("II", 10), ("III", 3))],
    *[("natural", "geological", g, "loss_wan", t, GEO)
      for g, t in (("I", 1000), ("II", 500), ("III", 100))],
    *[("accident", "environment", g, "deaths", t, ENV) for g, t in (("I", 30), ("II", 10), ("III", 3))],
    *[("accident", "environment", g, "serious_injuries", t, ENV)
      for g, t in (("I", 100), ("II", 50), ("III", 10))],
    *[("accident", "environment", g, "relocated", t, ENV)
      for g, t in (("I", 50000), ("II", 10000), ("III", 5000))],
    *[("accident", "environment", g, "loss_wan", t, ENV)
      for g, t in (("I", 10000), ("II", 2000), ("III", 500))],
]

CHECKLISTS: list[tuple[str, str, str, list[str]]] = [
    ("生产安全事故处置", "accident", "production", [
        "核实事故信息，1小时内首报｜值班室｜60", "通知属地政府和行业主管部门赶赴现场｜值班室｜30",
        "调派就近救援队伍和医疗力量｜指挥中心｜30", "划定警戒区，疏散无关人员｜公安局｜60",
        "组织专家研判事故发展态势｜安全生产基础处｜120", "控制涉事企业负责人，封存证据｜执法支队｜240"]),
    ("危险化学品事故处置", "accident", "hazchem", [
        "核实泄漏物质、数量和气象条件｜值班室｜30", "调派危化专业救援队伍｜指挥中心｜30",
        "环境监测，划定污染范围｜生态环境局｜60", "下风向群众疏散｜属地街道｜60",
        "组织危化专家会商｜危化品监管处｜120"]),
    ("火灾事故处置", "accident", "fire", [
        "通报消防救援支队，确认出动力量｜值班室｜15", "组织医疗救治｜卫健委｜60",
        "交通管制与疏导｜公安交管局｜60"]),
    ("道路交通事故处置", "accident", "road_traffic", [
        "核实伤亡和车辆情况｜值班室｜30", "交通管制与疏导｜公安交管局｜30",
        "伤员救治｜卫健委｜60"]),
    ("防汛抗旱处置", "natural", "flood_drought", [
        "会商研判雨情水情｜防汛办｜60", "巡堤查险，转移危险区群众｜属地街道｜120",
        "调派防汛抢险队伍和物资｜指挥中心｜60", "开放避难场所｜民政局｜120"]),
    ("自然灾害通用处置", "natural", "", [
        "核实灾情，2小时内初报｜值班室｜120", "转移安置受灾群众｜属地街道｜180",
        "调拨救灾物资｜物资保障处｜180"]),
    ("公共卫生事件处置", "health", "", [
        "核实病例和流行病学信息｜卫健委｜120", "启动医疗救治和防控措施｜卫健委｜240"]),
    ("社会安全事件处置", "social", "", [
        "核实事态，报告属地党委政府｜值班室｜30", "现场处置与秩序维护｜公安局｜60"]),
]


def install(apps: Any) -> None:
    """Create the defaults (idempotent)."""
    report_rule = apps.get_model("incidents", "ReportRule")
    criterion = apps.get_model("incidents", "GradeCriterion")
    template = apps.get_model("incidents", "ChecklistTemplate")
    pattern = apps.get_model("incidents", "DutyPattern")
    settings_model = apps.get_model("incidents", "IncidentSettings")
    for grade, limits in DEFAULT_LIMITS.items():
        report_rule.objects.get_or_create(grade=grade, category="", defaults={
            "first_minutes": limits.first_minutes, "followup_hours": limits.followup_hours,
            "final_hours": limits.final_hours, "report_to": REPORT_TO[grade],
            "source": LIMIT_SOURCE})
    for category, subtype, grade, metric, threshold, source in CRITERIA:
        criterion.objects.get_or_create(category=category, subtype=subtype, grade=grade,
                                        metric=metric, defaults={"threshold": threshold,
                                                                 "source": source})
    for name, category, subtype, items in CHECKLISTS:
        template.objects.get_or_create(name=name, defaults={
            "category": category, "subtype": subtype, "items": "\n".join(items)})
    pattern.objects.get_or_create(name="1+4+N值班", defaults={
        "formula": "1+4+N", "shift_hours": 24, "start_hour": 8,
        "note": "1名带班领导、4名值班员、N名机动人员，24小时值班"})
    pattern.objects.get_or_create(name="1+2值班", defaults={
        "formula": "1+2", "shift_hours": 24, "start_hour": 8, "note": "区级值班室"})
    if not settings_model.objects.exists():
        settings_model.objects.create(pk=1)  # SingletonSettings: always pk 1
