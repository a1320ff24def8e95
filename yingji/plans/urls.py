"""Page URLs of the plans module."""

from django.urls import URLPattern, URLResolver, path

from yingji.plans.views import activation, drills, pages, plans, structure

_PARTS = (("groups", "WorkingGroup"), ("levels", "PlanResponseLevel"),
          ("conditions", "TriggerCondition"), ("actions", "LevelAction"),
          ("resources", "LevelResource"), ("contacts", "PlanContact"), ("versions", "PlanVersion"))


def _part_urls() -> list[URLPattern]:
    out = []
    for slug, name in _PARTS:
        key = name.lower()
        base = f"plans/{slug}/"
        out += [
            path(f"{base}add/", structure.VIEWS[f"{name}Edit"].as_view(), name=f"{key}_add"),
            path(f"{base}<int:pk>/edit/", structure.VIEWS[f"{name}Edit"].as_view(),
                 name=f"{key}_edit"),
            path(f"{base}<int:pk>/delete/", structure.VIEWS[f"{name}Delete"].as_view(),
                 name=f"{key}_delete"),
        ]
    return out


urlpatterns: list[URLPattern | URLResolver] = [
    *_part_urls(),
    path("plans/", plans.PlanListView.as_view(), name="plan_list"),
    path("plans/add/", plans.PlanEditView.as_view(), name="plan_add"),
    path("plans/tree/", pages.PlanTreeView.as_view(), name="plan_tree"),
    path("plans/coverage/", pages.PlanCoverageView.as_view(), name="plan_coverage"),
    path("plans/settings/", pages.PlanSettingsView.as_view(), name="plansettings_edit"),
    path("plans/activation/", activation.ActivationBoardView.as_view(), name="plan_board"),
    path("plans/activation/incidents/<int:pk>/", activation.IncidentPlansView.as_view(),
         name="incident_plans"),
    path("plans/activation/incidents/<int:pk>/step/", activation.IncidentPlanStepView.as_view(),
         name="incident_plan_step"),
    path("plans/activation/<int:pk>/step/", activation.ActivationStepView.as_view(),
         name="planactivation_step"),
    path("plans/versions/<int:pk>/", structure.PlanVersionDetailView.as_view(),
         name="planversion_detail"),
    path("plans/<int:pk>/", plans.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/cards.docx", drills.PlanCardsView.as_view(), name="plan_cards"),
    path("plans/<int:pk>/import/", drills.PlanImportView.as_view(), name="plan_import"),
    path("drills/", drills.DrillListView.as_view(), name="drill_list"),
    path("drills/add/", drills.DrillEditView.as_view(), name="drill_add"),
    path("drills/year-plan/", drills.DrillYearPlanView.as_view(), name="drill_yearplan"),
    path("drills/stats/", drills.DrillStatsView.as_view(), name="drill_stats"),
    path("drills/<int:pk>/", drills.DrillDetailView.as_view(), name="drill_detail"),
    path("drills/<int:pk>/edit/", drills.DrillEditView.as_view(), name="drill_edit"),
    path("drills/<int:pk>/delete/", drills.DrillDeleteView.as_view(), name="drill_delete"),
    path("drills/<int:pk>/step/", drills.DrillStepView.as_view(), name="drill_step"),
    path("drills/<int:pk>/evaluate/", drills.DrillEvaluateView.as_view(), name="drill_evaluate"),
    path("drills/<int:pk>/report.docx", drills.DrillReportView.as_view(), name="drill_report"),
    path("drills/findings/<int:pk>/step/", drills.FindingStepView.as_view(),
         name="drillfinding_step"),
    path("plans/<int:pk>/edit/", plans.PlanEditView.as_view(), name="plan_edit"),
    path("plans/<int:pk>/delete/", plans.PlanDeleteView.as_view(), name="plan_delete"),
    path("plans/<int:pk>/step/", plans.PlanStepView.as_view(), name="plan_step"),
]
