"""API v1 URLs of the app (mounted under /api/v1/)."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from yingji.warnings import api, feed

router = SimpleRouter()
router.register("warnings/bulletins", api.BulletinViewSet, basename="bulletin")
router.register("warnings/people", api.ResponsiblePersonViewSet, basename="responsibleperson")

urlpatterns: list[URLPattern | URLResolver] = [
    path("warnings/readings/", feed.readings, name="warnings_readings"),
    *router.urls,
]
