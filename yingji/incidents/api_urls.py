"""API URLs of the app under /api/v1/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.incidents import api

router = SimpleRouter()
router.register("incidents/incidents", api.IncidentViewSet, basename="incident")
router.register("incidents/reports", api.InfoReportViewSet, basename="inforeport")
router.register("incidents/orders", api.DispatchOrderViewSet, basename="dispatchorder")
router.register("incidents/tasks", api.ResponseTaskViewSet, basename="responsetask")
router.register("incidents/shifts", api.DutyShiftViewSet, basename="dutyshift")
router.register("incidents/swaps", api.SwapRequestViewSet, basename="swaprequest")
router.register("incidents/duty-logs", api.DutyLogViewSet, basename="dutylog")
router.register("incidents/contacts", api.ContactViewSet, basename="contact")
router.register("incidents/findings", api.FindingViewSet, basename="finding")
router.register("incidents/grade-criteria", api.GradeCriterionViewSet, basename="gradecriterion")
router.register("incidents/report-rules", api.ReportRuleViewSet, basename="reportrule")
router.register("incidents/checklists", api.ChecklistTemplateViewSet, basename="checklisttemplate")
router.register("incidents/patterns", api.DutyPatternViewSet, basename="dutypattern")
router.register("incidents/parameters", api.IncidentSettingsViewSet, basename="incidentsettings")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
