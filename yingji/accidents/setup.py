"""Registration of the module's navigation, workbench to-dos and demo builder (called
from ``AccidentsConfig.ready``)."""

from __future__ import annotations


def register_all() -> None:
    from yingji.accidents import (
        demo,  # noqa: F401  (registers the demo builder)
        links,
        workbench,
    )
    from yingji.core import detail_links
    from yingji.ui.navigation import NavItem, register
    from yingji.ui.workbench import register_todos

    register("governance", NavItem("生产安全事故", "accident_list", "alert-triangle",
                                   "accidents.view_accident", order=10))
    register("governance", NavItem("事故统计分析", "accident_stats", "activity",
                                   "accidents.view_accident", order=11))
    register("governance", NavItem("事故分布图", "accident_map", "map",
                                   "accidents.view_accident", order=11))
    register("governance", NavItem("瞒报核查", "crosscheckrow_list", "search",
                                   "accidents.view_crosscheckrow", order=12))
    register("governance", NavItem("典型案例", "accident_typical", "file-text",
                                   "accidents.view_accident", order=13))
    register("governance", NavItem("安委办督办", "accident_office", "alert-triangle",
                                   "accidents.close_accident", order=14))
    register("governance", NavItem("事故调查处理参数", "accidentsettings_edit", "lock",
                                   "accidents.change_accidentsettings", city_wide=True, order=15))
    register_todos("accidents", workbench.accident_todos)
    detail_links.register("incidents.incident", links.incident_links)
