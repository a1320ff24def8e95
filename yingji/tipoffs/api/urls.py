"""API URLs of the public reporting module (under /api/v1/)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.tipoffs.api import viewsets

router = SimpleRouter()
router.register("tipoffs/reports", viewsets.TipoffViewSet, basename="tipoff")
router.register("tipoffs/rewards", viewsets.TipoffRewardViewSet, basename="tipoffreward")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
