"""Page URLs of the app."""

from django.urls import URLPattern, URLResolver, path

from yingji.incidents.views import command, config, duty, incident_actions, incidents, stats, team

_CONFIG = (("criteria", "GradeCriterion"), ("report-rules", "ReportRule"),
           ("checklists", "ChecklistTemplate"), ("patterns", "DutyPattern"),
           ("parameters", "IncidentSettings"))


def _config_urls() -> list[URLPattern]:
    out = []
    for slug, name in _CONFIG:
        key = name.lower()
        base = f"incidents/settings/{slug}/"
        out += [
            path(base, config.VIEWS[f"{name}List"].as_view(), name=f"{key}_list"),
            path(f"{base}add/", config.VIEWS[f"{name}Edit"].as_view(), name=f"{key}_add"),
            path(f"{base}<int:pk>/", config.VIEWS[f"{name}Detail"].as_view(), name=f"{key}_detail"),
            path(f"{base}<int:pk>/edit/", config.VIEWS[f"{name}Edit"].as_view(), name=f"{key}_edit"),
            path(f"{base}<int:pk>/delete/", config.VIEWS[f"{name}Delete"].as_view(),
                 name=f"{key}_delete"),
        ]
    return out


urlpatterns: list[URLPattern | URLResolver] = [
    *_config_urls(),
    path("incidents/", incidents.IncidentListView.as_view(), name="incident_list"),
    path("incidents/add/", incidents.IncidentIntakeView.as_view(), name="incident_add"),
    path("incidents/reports/", incidents.InfoReportListView.as_view(), name="inforeport_list"),
    path("incidents/findings/", incidents.FindingListView.as_view(), name="finding_list"),
    path("incidents/grade-preview/", incidents.GradePreviewView.as_view(),
         name="incident_grade_preview"),
    path("incidents/<int:pk>/", incidents.IncidentDetailView.as_view(), name="incident_detail"),
    path("incidents/<int:pk>/action/", incident_actions.incident_action,
         name="incident_action"),
    path("incidents/report-versions/<int:pk>/docx/", incidents.ReportDocxView.as_view(),
         name="report_docx"),
    path("incidents/command/", command.CommandView.as_view(), name="incident_command"),
    path("incidents/command/map.geojson", command.CommandGeoJSONView.as_view(),
         name="incident_command_geojson"),
    path("incidents/stats/", stats.StatsView.as_view(), name="incident_stats"),
    path("incidents/team/", team.TeamWorkbenchView.as_view(), name="team_workbench"),
    path("incidents/team/<int:pk>/status/", team.TeamStatusView.as_view(), name="team_status"),
    path("incidents/team/orders/<int:pk>/", team.TeamOrderDetailView.as_view(),
         name="dispatchorder_detail"),
    path("incidents/team/orders/<int:pk>/step/", team.TeamOrderStepView.as_view(),
         name="dispatchorder_step"),
    path("duty/", duty.ShiftListView.as_view(), name="dutyshift_list"),
    path("duty/add/", duty.ShiftCreateView.as_view(), name="dutyshift_add"),
    path("duty/roster/", duty.RosterView.as_view(), name="dutyshift_roster"),
    path("duty/<int:pk>/", duty.ShiftDetailView.as_view(), name="dutyshift_detail"),
    path("duty/<int:pk>/action/", duty.shift_action, name="dutyshift_action"),
    path("duty/contacts/", duty.ContactListView.as_view(), name="contact_list"),
    path("duty/contacts/add/", duty.ContactEditView.as_view(), name="contact_add"),
    path("duty/contacts/<int:pk>/", duty.ContactDetailView.as_view(), name="contact_detail"),
    path("duty/contacts/<int:pk>/edit/", duty.ContactEditView.as_view(), name="contact_edit"),
    path("duty/contacts/<int:pk>/delete/", duty.ContactDeleteView.as_view(),
         name="contact_delete"),
]
