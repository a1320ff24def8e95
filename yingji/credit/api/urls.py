"""API URLs of the credit module (under /api/v1/)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.credit.api import viewsets

router = SimpleRouter()
router.register("credit/records", viewsets.CreditEventViewSet, basename="creditevent")
router.register("credit/list", viewsets.DishonestyEntryViewSet, basename="dishonestyentry")
router.register("credit/repairs", viewsets.RemovalApplicationViewSet, basename="removalapplication")
router.register("credit/commitments", viewsets.SafetyCommitmentViewSet, basename="safetycommitment")
router.register("credit/commitment-plans", viewsets.CommitmentPlanViewSet,
                basename="commitmentplan")
router.register("credit/grounds", viewsets.ListingGroundViewSet, basename="listingground")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
