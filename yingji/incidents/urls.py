"""Page URLs of the app."""

from django.urls import URLPattern, URLResolver, path

from yingji.incidents.views import command, duty, incidents, stats

urlpatterns: list[URLPattern | URLResolver] = [
    path("incidents/", incidents.IncidentListView.as_view(), name="incident_list"),
    path("incidents/add/", incidents.IncidentIntakeView.as_view(), name="incident_add"),
    path("incidents/grade-preview/", incidents.GradePreviewView.as_view(),
         name="incident_grade_preview"),
    path("incidents/<int:pk>/", incidents.IncidentDetailView.as_view(), name="incident_detail"),
    path("incidents/<int:pk>/action/", incidents.IncidentActionView.as_view(),
         name="incident_action"),
    path("incidents/report-versions/<int:pk>/docx/", incidents.ReportDocxView.as_view(),
         name="report_docx"),
    path("incidents/command/", command.CommandView.as_view(), name="incident_command"),
    path("incidents/command/map.geojson", command.CommandGeoJSONView.as_view(),
         name="incident_command_geojson"),
    path("incidents/stats/", stats.StatsView.as_view(), name="incident_stats"),
    path("duty/", duty.ShiftListView.as_view(), name="dutyshift_list"),
    path("duty/add/", duty.ShiftCreateView.as_view(), name="dutyshift_add"),
    path("duty/roster/", duty.RosterView.as_view(), name="dutyshift_roster"),
    path("duty/<int:pk>/", duty.ShiftDetailView.as_view(), name="dutyshift_detail"),
    path("duty/<int:pk>/action/", duty.ShiftActionView.as_view(), name="dutyshift_action"),
    path("duty/contacts/", duty.ContactListView.as_view(), name="contact_list"),
    path("duty/contacts/add/", duty.ContactEditView.as_view(), name="contact_add"),
    path("duty/contacts/<int:pk>/", duty.ContactDetailView.as_view(), name="contact_detail"),
    path("duty/contacts/<int:pk>/edit/", duty.ContactEditView.as_view(), name="contact_edit"),
    path("duty/contacts/<int:pk>/delete/", duty.ContactDeleteView.as_view(),
         name="contact_delete"),
]
