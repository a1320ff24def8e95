"""Page URLs of the app."""

from django.urls import URLPattern, URLResolver, path

from yingji.monitoring import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("monitoring/", views.CockpitView.as_view(), name="monitoring_cockpit"),
    path("monitoring/map.geojson", views.cockpit_geojson, name="monitoring_map"),
    path("monitoring/access/", views.AccessRateView.as_view(), name="monitoring_access"),
    path("monitoring/settings/", views.MonitoringSettingsView.as_view(), name="monitoringsettings_edit"),
    path("monitoring/alarms/", views.AlarmListView.as_view(), name="alarm_list"),
    path("monitoring/alarms/<int:pk>/", views.AlarmDetailView.as_view(), name="alarm_detail"),
    path("monitoring/alarms/<int:pk>/transition/", views.AlarmTransitionView.as_view(),
         name="alarm_transition"),
    path("monitoring/alarms/<int:pk>/to-hazard/", views.AlarmToHazardView.as_view(), name="alarm_to_hazard"),
    path("monitoring/points/", views.PointListView.as_view(), name="measurementpoint_list"),
    path("monitoring/points/add/", views.PointEditView.as_view(), name="measurementpoint_add"),
    path("monitoring/points/<int:pk>/", views.PointDetailView.as_view(), name="measurementpoint_detail"),
    path("monitoring/points/<int:pk>/edit/", views.PointEditView.as_view(), name="measurementpoint_edit"),
    path("monitoring/objects/", views.ObjectListPage.as_view(), name="monitoredobject_list"),
    path("monitoring/objects/add/", views.ObjectEditPage.as_view(), name="monitoredobject_add"),
    path("monitoring/objects/<int:pk>/", views.ObjectDetailPage.as_view(), name="monitoredobject_detail"),
    path("monitoring/objects/<int:pk>/edit/", views.ObjectEditPage.as_view(), name="monitoredobject_edit"),
    path("monitoring/sources/", views.DataSourceListView.as_view(), name="datasource_list"),
    path("monitoring/sources/<int:pk>/", views.DataSourceDetailView.as_view(), name="datasource_detail"),
    path("monitoring/dead-letters/", views.DeadLetterListView.as_view(), name="deadletter_list"),
    path("monitoring/dead-letters/<int:pk>/", views.DeadLetterDetailView.as_view(), name="deadletter_detail"),
]
