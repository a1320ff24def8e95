"""Registration of the module's roles, navigation, jobs and demo builder (called from
``FloodConfig.ready``)."""

from __future__ import annotations

_VIEW = tuple(f"flood.view_{m}" for m in ("floodpoint", "gaugelink", "household", "transfertask",
                                           "transferentry", "transferreport", "floodsettings"))
_EDIT = tuple(f"flood.{verb}_{m}" for m in ("floodpoint", "gaugelink", "household")
              for verb in ("add", "change", "delete"))
_REPORT = ("flood.report_transferentry",)
_TASK = ("flood.add_transfertask", "flood.change_transfertask")
_LEVEL_VIEW = ("flood.view_floodresponse", "flood.view_floodlevelrule")
_DECIDE = ("flood.add_floodresponse", "flood.change_floodresponse")


def register_all() -> None:
    from yingji.core.roles import grant

    # The duty officers keep the points and rosters of their area (the street's own
    # 应急办 included), open and close transfers and report from the field; the leaders
    # and the commander watch the board and may open or end a transfer.
    grant("duty_officer", *_VIEW, *_EDIT, *_REPORT, *_TASK, *_LEVEL_VIEW)
    # The flood response (防汛应急响应) is the leaders' decision; the officers watch it.
    for role in ("duty_leader", "commander"):
        grant(role, *_VIEW, *_TASK, *_LEVEL_VIEW, *_DECIDE)
    grant("supervisor", *_VIEW, *_LEVEL_VIEW)
    # Whether warnings and gauges open transfers by themselves is the city's decision.
    for role in ("admin", "duty_leader"):
        grant(role, "flood.view_floodsettings", "flood.change_floodsettings",
              "flood.view_floodlevelrule", "flood.change_floodlevelrule")

    from yingji.flood import (
        demo,  # noqa: F401  (registers the demo builder)
        jobs,  # noqa: F401  (registers the periodic job)
    )
    from yingji.ui.navigation import NavItem, register

    items = (
        NavItem("转移避险看板", "flood_board", "dashboard", "flood.view_transfertask", order=1),
        NavItem("防汛风险点", "floodpoint_list", "map-pin", "flood.view_floodpoint", order=2),
        NavItem("转移任务", "transfertask_list", "alert-triangle", "flood.view_transfertask", order=3),
        NavItem("转移户名册", "household_list", "home", "flood.view_household", order=4),
        NavItem("防汛应急响应", "floodresponse_list", "activity", "flood.view_floodresponse", order=5),
        NavItem("防汛响应等级", "floodlevelrule_list", "list", "flood.view_floodlevelrule", order=6),
        NavItem("防汛防台设置", "floodsettings_edit", "lock", "flood.change_floodsettings",
                city_wide=True, order=7),
    )
    for item in items:
        register("season", item)

    from yingji.flood.workbench import response_todos
    from yingji.ui.workbench import register_todos

    register_todos("flood_responses", response_todos)
