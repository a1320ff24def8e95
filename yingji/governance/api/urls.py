"""API URLs of the governance module (under /api/v1/)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.governance.api import assessments, consultations, viewsets

router = SimpleRouter()
router.register("governance/plans", viewsets.WorkPlanViewSet, basename="workplan")
router.register("governance/items", viewsets.WorkItemViewSet, basename="workitem")
router.register("governance/nodes", viewsets.NodeViewSet, basename="node")
router.register("governance/reports", viewsets.ProgressReportViewSet, basename="progressreport")
router.register("governance/supervisions", viewsets.SupervisionViewSet, basename="supervision")
router.register("governance/indicators", viewsets.IndicatorViewSet, basename="indicator")
router.register("governance/targets", viewsets.IndicatorTargetViewSet, basename="indicatortarget")
router.register("governance/entries", viewsets.IndicatorEntryViewSet, basename="indicatorentry")
router.register("governance/consultations", consultations.ConsultationViewSet, basename="consultation")
router.register("governance/assessments", assessments.AssessmentSchemeViewSet, basename="assessmentscheme")
router.register("governance/results", assessments.AssessmentResultViewSet, basename="assessmentresult")
router.register("governance/scores", assessments.CriterionScoreViewSet, basename="criterionscore")
router.register("governance/oversight", assessments.OversightRecordViewSet, basename="oversightrecord")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
