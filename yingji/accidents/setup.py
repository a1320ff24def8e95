"""Registration of the module's navigation, workbench to-dos and demo builder (called
from ``AccidentsConfig.ready``)."""

from __future__ import annotations


def register_all() -> None:
    from yingji.accidents import (
        demo,  # noqa: F401  (registers the demo builder)
        workbench,
    )
    from yingji.ui.navigation import NavItem, register
    from yingji.ui.workbench import register_todos

    register("governance", NavItem("生产安全事故", "accident_list", "alert-octagon",
                                   "accidents.view_accident", order=10))
    register_todos("accidents", workbench.accident_todos)
