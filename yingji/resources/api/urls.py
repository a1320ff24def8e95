"""API v1 URLs of the app (mounted under /api/v1/)."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import DefaultRouter

from yingji.resources.api import analysis, experts, reference, shelters, stock, teams

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("rescue-teams", teams.RescueTeamViewSet, basename="rescueteam")
router.register("equipment", teams.EquipmentViewSet, basename="equipment")
router.register("experts", experts.ExpertViewSet, basename="expert")
router.register("expert-evaluations", experts.ExpertEvaluationViewSet, basename="expertevaluation")
router.register("warehouses", stock.WarehouseViewSet, basename="warehouse")
router.register("supply-items", stock.SupplyItemViewSet, basename="supplyitem")
router.register("reserve-standards", reference.ReserveStandardViewSet, basename="reservestandard")
router.register("stock-batches", stock.StockBatchViewSet, basename="stockbatch")
router.register("stock-movements", stock.StockMovementViewSet, basename="stockmovement")
router.register("transfers", stock.TransferViewSet, basename="transfer")
router.register("supply-producers", stock.SupplyProducerViewSet, basename="supplyproducer")
router.register("shelters", shelters.ShelterViewSet, basename="shelter")
router.register("community-profiles", shelters.CommunityProfileViewSet, basename="communityprofile")
router.register("road-speeds", reference.RoadSpeedViewSet, basename="roadspeed")
router.register("analysis-settings", reference.AnalysisSettingsViewSet, basename="analysissettings")
router.register("road-networks", reference.RoadNetworkViewSet, basename="roadnetwork")

urlpatterns: list[URLPattern | URLResolver] = [
    path("resources/nearest/", analysis.NearestView.as_view(), name="api-resources-nearest"),
    path("resources/coverage/", analysis.CoverageView.as_view(), name="api-resources-coverage"),
    path("resources/evacuation/", analysis.EvacuationView.as_view(), name="api-resources-evacuation"),
    path("resources/alerts/", analysis.AlertsView.as_view(), name="api-resources-alerts"),
    path("", include(router.urls)),
]
