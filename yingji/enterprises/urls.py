"""Page URLs of the app."""

from django.urls import URLPattern, URLResolver, path

from yingji.core.routes import crud
from yingji.enterprises import views
from yingji.enterprises.views_reference import REFERENCE_VIEWS

urlpatterns: list[URLPattern | URLResolver] = [
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/add/", views.EnterpriseEditView.as_view(), name="enterprise_add"),
    path("enterprises/map/", views.EnterpriseMapView.as_view(), name="enterprise_map"),
    path("enterprises/map.geojson", views.EnterpriseGeoJSONView.as_view(),
         name="enterprise_geojson"),
    path("enterprises/import/", views.EnterpriseImportView.as_view(), name="enterprise_import"),
    path("enterprises/import/template/", views.EnterpriseImportTemplateView.as_view(),
         name="enterprise_import_template"),
    path("enterprises/charts/", views.EnterpriseChartsView.as_view(), name="enterprise_charts"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("enterprises/<int:pk>/members/", views.EnterpriseMembersView.as_view(),
         name="enterprise_members"),
    path("enterprises/<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="enterprise_edit"),
    path("enterprises/<int:pk>/delete/", views.EnterpriseDeleteView.as_view(),
         name="enterprise_delete"),
    path("licences/", views.LicenceListView.as_view(), name="licence_list"),
    path("licences/expiring/", views.ExpiringLicencesView.as_view(), name="licence_expiring"),
    path("licences/add/", views.LicenceEditView.as_view(), name="licence_add"),
    path("licences/<int:pk>/edit/", views.LicenceEditView.as_view(), name="licence_edit"),
    path("licences/<int:pk>/delete/", views.LicenceDeleteView.as_view(), name="licence_delete"),
    path("major-hazards/add/", views.MajorHazardEditView.as_view(), name="majorhazard_add"),
    path("major-hazards/<int:pk>/edit/", views.MajorHazardEditView.as_view(),
         name="majorhazard_edit"),
    path("major-hazards/<int:pk>/delete/", views.MajorHazardDeleteView.as_view(),
         name="majorhazard_delete"),
    path("major-hazard-units/add/", views.MajorHazardUnitEditView.as_view(),
         name="majorhazardunit_add"),
    path("major-hazard-units/<int:pk>/edit/", views.MajorHazardUnitEditView.as_view(),
         name="majorhazardunit_edit"),
    path("major-hazard-units/<int:pk>/delete/", views.MajorHazardUnitDeleteView.as_view(),
         name="majorhazardunit_delete"),
    path("major-hazard-substances/add/", views.MajorHazardSubstanceEditView.as_view(),
         name="majorhazardsubstance_add"),
    path("major-hazard-substances/<int:pk>/edit/", views.MajorHazardSubstanceEditView.as_view(),
         name="majorhazardsubstance_edit"),
    path("major-hazard-substances/<int:pk>/delete/",
         views.MajorHazardSubstanceDeleteView.as_view(), name="majorhazardsubstance_delete"),
    path("risk-points/add/", views.RiskPointEditView.as_view(), name="riskpoint_add"),
    path("risk-points/<int:pk>/edit/", views.RiskPointEditView.as_view(), name="riskpoint_edit"),
    path("risk-points/<int:pk>/delete/", views.RiskPointDeleteView.as_view(),
         name="riskpoint_delete"),
    *(pattern for name, v in REFERENCE_VIEWS.items()
      for pattern in crud(f"enterprises/reference/{name}", name, v["list"], v["detail"],
                          v["edit"], v["delete"])),
]
