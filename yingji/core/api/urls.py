"""API URL map: /api/v1/ endpoints, the OpenAPI schema and Swagger UI (served from
the sidecar package, no CDN), both for signed-in users only. A module adds its own
router's urls under ``v1/``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from yingji.core.api import personal, views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("regions", views.RegionViewSet, basename="region")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("users", views.UserViewSet, basename="user")
router.register("notifications", views.NotificationViewSet, basename="notification")
router.register("audit-logs", views.AuditLogViewSet, basename="auditlog")
router.register("tokens", views.ApiTokenViewSet, basename="apitoken")

urlpatterns = [
    path("v1/me/", views.MeView.as_view(), name="api-me"),
    path("v1/personal-data/reveal/", personal.PersonalRevealView.as_view(), name="api-personal-reveal"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # A browser page: signed-out visitors go to the sign-in page first (the schema it loads
    # answers 401 to them anyway).
    path("docs/", login_required(SpectacularSwaggerView.as_view(url_name="api-schema")), name="api-docs"),
]
