"""API v1 URLs of the app (mounted under /api/v1/)."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import DefaultRouter

from yingji.resources import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("rescue-teams", api.RescueTeamViewSet, basename="rescueteam")
router.register("equipment", api.EquipmentViewSet, basename="equipment")
router.register("experts", api.ExpertViewSet, basename="expert")
router.register("expert-evaluations", api.ExpertEvaluationViewSet, basename="expertevaluation")
router.register("warehouses", api.WarehouseViewSet, basename="warehouse")
router.register("supply-items", api.SupplyItemViewSet, basename="supplyitem")
router.register("reserve-standards", api.ReserveStandardViewSet, basename="reservestandard")
router.register("stock-batches", api.StockBatchViewSet, basename="stockbatch")
router.register("stock-movements", api.StockMovementViewSet, basename="stockmovement")
router.register("transfers", api.TransferViewSet, basename="transfer")
router.register("supply-producers", api.SupplyProducerViewSet, basename="supplyproducer")
router.register("shelters", api.ShelterViewSet, basename="shelter")
router.register("community-profiles", api.CommunityProfileViewSet, basename="communityprofile")
router.register("road-speeds", api.RoadSpeedViewSet, basename="roadspeed")
router.register("analysis-settings", api.AnalysisSettingsViewSet, basename="analysissettings")
router.register("road-networks", api.RoadNetworkViewSet, basename="roadnetwork")

urlpatterns: list[URLPattern | URLResolver] = [
    path("resources/nearest/", api.NearestView.as_view(), name="api-resources-nearest"),
    path("resources/coverage/", api.CoverageView.as_view(), name="api-resources-coverage"),
    path("resources/evacuation/", api.EvacuationView.as_view(), name="api-resources-evacuation"),
    path("resources/alerts/", api.AlertsView.as_view(), name="api-resources-alerts"),
    path("", include(router.urls)),
]
