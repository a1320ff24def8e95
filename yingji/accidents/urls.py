"""Page URLs of the accidents module."""

from django.urls import URLPattern, URLResolver, path

from yingji.accidents.views import accidents, stats
from yingji.core.routes import crud

urlpatterns: list[URLPattern | URLResolver] = [
    path("accidents/", accidents.AccidentListView.as_view(), name="accident_list"),
    path("accidents/add/", accidents.AccidentEditView.as_view(), name="accident_add"),
    path("accidents/from-incident/", accidents.FromIncidentView.as_view(),
         name="accident_from_incident"),
    path("accidents/<int:pk>/", accidents.AccidentDetailView.as_view(), name="accident_detail"),
    path("accidents/<int:pk>/edit/", accidents.AccidentEditView.as_view(), name="accident_edit"),
    path("accidents/<int:pk>/step/", accidents.AccidentStepView.as_view(), name="accident_step"),
    path("accidents/statistics/", stats.StatsView.as_view(), name="accident_stats"),
    path("accidents/statistics/monthly.xlsx", stats.MonthlyTableView.as_view(),
         name="accident_monthly_table"),
    *crud("accidents/targets", "districttarget", stats.DistrictTargetListView, None,
          stats.DistrictTargetEditView, None),
]
