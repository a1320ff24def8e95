"""Registration of the module's navigation, to-dos, enterprise-file section and demo
builder (called from ``EnforcementConfig.ready``)."""

from __future__ import annotations

# The entries an enterprise account has too: its inspections and the documents served on it.
PARTY_ENTRIES = ("inspection_list", "document_list")


def register_all() -> None:
    from yingji.enforcement import (
        demo,  # noqa: F401  (registers the demo builder)
        jobs,  # noqa: F401  (registers the periodic jobs)
        workbench,
    )
    from yingji.enterprises.tabs import FileSection, register_section
    from yingji.ui.navigation import NavItem, register
    from yingji.ui.workbench import register_todos

    items = (
        ("执法案件", "case_list", "shield-check", "enforcement.view_case", 40),
        ("现场检查", "inspection_list", "checks", "enforcement.view_inspection", 41),
        ("双随机抽查", "draw_list", "arrows-sort", "enforcement.view_draw", 42),
        ("年度执法计划", "annualplan_list", "clock", "enforcement.view_annualplan", 43),
        ("专项执法行动", "campaign_list", "flag", "enforcement.view_campaign", 43),
        ("执法统计", "enforcement_stats", "activity", "enforcement.view_case", 44),
        ("执法文书", "document_list", "file-text", "enforcement.view_document", 45),
        ("文书编号前缀", "documentprefix_list", "file-text", "enforcement.view_documentprefix", 45),
        ("执法人员", "inspector_list", "certificate", "enforcement.view_inspector", 46),
        ("执法小组", "team_list", "users", "enforcement.view_team", 47),
        ("回避申报", "conflict_list", "user", "enforcement.view_conflict", 48),
        ("执法事项清单", "enforcementitem_list", "list", "enforcement.view_enforcementitem", 49),
        ("裁量基准", "discretionstandard_list", "list", "enforcement.view_discretionstandard", 50),
        ("执法模块设置", "enforcementsettings_edit", "lock", "enforcement.change_enforcementsettings", 51),
    )
    for label, url, icon, permission, order in items:
        # The settings are installation-wide: offered only to city-wide staff.
        register("governance", NavItem(label, url, icon, permission, order=order,
                                       hidden_from=() if url in PARTY_ENTRIES else ("enterprise",),
                                       city_wide=url == "enforcementsettings_edit"))
    register_todos("enforcement", workbench.enforcement_todos)
    register_section(FileSection("enforcement", "执法检查与行政处罚",
                                 "enforcement/enterprise_section.html",
                                 workbench.enterprise_section, permission="enforcement.view_inspection",
                                 order=40))
