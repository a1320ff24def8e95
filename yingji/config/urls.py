"""Root URL map: pages (ui), account pages, shared endpoints and the API."""

from django.urls import include, path

urlpatterns = [
    path("", include("yingji.core.urls_account")),
    path("", include("yingji.core.urls")),
    path("api/", include("yingji.core.api.urls")),
    path("api/v1/", include("yingji.enterprises.api.urls")),
    path("api/v1/", include("yingji.resources.api.urls")),
    path("api/v1/", include("yingji.warnings.api.urls")),
    path("api/v1/", include("yingji.hazards.api.urls")),
    path("api/v1/", include("yingji.monitoring.api_urls")),
    path("api/v1/", include("yingji.incidents.api.urls")),
    path("api/v1/", include("yingji.enforcement.api.urls")),
    path("api/v1/", include("yingji.accidents.api.urls")),
    path("api/v1/", include("yingji.plans.api.urls")),
    path("api/v1/", include("yingji.disasters.api.urls")),
    path("api/v1/", include("yingji.governance.api.urls")),
    path("api/v1/", include("yingji.training.api.urls")),
    path("api/v1/", include("yingji.tipoffs.api.urls")),
    path("api/v1/", include("yingji.flood.api.urls")),
    path("api/v1/", include("yingji.credit.api.urls")),
    path("api/v1/", include("yingji.forestfire.api.urls")),
    path("", include("yingji.enterprises.urls")),
    path("", include("yingji.resources.urls")),
    path("", include("yingji.warnings.urls")),
    path("", include("yingji.hazards.urls")),
    path("", include("yingji.monitoring.urls")),
    path("", include("yingji.incidents.urls")),
    path("", include("yingji.enforcement.urls")),
    path("", include("yingji.accidents.urls")),
    path("", include("yingji.plans.urls")),
    path("", include("yingji.disasters.urls")),
    path("", include("yingji.governance.urls")),
    path("", include("yingji.training.urls")),
    path("", include("yingji.tipoffs.urls")),
    path("", include("yingji.flood.urls")),
    path("", include("yingji.screen.urls")),
    path("", include("yingji.credit.urls")),
    path("", include("yingji.forestfire.urls")),
    path("", include("yingji.ui.urls")),
]

handler400 = "yingji.ui.views.errors.bad_request"
handler403 = "yingji.ui.views.errors.permission_denied"
handler404 = "yingji.ui.views.errors.page_not_found"
handler500 = "yingji.ui.views.errors.server_error"
