"""API URLs of the flood module (under /api/v1/)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.flood.api import viewsets

router = SimpleRouter()
router.register("flood/points", viewsets.FloodPointViewSet, basename="floodpoint")
router.register("flood/gauges", viewsets.GaugeLinkViewSet, basename="gaugelink")
router.register("flood/households", viewsets.HouseholdViewSet, basename="household")
router.register("flood/transfers", viewsets.TransferTaskViewSet, basename="transfertask")
router.register("flood/entries", viewsets.TransferEntryViewSet, basename="transferentry")
router.register("flood/responses", viewsets.FloodResponseViewSet, basename="floodresponse")
router.register("flood/levels", viewsets.FloodLevelRuleViewSet, basename="floodlevelrule")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
