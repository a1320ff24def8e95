from django.apps import AppConfig


class HazardsConfig(AppConfig):
    """Hidden-hazard closed loop: report, rectify, verify, close; listed supervision; analysis."""

    name = "yingji.hazards"
    label = "hazards"
    verbose_name = "隐患排查治理"

    def ready(self) -> None:
        from yingji.hazards import kpis

        kpis.register()  # computed indicators for governance's KPI library
        from yingji.core.roles import grant

        # Supervisors run the loop: everything, including 挂牌督办 and extension approval.
        grant("supervisor", "hazards.*")
        # Inspectors and duty staff find hazards in inspections; leaders read everything.
        for role in ("inspector", "duty_officer"):
            grant(role, "hazards.view_*", "hazards.add_hazard", "hazards.change_hazard")
        for role in ("duty_leader", "commander"):
            grant(role, "hazards.view_*")
        # Enterprises report and rectify their own hazards and run self-inspections.
        grant("enterprise", "hazards.view_*", "hazards.add_hazard", "hazards.change_hazard",
              "hazards.*_treatmentplan", "hazards.*_extensionrequest",
              "hazards.*_rectificationreport", "hazards.*_selfinspection*")
        try:
            from yingji.hazards import setup
        except ImportError:  # pages not built yet
            return
        setup.register_all()
