"""Page URLs of the app."""

from django.urls import URLPattern, URLResolver, path

from yingji.warnings import views, views_public

urlpatterns: list[URLPattern | URLResolver] = [
    path("warnings/", views.BulletinListView.as_view(), name="bulletin_list"),
    path("warnings/add/", views.BulletinEditView.as_view(), name="bulletin_add"),
    path("warnings/<int:pk>/", views.BulletinDetailView.as_view(), name="bulletin_detail"),
    path("warnings/<int:pk>/edit/", views.BulletinEditView.as_view(), name="bulletin_edit"),
    path("warnings/<int:pk>/delete/", views.BulletinDeleteView.as_view(), name="bulletin_delete"),
    path("warnings/<int:pk>/transition/", views.BulletinTransitionView.as_view(),
         name="bulletin_transition"),
    path("warnings/<int:pk>/board/", views.BulletinBoardView.as_view(), name="bulletin_board"),
    path("warnings/<int:pk>/cap.xml", views.BulletinCapView.as_view(), name="bulletin_cap"),
    path("warnings/people/", views.ResponsiblePersonListView.as_view(),
         name="responsibleperson_list"),
    path("warnings/people/import/", views.ResponsiblePersonImportView.as_view(),
         name="responsibleperson_import"),
    path("warnings/people/import/template/", views.ResponsiblePersonImportTemplateView.as_view(),
         name="responsibleperson_import_template"),
    path("warnings/people/add/", views.ResponsiblePersonEditView.as_view(),
         name="responsibleperson_add"),
    path("warnings/people/<int:pk>/", views.ResponsiblePersonDetailView.as_view(),
         name="responsibleperson_detail"),
    path("warnings/people/<int:pk>/edit/", views.ResponsiblePersonEditView.as_view(),
         name="responsibleperson_edit"),
    path("warnings/people/<int:pk>/delete/", views.ResponsiblePersonDeleteView.as_view(),
         name="responsibleperson_delete"),
    path("public/warnings/", views_public.active_list, name="warnings_public_list"),
    path("public/warnings/feed.atom", views_public.atom_feed, name="warnings_feed"),
    path("public/warnings/map.geojson", views_public.active_map, name="warnings_public_map"),
    path("public/warnings/regions.geojson", views_public.map_regions,
         name="warnings_public_regions"),
    path("public/warnings/directory/", views_public.public_directory,
         name="warnings_public_directory"),
    path("public/warnings/<str:identifier>/", views_public.public_detail,
         name="warnings_public_detail"),
    path("public/warnings/<str:identifier>/cap.xml", views_public.public_cap,
         name="warnings_public_cap"),
]
