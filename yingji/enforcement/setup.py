"""Registration of the module's navigation, to-dos, enterprise-file section and demo
builder (called from ``EnforcementConfig.ready``)."""

from __future__ import annotations


def register_all() -> None:
    from yingji.enforcement import workbench
    from yingji.enterprises.tabs import FileSection, register_section
    from yingji.ui.navigation import NavItem, register
    from yingji.ui.workbench import register_todos

    items = (
        ("执法案件", "case_list", "gavel", "enforcement.view_case", 40),
        ("现场检查", "inspection_list", "clipboard-check", "enforcement.view_inspection", 41),
        ("执法文书", "document_list", "printer", "enforcement.view_document", 45),
        ("执法人员", "inspector_list", "id-badge", "enforcement.view_inspector", 46),
        ("执法小组", "team_list", "users", "enforcement.view_team", 47),
        ("回避申报", "conflict_list", "user-x", "enforcement.view_conflict", 48),
        ("执法事项清单", "enforcementitem_list", "list", "enforcement.view_enforcementitem", 49),
        ("裁量基准", "discretionstandard_list", "scale", "enforcement.view_discretionstandard", 50),
        ("执法模块设置", "enforcementsettings", "lock", "enforcement.change_enforcementsettings", 51),
    )
    for label, url, icon, permission, order in items:
        register("governance", NavItem(label, url, icon, permission, order=order,
                                       hidden_from=("enterprise",)))
    register_todos("enforcement", workbench.enforcement_todos)
    register_section(FileSection("enforcement", "执法检查与行政处罚",
                                 "enforcement/enterprise_section.html",
                                 workbench.enterprise_section, permission="enforcement.view_case",
                                 order=40))
