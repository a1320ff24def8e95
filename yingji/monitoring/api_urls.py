"""API URLs of the app under /api/v1/."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from yingji.monitoring.api import alarms, points, reports, sources
from yingji.monitoring.ingest import http as ingest_http

router = SimpleRouter()
router.register("monitoring/objects", points.MonitoredObjectViewSet, basename="monitoredobject")
router.register("monitoring/devices", points.DeviceViewSet, basename="device")
router.register("monitoring/points", points.MeasurementPointViewSet, basename="measurementpoint")
router.register("monitoring/alarms", alarms.AlarmViewSet, basename="alarm")
router.register("monitoring/dead-letters", sources.DeadLetterViewSet, basename="deadletter")
router.register("monitoring/sources", sources.DataSourceViewSet, basename="datasource")
router.register("monitoring/access-rates", reports.AccessRateViewSet, basename="accessrate")

urlpatterns: list[URLPattern | URLResolver] = [
    path("monitoring/ingest/<str:source>/", ingest_http.ingest, name="monitoring_ingest"),
    path("monitoring/live-colours/", reports.live_colours, name="monitoring_live_colours"),
    path("monitoring/rules/", reports.RulesDocumentView.as_view(), name="monitoring_rules"),
    *router.urls,
]
