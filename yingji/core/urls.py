"""Shared endpoints of the core app: health, live events, attachments."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from yingji.core.views import files, live


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("events/stream", live.stream, name="live_stream"),
    path("files/upload/<str:app_label>/<str:model>/<str:object_id>/", files.upload,
         name="attachment_upload"),
    path("files/<int:pk>/", files.download, name="attachment_download"),
    path("files/<int:pk>/delete/", files.delete, name="attachment_delete"),
]
