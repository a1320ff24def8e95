from django.apps import AppConfig

# Operational records every duty role writes; configuration only leaders change.
_OPERATIONS = ("incident", "inforeport", "reportversion", "dispatchorder", "responsetask",
               "dutyshift", "swaprequest", "handover", "dutylog", "contact", "review", "finding")
_CONFIG = ("gradecriterion", "reportrule", "checklisttemplate", "incidentsettings", "dutypattern",
           "teamaccount")


class IncidentsConfig(AppConfig):
    """Duty, incident intake and reporting, response, dispatch and review."""

    name = "yingji.incidents"
    label = "incidents"
    verbose_name = "值班值守与指挥调度"

    def ready(self) -> None:
        from yingji.incidents import kpis

        kpis.register()  # computed indicators for governance's KPI library
        from yingji.core.roles import grant
        from yingji.incidents import demo, workbench  # noqa: F401  (demo registers its builder)
        from yingji.ui.navigation import NavItem, register

        operate = [f"incidents.{verb}_{model}" for model in _OPERATIONS
                   for verb in ("add", "change", "delete")]
        configure = [f"incidents.{verb}_{model}" for model in _CONFIG
                     for verb in ("add", "change", "delete")]
        for role in ("duty_officer", "duty_leader", "commander"):
            grant(role, "incidents.view_*", *operate)
        for role in ("duty_leader", "commander"):
            grant(role, *configure)
        grant("supervisor", "incidents.view_incident", "incidents.view_inforeport")
        grant("rescue", "incidents.view_dispatchorder", "incidents.change_dispatchorder",
              "incidents.act_for_team")

        workbench.register()
        # The rescue team's own workbench: its orders, steps and status (a rescue-only
        # permission, so the duty room's menu stays as it is).
        register("response", NavItem("救援队伍工作台", "team_workbench", "users",
                                     "incidents.act_for_team", order=0))
        register("response", NavItem("接报登记", "incident_add", "bell",
                                     "incidents.add_incident", order=1))
        register("response", NavItem("突发事件", "incident_list", "activity",
                                     "incidents.view_incident", order=2))
        register("response", NavItem("信息报送台账", "inforeport_list", "file-text",
                                     "incidents.view_inforeport", order=2))
        register("response", NavItem("复盘整改", "finding_list", "checks",
                                     "incidents.view_finding", order=4))
        register("response", NavItem("指挥调度", "incident_command", "map-pin",
                                     "incidents.view_incident", order=3))
        register("response", NavItem("统计分析", "incident_stats", "dashboard",
                                     "incidents.view_incident", order=4))
        register("response", NavItem("值班排班", "dutyshift_list", "clock",
                                     "incidents.view_dutyshift", order=7))
        register("response", NavItem("值班通讯录", "contact_list", "list",
                                     "incidents.view_contact", order=8))
        register("response", NavItem("接报报送标准", "reportrule_list", "clock",
                                     "incidents.change_reportrule", order=9))
        register("response", NavItem("事件分级标准", "gradecriterion_list", "list",
                                     "incidents.change_gradecriterion", order=10))
        register("response", NavItem("处置清单模板", "checklisttemplate_list", "checks",
                                     "incidents.change_checklisttemplate", order=11))
