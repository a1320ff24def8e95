"""API URLs of the plans module (under /api/v1/)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from yingji.plans.api import drills, plans

router = SimpleRouter()
router.register("plans/plans", plans.PlanViewSet, basename="plan")
router.register("plans/drills", drills.DrillViewSet, basename="drill")
router.register("plans/findings", drills.DrillFindingViewSet, basename="drillfinding")
router.register("plans/activations", plans.PlanActivationViewSet, basename="planactivation")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
