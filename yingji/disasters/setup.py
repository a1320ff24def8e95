"""Registration of the module's menu (救灾救助), workbench to-dos, jobs and demo builder
(called from ``DisastersConfig.ready``)."""

from __future__ import annotations


def register_all() -> None:
    from yingji.disasters import (
        demo,  # noqa: F401  (registers the demo builder)
        jobs,  # noqa: F401  (registers the periodic jobs)
        workbench,
    )
    from yingji.disasters.services import rounds
    from yingji.ui.navigation import NavItem, register
    from yingji.ui.workbench import register_todos

    items = (
        NavItem("灾情报送", "disaster_report_form", "edit", "disasters.add_disasterreport", order=10),
        NavItem(
            "灾情总览",
            "disaster_board",
            "activity",
            "disasters.view_disasterevent",
            hidden_from=("informant",),
            order=11,
        ),
        NavItem("灾害事件", "disasterevent_list", "alert-triangle", "disasters.view_disasterevent", order=12),
        NavItem("灾情报告", "disasterreport_list", "file-text", "disasters.view_disasterreport", order=13),
        NavItem(
            "12小时保障看板", "twelvehourcheck_list", "clock", "disasters.view_twelvehourcheck", order=14
        ),
        NavItem("受灾群众救助", "reliefcase_list", "shield-check", "disasters.view_reliefcase", order=15),
        NavItem("死亡失踪人员名单", "casualtyrecord_list", "user", "disasters.view_casualtyrecord", order=16),
        NavItem("倒损住房台账", "damagedhouse_list", "home", "disasters.view_damagedhouse", order=17),
        NavItem("冬春救助", "winterspringplan_list", "shield", "disasters.view_winterspringplan", order=18),
        NavItem("救灾捐赠", "donation_list", "certificate", "disasters.view_donation", order=19),
        NavItem(
            "响应启动条件",
            "responsethreshold_list",
            "list",
            "disasters.view_responsethreshold",
            hidden_from=("informant",),
            order=20,
        ),
        NavItem(
            "灾情报送设置",
            "disastersettings_edit",
            "lock",
            "disasters.change_disastersettings",
            city_wide=True,
            order=21,
        ),
    )
    for item in items:
        register("relief", item)
    register_todos("disasters", workbench.disaster_todos)
    rounds.register()
