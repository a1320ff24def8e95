from django.urls import include, path

from yingji.core.tests.workflowapp import views

urlpatterns = [
    path("tickets/<int:pk>/assign/", views.TicketAssignView.as_view(), name="ticket_assign"),
    path("tickets/settings/", views.TicketSettingsView.as_view(), name="ticketsettings"),
    path("", include("yingji.config.urls")),
]
