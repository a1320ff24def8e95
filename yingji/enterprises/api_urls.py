"""API v1 URLs of the app (mounted under /api/v1/)."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from yingji.enterprises import api

router = SimpleRouter()
router.register("enterprises", api.EnterpriseViewSet, basename="enterprise")
router.register("licences", api.LicenceViewSet, basename="licence")
router.register("major-hazards", api.MajorHazardViewSet, basename="majorhazard")
router.register("major-hazard-units", api.MajorHazardUnitViewSet, basename="majorhazardunit")
router.register("major-hazard-substances", api.MajorHazardSubstanceViewSet,
                basename="majorhazardsubstance")
router.register("risk-points", api.RiskPointViewSet, basename="riskpoint")
router.register("hazard-categories", api.HazardCategoryViewSet, basename="hazardcategory")
router.register("hazard-substances", api.HazardSubstanceViewSet, basename="hazardsubstance")
router.register("supervision-classes", api.SupervisionClassViewSet, basename="supervisionclass")

urlpatterns: list[URLPattern | URLResolver] = [
    path("major-hazards/grade/", api.grade_view, name="majorhazard_grade"),
    *router.urls,
]
