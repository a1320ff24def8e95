"""API URLs of the accidents module (under /api/v1/)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.accidents.api import accidents

router = SimpleRouter()
router.register("accidents/accidents", accidents.AccidentViewSet, basename="accident")
router.register("accidents/crosscheck-rows", accidents.CrossCheckRowViewSet, basename="crosscheckrow")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
