"""Shared endpoints of the core app: health, metrics, live events, attachments."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from yingji.core.views import ack, files, live, personal
from yingji.core.views.metrics import metrics


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("events/stream", live.stream, name="live_stream"),
    path("files/upload/<str:app_label>/<str:model>/<str:object_id>/", files.upload,
         name="attachment_upload"),
    path("files/<int:pk>/", files.download, name="attachment_download"),
    path("personal-data/reveal/", personal.RevealView.as_view(), name="personal_reveal"),
    path("files/<int:pk>/delete/", files.delete, name="attachment_delete"),
    path("ack/<str:token>/", ack.ack_link, name="ack_link"),
    path("notifications/<int:pk>/ack/", ack.ack_web, name="ack_web"),
    path("notify/sms-callback", ack.sms_callback, name="sms_callback"),
]
