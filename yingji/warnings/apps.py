from django.apps import AppConfig


class WarningsConfig(AppConfig):
    """Early warnings: bulletins, responsible-person directory, delivery and 叫应, CAP."""

    name = "yingji.warnings"
    label = "warnings"
    verbose_name = "预警发布"

    def ready(self) -> None:
        from yingji.warnings import kpis

        kpis.register()  # computed indicators for governance's KPI library
        from yingji.ui.navigation import NavItem, register
        from yingji.warnings import (
            demo,  # noqa: F401  (registers the demo builder)
            jobs,  # noqa: F401  (registers the expiry job)
            workbench,
        )

        workbench.register()

        register("response", NavItem("预警发布", "bulletin_list", "alert-triangle",
                                     "warnings.view_bulletin", order=5))
        register("response", NavItem("责任人名录", "responsibleperson_list", "users",
                                     "warnings.view_responsibleperson", order=6))
