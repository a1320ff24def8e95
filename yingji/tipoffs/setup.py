"""Registration of the module's roles, navigation, workbench to-dos and the demo
builder (called from ``TipoffsConfig.ready``)."""

from __future__ import annotations

_READ = ("tipoffs.view_tipoff", "tipoffs.view_tipoffreward", "tipoffs.view_tipoffsettings")


def register_all() -> None:
    from yingji.core.roles import grant

    # The duty office takes 12350 calls, triages, assigns and answers the reporter.
    for role in ("duty_officer", "duty_leader"):
        grant(role, *_READ, "tipoffs.add_tipoff", "tipoffs.triage_tipoff")
    grant("duty_leader", "tipoffs.change_tipoffsettings")
    # The district's and departments' supervisors and inspectors verify.
    for role in ("supervisor", "inspector"):
        grant(role, *_READ, "tipoffs.verify_tipoff")
    for role in ("commander", "safety_office"):
        grant(role, *_READ)
    # Only the reward committee reads who reported (内部举报人 included) and decides.
    grant("reward_committee", *_READ, "tipoffs.view_tipoffreporter", "tipoffs.view_tipoffvote",
          "tipoffs.decide_tipoffreward", "tipoffs.change_tipoffreward",
          "tipoffs.change_tipoffsettings")

    from yingji.tipoffs import (
        demo,  # noqa: F401  (registers the demo builder)
        workbench,
    )
    from yingji.ui.navigation import NavItem, register
    from yingji.ui.workbench import register_todos

    register("public", NavItem("我要举报", "tipoff_public", "alert-triangle", order=5,
                               roles=("public",)))
    section = "prevention"
    register(section, NavItem("举报受理", "tipoff_list", "mail", "tipoffs.view_tipoff", order=80))
    register(section, NavItem("登记电话举报", "tipoff_add", "plus", "tipoffs.add_tipoff", order=81))
    register(section, NavItem("举报奖励", "tipoffreward_list", "certificate",
                              "tipoffs.view_tipoffreward", order=82))
    register(section, NavItem("举报统计", "tipoff_stats", "activity", "tipoffs.view_tipoff", order=83))
    register(section, NavItem("举报处理参数", "tipoffsettings_edit", "shield",
                              "tipoffs.change_tipoffsettings", city_wide=True, order=84))
    register_todos("tipoffs", workbench.tipoff_todos)
