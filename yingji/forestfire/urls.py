"""Page URLs of the forest fire module (森林防灭火)."""

from django.urls import URLPattern, URLResolver, path

from yingji.core.routes import crud
from yingji.forestfire.views import danger

urlpatterns: list[URLPattern | URLResolver] = [
    *crud("forestfire/danger", "firedanger", danger.FireDangerListView, danger.FireDangerDetailView,
          danger.FireDangerEditView, danger.FireDangerDeleteView),
    path("forestfire/danger/today/", danger.FireDangerMapView.as_view(), name="firedanger_map_page"),
    path("forestfire/danger/map.geojson", danger.danger_geojson, name="firedanger_geojson"),
    path("forestfire/settings/", danger.ForestFireSettingsView.as_view(),
         name="forestfiresettings_edit"),
]
