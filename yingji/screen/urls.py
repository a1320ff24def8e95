"""Page URLs of the command screen."""

from django.urls import URLPattern, URLResolver, path

from yingji.screen import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("screen/", views.ScreenView.as_view(), name="screen"),
    path("screen/data.json", views.ScreenDataView.as_view(), name="screen_data"),
    path("screen/incident/<int:pk>.json", views.ScreenFollowView.as_view(), name="screen_follow"),
    path("screen/settings/", views.ScreenSettingsView.as_view(), name="screensettings_edit"),
]
