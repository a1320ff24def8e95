"""API v1 URLs of the app (mounted under /api/v1/)."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from yingji.warnings.api import bulletins, people, readings

router = SimpleRouter()
router.register("warnings/bulletins", bulletins.BulletinViewSet, basename="bulletin")
router.register("warnings/people", people.ResponsiblePersonViewSet, basename="responsibleperson")

urlpatterns: list[URLPattern | URLResolver] = [
    path("warnings/readings/", readings.readings, name="warnings_readings"),
    *router.urls,
]
