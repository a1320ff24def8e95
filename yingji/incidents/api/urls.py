"""API URLs of the app under /api/v1/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.incidents.api import config, dispatch, duty, incidents, reports, review

router = SimpleRouter()
router.register("incidents/incidents", incidents.IncidentViewSet, basename="incident")
router.register("incidents/reports", reports.InfoReportViewSet, basename="inforeport")
router.register("incidents/orders", dispatch.DispatchOrderViewSet, basename="dispatchorder")
router.register("incidents/tasks", dispatch.ResponseTaskViewSet, basename="responsetask")
router.register("incidents/shifts", duty.DutyShiftViewSet, basename="dutyshift")
router.register("incidents/swaps", duty.SwapRequestViewSet, basename="swaprequest")
router.register("incidents/duty-logs", duty.DutyLogViewSet, basename="dutylog")
router.register("incidents/contacts", duty.ContactViewSet, basename="contact")
router.register("incidents/findings", review.FindingViewSet, basename="finding")
router.register("incidents/grade-criteria", config.GradeCriterionViewSet, basename="gradecriterion")
router.register("incidents/report-rules", config.ReportRuleViewSet, basename="reportrule")
router.register("incidents/checklists", config.ChecklistTemplateViewSet, basename="checklisttemplate")
router.register("incidents/patterns", config.DutyPatternViewSet, basename="dutypattern")
router.register("incidents/parameters", config.IncidentSettingsViewSet, basename="incidentsettings")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
