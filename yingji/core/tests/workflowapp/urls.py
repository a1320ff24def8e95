from django.urls import include, path
from rest_framework.routers import DefaultRouter

from yingji.core.tests.workflowapp import views

router = DefaultRouter()
router.register("tickets", views.TicketViewSet, basename="ticket-api")

urlpatterns = [
    path("tickets/<int:pk>/assign/", views.TicketAssignView.as_view(), name="ticket_assign"),
    path("tickets/<int:pk>/assign-page/", views.TicketAssignPageView.as_view(), name="ticket_assign_page"),
    path("tickets/<int:pk>/step/", views.TicketStepView.as_view(), name="ticket_step"),
    path("tickets/settings/", views.TicketSettingsView.as_view(), name="ticketsettings"),
    path("api/test/", include(router.urls)),
    path("", include("yingji.config.urls")),
]
