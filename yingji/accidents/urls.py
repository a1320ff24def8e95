"""Page URLs of the accidents module."""

from django.urls import URLPattern, URLResolver, path

from yingji.accidents.views import accidents, cases, crosscheck, maps, office, stats
from yingji.core.routes import crud

urlpatterns: list[URLPattern | URLResolver] = [
    path("accidents/", accidents.AccidentListView.as_view(), name="accident_list"),
    path("accidents/add/", accidents.AccidentEditView.as_view(), name="accident_add"),
    path("accidents/from-incident/", accidents.FromIncidentView.as_view(),
         name="accident_from_incident"),
    path("accidents/<int:pk>/", accidents.AccidentDetailView.as_view(), name="accident_detail"),
    path("accidents/<int:pk>/edit/", accidents.AccidentEditView.as_view(), name="accident_edit"),
    path("accidents/<int:pk>/step/", accidents.AccidentStepView.as_view(), name="accident_step"),
    path("accidents/map/", maps.AccidentMapView.as_view(), name="accident_map"),
    path("accidents/map/accidents.geojson", maps.accident_geojson, name="accident_geojson"),
    path("accidents/office/", office.SafetyOfficeView.as_view(), name="accident_office"),
    path("accidents/statistics/", stats.StatsView.as_view(), name="accident_stats"),
    path("accidents/statistics/monthly.xlsx", stats.MonthlyTableView.as_view(),
         name="accident_monthly_table"),
    path("accidents/typical/", cases.TypicalCasesView.as_view(), name="accident_typical"),
    path("accidents/typical/casebook.docx", cases.CasebookView.as_view(), name="accident_casebook"),
    path("accidents/crosscheck/", crosscheck.BatchListView.as_view(), name="crosscheckbatch_list"),
    path("accidents/crosscheck/import/", crosscheck.ImportView.as_view(), name="crosscheck_import"),
    path("accidents/crosscheck/template/", crosscheck.TemplateDownloadView.as_view(),
         name="crosscheck_template"),
    path("accidents/crosscheck/rows/", crosscheck.RowListView.as_view(), name="crosscheckrow_list"),
    path("accidents/crosscheck/rows/<int:pk>/", crosscheck.RowDetailView.as_view(),
         name="crosscheckrow_detail"),
    path("accidents/crosscheck/rows/<int:pk>/verify/", crosscheck.RowVerifyView.as_view(),
         name="crosscheckrow_verify"),
    path("accidents/settings/", stats.AccidentSettingsView.as_view(), name="accidentsettings_edit"),
    *crud("accidents/targets", "districttarget", stats.DistrictTargetListView, None,
          stats.DistrictTargetEditView, None),
]
