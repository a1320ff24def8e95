"""Page URLs of the app."""

from django.urls import URLPattern, URLResolver, path

from yingji.core.routes import crud
from yingji.enterprises.views import enterprises, maps, records
from yingji.enterprises.views.reference import REFERENCE_VIEWS

urlpatterns: list[URLPattern | URLResolver] = [
    path("enterprises/", enterprises.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/add/", enterprises.EnterpriseEditView.as_view(), name="enterprise_add"),
    path("enterprises/map/", maps.EnterpriseMapView.as_view(), name="enterprise_map"),
    path("enterprises/map.geojson", maps.EnterpriseGeoJSONView.as_view(),
         name="enterprise_geojson"),
    path("enterprises/import/", enterprises.EnterpriseImportView.as_view(), name="enterprise_import"),
    path("enterprises/import/template/", enterprises.EnterpriseImportTemplateView.as_view(),
         name="enterprise_import_template"),
    path("enterprises/charts/", maps.EnterpriseChartsView.as_view(), name="enterprise_charts"),
    path("enterprises/<int:pk>/", enterprises.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("enterprises/<int:pk>/members/", enterprises.EnterpriseMembersView.as_view(),
         name="enterprise_members"),
    path("enterprises/<int:pk>/edit/", enterprises.EnterpriseEditView.as_view(), name="enterprise_edit"),
    path("enterprises/<int:pk>/delete/", enterprises.EnterpriseDeleteView.as_view(),
         name="enterprise_delete"),
    path("licences/", records.LicenceListView.as_view(), name="licence_list"),
    path("licences/expiring/", records.ExpiringLicencesView.as_view(), name="licence_expiring"),
    path("licences/add/", records.LicenceEditView.as_view(), name="licence_add"),
    path("licences/<int:pk>/edit/", records.LicenceEditView.as_view(), name="licence_edit"),
    path("licences/<int:pk>/delete/", records.LicenceDeleteView.as_view(), name="licence_delete"),
    path("major-hazards/add/", records.MajorHazardEditView.as_view(), name="majorhazard_add"),
    path("major-hazards/<int:pk>/edit/", records.MajorHazardEditView.as_view(),
         name="majorhazard_edit"),
    path("major-hazards/<int:pk>/delete/", records.MajorHazardDeleteView.as_view(),
         name="majorhazard_delete"),
    path("major-hazard-units/add/", records.MajorHazardUnitEditView.as_view(),
         name="majorhazardunit_add"),
    path("major-hazard-units/<int:pk>/edit/", records.MajorHazardUnitEditView.as_view(),
         name="majorhazardunit_edit"),
    path("major-hazard-units/<int:pk>/delete/", records.MajorHazardUnitDeleteView.as_view(),
         name="majorhazardunit_delete"),
    path("major-hazard-substances/add/", records.MajorHazardSubstanceEditView.as_view(),
         name="majorhazardsubstance_add"),
    path("major-hazard-substances/<int:pk>/edit/", records.MajorHazardSubstanceEditView.as_view(),
         name="majorhazardsubstance_edit"),
    path("major-hazard-substances/<int:pk>/delete/",
         records.MajorHazardSubstanceDeleteView.as_view(), name="majorhazardsubstance_delete"),
    path("risk-points/add/", records.RiskPointEditView.as_view(), name="riskpoint_add"),
    path("risk-points/<int:pk>/edit/", records.RiskPointEditView.as_view(), name="riskpoint_edit"),
    path("risk-points/<int:pk>/delete/", records.RiskPointDeleteView.as_view(),
         name="riskpoint_delete"),
    *(pattern for name, v in REFERENCE_VIEWS.items()
      for pattern in crud(f"enterprises/reference/{name}", name, v["list"], v["detail"],
                          v["edit"], v["delete"])),
]
