"""API URLs of the app under /api/v1/."""

from django.urls import URLPattern, URLResolver, path

from yingji.monitoring import ingest_http

urlpatterns: list[URLPattern | URLResolver] = [
    path("monitoring/ingest/<str:source>/", ingest_http.ingest, name="monitoring_ingest"),
]
