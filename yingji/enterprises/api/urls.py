"""API v1 URLs of the app (mounted under /api/v1/)."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from yingji.enterprises.api import enterprises as api
from yingji.enterprises.api import reference as api_reference

router = SimpleRouter()
router.register("enterprises", api.EnterpriseViewSet, basename="enterprise")
router.register("licences", api.LicenceViewSet, basename="licence")
router.register("major-hazards", api.MajorHazardViewSet, basename="majorhazard")
router.register("major-hazard-units", api.MajorHazardUnitViewSet, basename="majorhazardunit")
router.register("major-hazard-substances", api.MajorHazardSubstanceViewSet,
                basename="majorhazardsubstance")
router.register("risk-points", api.RiskPointViewSet, basename="riskpoint")
router.register("hazard-categories", api_reference.HazardCategoryViewSet,
                basename="hazardcategory")
router.register("hazard-substances", api_reference.HazardSubstanceViewSet,
                basename="hazardsubstance")
router.register("alpha-bands", api_reference.AlphaBandViewSet, basename="alphaband")
router.register("risk-bands", api_reference.RiskBandViewSet, basename="riskband")
router.register("supervision-classes", api_reference.SupervisionClassViewSet,
                basename="supervisionclass")

urlpatterns: list[URLPattern | URLResolver] = [
    path("major-hazards/grade/", api.grade_view, name="majorhazard_grade"),
    *router.urls,
]
