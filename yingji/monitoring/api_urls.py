"""API URLs of the app under /api/v1/."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from yingji.monitoring import api, ingest_http

router = SimpleRouter()
router.register("monitoring/objects", api.MonitoredObjectViewSet, basename="monitoredobject")
router.register("monitoring/devices", api.DeviceViewSet, basename="device")
router.register("monitoring/points", api.MeasurementPointViewSet, basename="measurementpoint")
router.register("monitoring/alarms", api.AlarmViewSet, basename="alarm")
router.register("monitoring/dead-letters", api.DeadLetterViewSet, basename="deadletter")
router.register("monitoring/sources", api.DataSourceViewSet, basename="datasource")
router.register("monitoring/access-rates", api.AccessRateViewSet, basename="accessrate")

urlpatterns: list[URLPattern | URLResolver] = [
    path("monitoring/ingest/<str:source>/", ingest_http.ingest, name="monitoring_ingest"),
    path("monitoring/live-colours/", api.live_colours, name="monitoring_live_colours"),
    path("monitoring/rules/", api.RulesDocumentView.as_view(), name="monitoring_rules"),
    *router.urls,
]
