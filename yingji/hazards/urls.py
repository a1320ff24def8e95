"""Page URLs of the app."""

from django.urls import URLPattern, URLResolver, path

from yingji.hazards import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("hazards/", views.HazardListView.as_view(), name="hazard_list"),
    path("hazards/add/", views.HazardEditView.as_view(), name="hazard_add"),
    path("hazards/map/", views.HazardMapView.as_view(), name="hazard_map"),
    path("hazards/map.geojson", views.hazard_geojson, name="hazard_geojson"),
    path("hazards/<int:pk>/", views.HazardDetailView.as_view(), name="hazard_detail"),
    path("hazards/<int:pk>/edit/", views.HazardEditView.as_view(), name="hazard_edit"),
    path("hazards/<int:pk>/transition/", views.HazardTransitionView.as_view(),
         name="hazard_transition"),
    path("hazards/<int:pk>/plan/", views.HazardPlanView.as_view(), name="hazard_plan"),
    path("hazards/<int:pk>/extension/", views.HazardExtensionView.as_view(),
         name="hazard_extension"),
    path("hazards/<int:pk>/listing/", views.HazardListingView.as_view(), name="hazard_listing"),
    path("hazards/extensions/", views.ExtensionListView.as_view(), name="extensionrequest_list"),
    path("hazards/extensions/<int:pk>/decide/", views.ExtensionDecisionView.as_view(),
         name="extensionrequest_decide"),
]
