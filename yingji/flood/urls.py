"""Page URLs of the flood module (防汛防台)."""

from django.urls import URLPattern, URLResolver, path

from yingji.core.routes import crud
from yingji.flood.views import levels, points, transfers

urlpatterns: list[URLPattern | URLResolver] = [
    *crud("flood/points", "floodpoint", points.FloodPointListView, points.FloodPointDetailView,
          points.FloodPointEditView, points.FloodPointDeleteView),
    path("flood/points/<int:pk>/step/", points.FloodPointStepView.as_view(), name="floodpoint_step"),
    path("flood/points/<int:pk>/card.docx", points.FloodPointCardView.as_view(), name="floodpoint_card"),
    path("flood/points/map.geojson", points.point_geojson, name="floodpoint_geojson"),
    path("flood/gauges/add/", points.GaugeLinkEditView.as_view(), name="gaugelink_add"),
    path("flood/gauges/<int:pk>/edit/", points.GaugeLinkEditView.as_view(), name="gaugelink_edit"),
    path("flood/gauges/<int:pk>/delete/", points.GaugeLinkDeleteView.as_view(), name="gaugelink_delete"),
    *crud("flood/households", "household", points.HouseholdListView, points.HouseholdDetailView,
          points.HouseholdEditView, points.HouseholdDeleteView),
    path("flood/transfers/", transfers.TransferTaskListView.as_view(), name="transfertask_list"),
    path("flood/transfers/<int:pk>/", transfers.TransferTaskDetailView.as_view(),
         name="transfertask_detail"),
    path("flood/transfers/<int:pk>/step/", transfers.TransferTaskStepView.as_view(),
         name="transfertask_step"),
    path("flood/transfers/<int:pk>/field/", transfers.TransferFieldView.as_view(),
         name="transfertask_field"),
    path("flood/board/", transfers.BoardView.as_view(), name="flood_board"),
    path("flood/settings/", points.FloodSettingsView.as_view(), name="floodsettings_edit"),
    path("flood/responses/", levels.FloodResponseListView.as_view(), name="floodresponse_list"),
    path("flood/responses/add/", levels.FloodResponseEditView.as_view(), name="floodresponse_add"),
    path("flood/responses/<int:pk>/", levels.FloodResponseDetailView.as_view(),
         name="floodresponse_detail"),
    path("flood/responses/<int:pk>/step/", levels.FloodResponseStepView.as_view(),
         name="floodresponse_step"),
    path("flood/levels/", levels.FloodLevelRuleListView.as_view(), name="floodlevelrule_list"),
    path("flood/levels/<int:pk>/", levels.FloodLevelRuleDetailView.as_view(),
         name="floodlevelrule_detail"),
    path("flood/levels/<int:pk>/edit/", levels.FloodLevelRuleEditView.as_view(),
         name="floodlevelrule_edit"),
]
