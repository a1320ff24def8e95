"""API URLs of the forest fire module (under /api/v1/)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.forestfire.api import viewsets

router = SimpleRouter()
router.register("forestfire/danger", viewsets.FireDangerViewSet, basename="firedanger")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
