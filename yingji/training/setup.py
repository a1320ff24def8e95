"""Registration of the module's roles, navigation, workbench to-dos, the deadline
handler and the demo builder (called from ``TrainingConfig.ready``)."""

from __future__ import annotations

_ROLL = ("certifiedperson", "certificate", "newworkertraining")
_COURSES = ("course", "trainingsession", "attendance")


def _perms(models: tuple[str, ...], *verbs: str) -> tuple[str, ...]:
    return tuple(f"training.{verb}_{model}" for model in models for verb in verbs)


def register_all() -> None:
    from yingji.core.roles import grant

    view_all = (*_perms(_ROLL + _COURSES + ("requirement",), "view"),
                "training.view_trainingsettings")
    # Supervisors keep the enterprises' files: the rolls, courses and sessions, the
    # requirement table (city-wide by the reference scope) and the parameters.
    grant("supervisor", *(f"training.*_{m}" for m in _ROLL + _COURSES + ("requirement",)),
          "training.*_trainingsettings")
    # 灾害信息员 are kept by the 救灾科 and the duty officers (who keep the warnings
    # directory the informant's person lives in); the command reads them.
    grant("relief_section", "training.*_informant", "training.view_trainingsettings",
          "warnings.*_responsibleperson")
    for role in ("duty_officer", "duty_leader"):
        grant(role, "training.*_informant")
    grant("commander", "training.view_informant")
    # Rescue teams' training: kept by who keeps the resources (duty, command) and by the
    # team's own account; read by the other staff roles.
    team_models = ("teamexercise", "exerciserecord")
    for role in ("duty_officer", "duty_leader", "commander"):
        grant(role, *(f"training.*_{m}" for m in team_models))
    grant("rescue", *_perms(team_models, "view", "add", "change"))
    grant("supervisor", *_perms(team_models, "view"))
    for role in ("inspector", "duty_officer", "duty_leader", "commander", "safety_office"):
        grant(role, *view_all)
    # An enterprise keeps its own roll and 三级安全教育 records and reads its attendance.
    grant("enterprise", *_perms(_ROLL, "view", "add", "change", "delete"),
          "training.view_attendance", "training.view_requirement")

    from yingji.training import kpis

    kpis.register()  # computed indicators for governance's KPI library

    from yingji.core.services.deadlines import on_overdue
    from yingji.training import (
        demo,  # noqa: F401  (registers the demo builder)
        demo_informants,  # noqa: F401
        demo_teams,  # noqa: F401
        workbench,
    )
    from yingji.training.services.hazards import on_certificate_overdue
    from yingji.ui.navigation import NavItem, register
    from yingji.ui.workbench import register_todos

    on_overdue("training.", on_certificate_overdue)
    section = "grassroots"
    register(section, NavItem("三项岗位人员", "certifiedperson_list", "users",
                              "training.view_certifiedperson", order=1))
    register(section, NavItem("资格证书", "certificate_list", "certificate",
                              "training.view_certificate", order=2))
    register(section, NavItem("持证覆盖率", "training_coverage", "activity",
                              "training.view_certifiedperson", order=3))
    register(section, NavItem("导入持证名册", "certificate_import", "upload",
                              "training.add_certificate", order=4))
    register(section, NavItem("三级安全教育", "newworkertraining_list", "user",
                              "training.view_newworkertraining", order=5))
    register(section, NavItem("培训课程", "course_list", "file-text", "training.view_course", order=6))
    register(section, NavItem("培训班次", "trainingsession_list", "clock",
                              "training.view_trainingsession", order=7))
    register(section, NavItem("持证要求", "requirement_list", "list",
                              "training.view_requirement", order=8))
    register(section, NavItem("培训持证参数", "trainingsettings_edit", "shield",
                              "training.change_trainingsettings", city_wide=True, order=9))
    register(section, NavItem("灾害信息员", "informant_list", "users",
                              "training.view_informant", order=10))
    register(section, NavItem("信息员覆盖", "informant_coverage", "map-pin",
                              "training.view_informant", order=11))
    register(section, NavItem("队伍训练与比武", "teamexercise_list", "activity",
                              "training.view_teamexercise", order=12))
    register(section, NavItem("队员训练学时", "training_team_hours", "clock",
                              "training.view_teamexercise", order=13))
    register_todos("training", workbench.training_todos)
    register_todos("training_informants", workbench.informant_todos)
