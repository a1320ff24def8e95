"""Page URLs: the workbench, the map, and the shared models' pages."""

from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from yingji.ui.views.map import MapPageView, MapRegionsView
from yingji.ui.views.map_layers import MapLayerView
from yingji.ui.views.public import PublicSheltersGeoJSONView, PublicSheltersView
from yingji.ui.views.workbench import WorkbenchView

urlpatterns = [
    path("", WorkbenchView.as_view(), name="workbench"),
    path("map/", MapPageView.as_view(), name="map"),
    path("map/regions.json", MapRegionsView.as_view(), name="map_regions"),
    path("map/layers/<slug:key>.geojson", MapLayerView.as_view(), name="map_layer"),
    path("public/shelters/", PublicSheltersView.as_view(), name="public_shelters"),
    path("public/shelters.geojson", PublicSheltersGeoJSONView.as_view(),
         name="public_shelters_geojson"),
    path("favicon.ico", RedirectView.as_view(url=static("ui/favicon.svg"), permanent=True)),
    path("", include("yingji.core.urls_pages")),
]
