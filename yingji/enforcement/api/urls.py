"""API URLs of the enforcement module (under /api/v1/)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.enforcement.api import cases, draws, people

router = SimpleRouter()
router.register("enforcement/cases", cases.CaseViewSet, basename="case")
router.register("enforcement/inspections", cases.InspectionViewSet, basename="inspection")
router.register("enforcement/documents", cases.DocumentViewSet, basename="document")
router.register("enforcement/inspectors", people.InspectorViewSet, basename="inspector")
router.register("enforcement/teams", people.TeamViewSet, basename="team")
router.register("enforcement/conflicts", people.ConflictViewSet, basename="conflict")
router.register("enforcement/items", people.EnforcementItemViewSet, basename="enforcementitem")
router.register("enforcement/document-prefixes", people.DocumentPrefixViewSet,
                basename="documentprefix")
router.register("enforcement/standards", people.DiscretionStandardViewSet,
                basename="discretionstandard")

router.register("enforcement/plans", draws.AnnualPlanViewSet, basename="annualplan")
router.register("enforcement/campaigns", draws.CampaignViewSet, basename="campaign")
router.register("enforcement/campaign-tasks", draws.CampaignQuotaViewSet, basename="campaignquota")
router.register("enforcement/draws", draws.DrawViewSet, basename="draw")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
