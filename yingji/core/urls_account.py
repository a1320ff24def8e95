from django.urls import path
from django.views.generic import TemplateView

urlpatterns = [
    path("login/", TemplateView.as_view(template_name="ui/error.html"), name="login"),
    path("account/password/", TemplateView.as_view(template_name="ui/error.html"), name="password_change"),
    path("account/2fa/setup/", TemplateView.as_view(template_name="ui/error.html"), name="totp_setup"),
]
