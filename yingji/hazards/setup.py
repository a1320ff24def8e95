"""Registration of the module's navigation, workbench card, to-dos, enterprise-file
section and demo builder (called from ``HazardsConfig.ready``)."""

from __future__ import annotations


def register_all() -> None:
    from yingji.enterprises.tabs import FileSection, register_section
    from yingji.hazards import (
        demo,  # noqa: F401  (registers the demo builder)
        workbench,
    )
    from yingji.ui.navigation import NavItem, register
    from yingji.ui.workbench import Card, register_card, register_todos

    register("prevention", NavItem("隐患台账", "hazard_list", "alert-triangle",
                                   "hazards.view_hazard", order=20))
    register("prevention", NavItem("隐患分布图", "hazard_map", "map",
                                   "hazards.view_hazard",
                                   hidden_from=("enterprise",), order=21))
    register("prevention", NavItem("隐患统计分析", "hazard_analysis", "activity",
                                   "hazards.view_hazard",
                                   hidden_from=("enterprise",), order=25))
    register("prevention", NavItem("企业自查", "selfinspection_list", "checks",
                                   "hazards.view_selfinspection", order=22))
    register("prevention", NavItem("排查清单", "checklist_list", "list",
                                   "hazards.view_checklist", order=23))
    register("prevention", NavItem("延期审批", "extensionrequest_list", "clock",
                                   "hazards.approve_extension", order=24))
    register("prevention", NavItem("隐患模块设置", "hazardsettings_edit", "lock",
                                   "hazards.change_hazardsettings", city_wide=True, order=26))
    register_card(Card("hazards", "隐患排查治理", "hazards/card.html", workbench.hazards_card,
                       permission="hazards.view_hazard", order=30))
    register_todos("hazards", workbench.hazard_todos)
    register_section(FileSection("hazards", "隐患排查治理", "hazards/enterprise_section.html",
                                 workbench.enterprise_section, permission="hazards.view_hazard",
                                 order=20))
