"""API URLs of the app under /api/v1/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.hazards import api

router = SimpleRouter()
router.register("hazards/hazards", api.HazardViewSet, basename="hazard")
router.register("hazards/extensions", api.ExtensionRequestViewSet, basename="extensionrequest")
router.register("hazards/checklists", api.ChecklistViewSet, basename="checklist")
router.register("hazards/self-inspections", api.SelfInspectionViewSet,
                basename="selfinspection")
router.register("hazards/analysis", api.AnalysisViewSet, basename="hazardanalysis")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
