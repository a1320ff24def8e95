from django.apps import AppConfig

_PLAN_MODELS = ("plan", "planversion", "workinggroup", "planresponselevel", "triggercondition",
                "levelaction", "levelresource", "plancontact", "planreview", "planevaluation",
                "planrevision")
_DRILL_MODELS = ("drill", "drillscore", "drillfinding")


class PlansConfig(AppConfig):
    """Emergency plans and drills: digital plans, filing and review, activation, drills planned, run
    and evaluated."""

    name = "yingji.plans"
    label = "plans"
    verbose_name = "应急预案与演练"

    def ready(self) -> None:
        from yingji.plans import kpis

        kpis.register()  # computed indicators for governance's KPI library
        from yingji.core import detail_links
        from yingji.core.roles import grant
        from yingji.incidents.drill_mode import register_drill_incidents
        from yingji.plans import demo, jobs, workbench  # noqa: F401  (demo registers its builder, jobs their schedule)
        from yingji.plans.models import Drill
        from yingji.ui.navigation import NavItem, register

        edit = [f"plans.{verb}_{m}" for m in (*_PLAN_MODELS, *_DRILL_MODELS)
                for verb in ("add", "change", "delete")]
        for role in ("supervisor", "duty_leader", "commander"):
            grant(role, "plans.view_*", *edit, "plans.add_planactivation",
                  "plans.change_planactivation", "plans.evaluate_drill", "plans.change_plansettings")
        grant("duty_officer", "plans.view_*", "plans.add_planactivation",
              "plans.change_planactivation")
        grant("enterprise", *(f"plans.view_{m}" for m in (*_PLAN_MODELS, *_DRILL_MODELS)),
              *(f"plans.{verb}_{m}" for m in (*_PLAN_MODELS, *_DRILL_MODELS)
                for verb in ("add", "change")))
        grant("evaluator", "plans.view_drill", "plans.view_drillscore", "plans.view_drillfinding",
              "plans.add_drillfinding", "plans.evaluate_drill")

        register_drill_incidents(lambda: Drill.objects.exclude(incident=None).values("incident_id"))
        detail_links.register("incidents.incident", workbench.incident_links)
        detail_links.register("enterprises.enterprise", workbench.enterprise_links)
        workbench.register()
        register("preparedness", NavItem("应急预案", "plan_list", "file-text", "plans.view_plan",
                                         order=30))
        register("preparedness", NavItem("预案体系", "plan_tree", "sitemap", "plans.view_plan",
                                         order=31))
        register("preparedness", NavItem("预案覆盖", "plan_coverage", "checks", "plans.view_plan",
                                         order=32))
        register("response", NavItem("预案启动", "plan_board", "file-text",
                                     "plans.add_planactivation", order=3))
        register("preparedness", NavItem("应急演练", "drill_list", "activity", "plans.view_drill",
                                         order=33))
        register("preparedness", NavItem("年度演练计划", "drill_yearplan", "clock",
                                         "plans.view_plan", order=34))
        register("preparedness", NavItem("演练统计", "drill_stats", "dashboard", "plans.view_plan",
                                         order=35))
        register("preparedness", NavItem("预案演练参数", "plansettings_edit", "database",
                                         "plans.change_plansettings", city_wide=True, order=39))
