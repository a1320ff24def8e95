"""Page URLs of the app."""

from django.urls import URLPattern, URLResolver, path

from yingji.warnings import views_public

urlpatterns: list[URLPattern | URLResolver] = [
    path("public/warnings/", views_public.active_list, name="warnings_public_list"),
    path("public/warnings/feed.atom", views_public.atom_feed, name="warnings_feed"),
    path("public/warnings/directory/", views_public.public_directory,
         name="warnings_public_directory"),
    path("public/warnings/<str:identifier>/", views_public.public_detail,
         name="warnings_public_detail"),
    path("public/warnings/<str:identifier>/cap.xml", views_public.public_cap,
         name="warnings_public_cap"),
]
