"""API URLs of the disasters module (under /api/v1/)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.disasters.api import views

router = SimpleRouter()
router.register("disasters/events", views.EventViewSet, basename="disasterevent")
router.register("disasters/reports", views.ReportViewSet, basename="disasterreport")
router.register("disasters/relief", views.ReliefCaseViewSet, basename="reliefcase")
router.register("disasters/checks", views.CheckViewSet, basename="twelvehourcheck")
router.register("disasters/winter-spring", views.WinterSpringPlanViewSet, basename="winterspringplan")
router.register("disasters/donations", views.DonationViewSet, basename="donation")
router.register("disasters/casualties", views.CasualtyViewSet, basename="casualtyrecord")
router.register("disasters/houses", views.HouseViewSet, basename="damagedhouse")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
