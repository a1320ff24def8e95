"""API URLs of the app under /api/v1/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.hazards import api

router = SimpleRouter()
router.register("hazards/hazards", api.HazardViewSet, basename="hazard")
router.register("hazards/extensions", api.ExtensionRequestViewSet, basename="extensionrequest")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
