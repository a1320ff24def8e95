"""Registration of the module's roles, navigation and demo builder (called from
``ForestFireConfig.ready``)."""

from __future__ import annotations

_VIEW = ("forestfire.view_firedanger", "forestfire.view_forestfiresettings")
_EDIT = tuple(f"forestfire.{verb}_firedanger" for verb in ("add", "change", "delete"))


def register_all() -> None:
    from yingji.core.roles import grant

    # The duty officers enter the day's danger of their area (the township's 应急办
    # included); the leaders and the commander read it; the warning it drafts is
    # reviewed in the warnings module.
    grant("duty_officer", *_VIEW, *_EDIT)
    for role in ("duty_leader", "commander", "supervisor"):
        grant(role, *_VIEW)
    for role in ("admin", "duty_leader"):
        grant(role, "forestfire.view_forestfiresettings", "forestfire.change_forestfiresettings")

    from yingji.forestfire import demo  # noqa: F401  (registers the demo builder)
    from yingji.ui.navigation import NavItem, register

    items = (
        NavItem("森林火险等级图", "firedanger_map_page", "map", "forestfire.view_firedanger", order=20),
        NavItem("森林火险等级", "firedanger_list", "activity", "forestfire.view_firedanger", order=21),
        NavItem("森林防灭火设置", "forestfiresettings_edit", "lock",
                "forestfire.change_forestfiresettings", city_wide=True, order=22),
    )
    for item in items:
        register("season", item)
