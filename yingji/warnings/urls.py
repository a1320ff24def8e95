"""Page URLs of the app."""

from django.urls import URLPattern, URLResolver, path

from yingji.warnings.views import bulletins, people, public

urlpatterns: list[URLPattern | URLResolver] = [
    path("warnings/", bulletins.BulletinListView.as_view(), name="bulletin_list"),
    path("warnings/add/", bulletins.BulletinEditView.as_view(), name="bulletin_add"),
    path("warnings/<int:pk>/", bulletins.BulletinDetailView.as_view(), name="bulletin_detail"),
    path("warnings/<int:pk>/edit/", bulletins.BulletinEditView.as_view(), name="bulletin_edit"),
    path("warnings/<int:pk>/delete/", bulletins.BulletinDeleteView.as_view(), name="bulletin_delete"),
    path("warnings/<int:pk>/transition/", bulletins.BulletinTransitionView.as_view(),
         name="bulletin_transition"),
    path("warnings/<int:pk>/board/", bulletins.BulletinBoardView.as_view(), name="bulletin_board"),
    path("warnings/<int:pk>/board/phone-ack/", bulletins.BulletinPhoneAckView.as_view(),
         name="bulletin_phone_ack"),
    path("warnings/<int:pk>/cap.xml", bulletins.BulletinCapView.as_view(), name="bulletin_cap"),
    path("warnings/people/", people.ResponsiblePersonListView.as_view(),
         name="responsibleperson_list"),
    path("warnings/people/import/", people.ResponsiblePersonImportView.as_view(),
         name="responsibleperson_import"),
    path("warnings/people/import/template/", people.ResponsiblePersonImportTemplateView.as_view(),
         name="responsibleperson_import_template"),
    path("warnings/people/add/", people.ResponsiblePersonEditView.as_view(),
         name="responsibleperson_add"),
    path("warnings/people/<int:pk>/", people.ResponsiblePersonDetailView.as_view(),
         name="responsibleperson_detail"),
    path("warnings/people/<int:pk>/edit/", people.ResponsiblePersonEditView.as_view(),
         name="responsibleperson_edit"),
    path("warnings/people/<int:pk>/delete/", people.ResponsiblePersonDeleteView.as_view(),
         name="responsibleperson_delete"),
    path("public/warnings/", public.active_list, name="warnings_public_list"),
    path("public/warnings/feed.atom", public.atom_feed, name="warnings_feed"),
    path("public/warnings/map.geojson", public.active_map, name="warnings_public_map"),
    path("public/warnings/regions.geojson", public.map_regions,
         name="warnings_public_regions"),
    path("public/warnings/directory/", public.public_directory,
         name="warnings_public_directory"),
    path("public/warnings/<str:identifier>/", public.public_detail,
         name="warnings_public_detail"),
    path("public/warnings/<str:identifier>/cap.xml", public.public_cap,
         name="warnings_public_cap"),
]
