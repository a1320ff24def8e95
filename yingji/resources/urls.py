"""Page URLs of the app."""

from django.urls import URLPattern, URLResolver, path
from django.views import View

from yingji.resources import views as v


def crud(prefix: str, name: str, list_view: type[View], detail: type[View], edit: type[View],
         delete: type[View] | None) -> list[URLPattern]:
    patterns = [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", detail.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit.as_view(), name=f"{name}_edit"),
    ]
    if delete is not None:
        patterns.append(path(f"{prefix}/<int:pk>/delete/", delete.as_view(), name=f"{name}_delete"))
    return patterns


urlpatterns: list[URLPattern | URLResolver] = [
    *crud("resources/teams", "rescueteam", v.RescueTeamListView, v.RescueTeamDetailView,
          v.RescueTeamEditView, v.RescueTeamDeleteView),
    *crud("resources/equipment", "equipment", v.EquipmentListView, v.EquipmentDetailView,
          v.EquipmentEditView, v.EquipmentDeleteView),
    *crud("resources/experts", "expert", v.ExpertListView, v.ExpertDetailView, v.ExpertEditView,
          v.ExpertDeleteView),
    *crud("resources/warehouses", "warehouse", v.WarehouseListView, v.WarehouseDetailView,
          v.WarehouseEditView, v.WarehouseDeleteView),
    *crud("resources/supply-items", "supplyitem", v.SupplyItemListView, v.SupplyItemDetailView,
          v.SupplyItemEditView, None),
    *crud("resources/producers", "supplyproducer", v.SupplyProducerListView,
          v.SupplyProducerDetailView, v.SupplyProducerEditView, v.SupplyProducerDeleteView),
    *crud("resources/shelters", "shelter", v.ShelterListView, v.ShelterDetailView,
          v.ShelterEditView, v.ShelterDeleteView),
    *crud("resources/communities", "communityprofile", v.CommunityProfileListView,
          v.CommunityProfileDetailView, v.CommunityProfileEditView, None),
    *crud("resources/standards", "reservestandard", v.ReserveStandardListView,
          v.ReserveStandardDetailView, v.ReserveStandardEditView, v.ReserveStandardDeleteView),
    *crud("resources/road-speeds", "roadspeed", v.RoadSpeedListView, v.RoadSpeedDetailView,
          v.RoadSpeedEditView, None),
    path("resources/settings/<int:pk>/", v.AnalysisSettingsDetailView.as_view(),
         name="analysissettings_detail"),
    path("resources/settings/<int:pk>/edit/", v.AnalysisSettingsEditView.as_view(),
         name="analysissettings_edit"),
    path("resources/experts/<int:pk>/evaluate/", v.ExpertEvaluateView.as_view(),
         name="expert_evaluate"),
    path("resources/experts/<int:pk>/review/", v.ExpertReviewView.as_view(), name="expert_review"),
    path("resources/transfers/", v.TransferListView.as_view(), name="transfer_list"),
    path("resources/transfers/<int:pk>/decide/", v.TransferDecideView.as_view(),
         name="transfer_decide"),
    path("resources/stock/<int:pk>/transfer/", v.TransferRequestView.as_view(),
         name="stockbatch_transfer"),
    path("resources/stock/", v.StockBatchListView.as_view(), name="stockbatch_list"),
    path("resources/stock/<int:pk>/", v.StockBatchDetailView.as_view(), name="stockbatch_detail"),
    path("resources/stock/<int:pk>/move/", v.MovementPostView.as_view(), name="stockbatch_move"),
    path("resources/warehouses/<int:pk>/receive/", v.ReceivePostView.as_view(),
         name="warehouse_receive"),
    path("resources/ledger/", v.StockMovementListView.as_view(), name="stockmovement_list"),
    path("resources/map/", v.ResourceMapView.as_view(), name="resources_map"),
    path("resources/map/features/", v.ResourceGeoJSONView.as_view(), name="resources_geojson"),
    path("resources/nearest/", v.NearestView.as_view(), name="resources_nearest"),
    path("resources/coverage/", v.CoverageView.as_view(), name="resources_coverage"),
    path("resources/coverage/features/", v.CoverageGeoJSONView.as_view(),
         name="resources_coverage_geojson"),
    path("resources/import/<slug:kind>/", v.ResourceImportView.as_view(), name="resources_import"),
    path("resources/evacuation/", v.EvacuationView.as_view(), name="resources_evacuation"),
]
