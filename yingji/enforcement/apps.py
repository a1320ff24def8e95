from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    """Administrative enforcement: catalogue, annual plan, 双随机一公开 draws, inspections, cases,
    documents, statistics and disclosure."""

    name = "yingji.enforcement"
    label = "enforcement"
    verbose_name = "安全生产执法"

    def ready(self) -> None:
        from yingji.enforcement import kpis

        kpis.register()  # computed indicators for governance's KPI library
        from yingji.core.roles import grant

        # Inspectors inspect, draw, file and run cases, issue documents, declare conflicts.
        grant("inspector", "enforcement.view_*", "enforcement.add_inspection",
              "enforcement.change_inspection", "enforcement.add_case", "enforcement.change_case",
              "enforcement.add_document", "enforcement.add_conflict", "enforcement.add_draw",
              "enforcement.change_draw", "enforcement.add_paymentarrangement",
              "enforcement.change_paymentarrangement", "enforcement.change_instalment",
              "hazards.view_hazard")
        # 法制审核员: 案件审核, 法制审核, and the discretion standard and catalogue.
        grant("legal_reviewer", "enforcement.view_*", "enforcement.review_case",
              "enforcement.add_document", "enforcement.*_discretionstandard",
              "enforcement.*_discretionband", "enforcement.*_enforcementitem",
              "enforcement.change_enforcementsettings", "enforcement.*_documentprefix",
              "enforcement.change_paymentarrangement")
        # Leaders: 集体讨论, decisions, extensions; the plan, the inspectors and teams.
        for role in ("commander", "duty_leader"):
            grant(role, "enforcement.view_*", "enforcement.review_case", "enforcement.decide_case",
                  "enforcement.add_document", "enforcement.*_annualplan",
                  "enforcement.*_plantarget", "enforcement.*_campaign", "enforcement.*_campaignquota",
                  "enforcement.*_inspector", "enforcement.*_team",
                  "enforcement.change_enforcementsettings", "enforcement.*_documentprefix",
                  "enforcement.change_paymentarrangement", "enforcement.add_instalment",
                  "enforcement.change_instalment")
        # An enterprise account reads its own inspections and the documents served on it
        # (``Document.scope_q``), not the case files.
        grant("enterprise", "enforcement.view_inspection", "enforcement.view_finding",
              "enforcement.view_document")
        grant("supervisor", "enforcement.view_inspection", "enforcement.view_case",
              "enforcement.view_finding")
        try:
            from yingji.enforcement import setup
        except ImportError:  # pages not built yet
            return
        setup.register_all()
