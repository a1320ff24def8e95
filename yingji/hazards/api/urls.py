"""API URLs of the app under /api/v1/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.hazards.api import analysis, hazards, inspections

router = SimpleRouter()
router.register("hazards/hazards", hazards.HazardViewSet, basename="hazard")
router.register("hazards/extensions", hazards.ExtensionRequestViewSet, basename="extensionrequest")
router.register("hazards/checklists", inspections.ChecklistViewSet, basename="checklist")
router.register("hazards/self-inspections", inspections.SelfInspectionViewSet,
                basename="selfinspection")
router.register("hazards/analysis", analysis.AnalysisViewSet, basename="hazardanalysis")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
