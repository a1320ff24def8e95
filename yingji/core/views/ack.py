"""Call-and-acknowledge (叫应) answers: the signed link in a message, the web button,
and the SMS gateway's reply callback."""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from yingji.core.actor import Actor
from yingji.core.models import Notification
from yingji.core.security.redirects import local_path
from yingji.core.services.notifications import ACK_VIA, ack_by_sms_reply, acknowledge, note_from_token


@require_http_methods(["GET", "POST"])
def ack_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link is the credential (no login on a phone in the field). GET only shows the
    message: link previews in chat apps fetch links, and must not answer for the person."""
    note = note_from_token(token)
    if note is None:
        return render(request, "core/ack.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        done = acknowledge(note, via="link", actor=Actor.from_request(request)) or note.is_acked
        note.refresh_from_db()
    return render(request, "core/ack.html", {"note": note, "done": done,
                                             "via": ACK_VIA.get(note.ack_via, "")})


@login_required
@require_POST
def ack_web(request: HttpRequest, pk: int) -> HttpResponse:
    note = Notification.objects.filter(pk=pk, recipient_id=request.user.pk).first()
    if note is None:
        raise Http404
    if acknowledge(note, via="web", actor=Actor.from_request(request)):
        messages.success(request, "已确认收到（叫应）")
    return redirect(local_path(request, request.POST.get("next")))


@csrf_exempt
@require_POST
def sms_callback(request: HttpRequest) -> JsonResponse:
    """The SMS gateway posts replies as JSON {phone, content}, signed with
    X-Yingji-Signature = hex HMAC-SHA256(secret, body)."""
    secret = settings.SMS_CALLBACK_SECRET
    if not secret:
        return JsonResponse({"error": {"code": "disabled", "message": "未启用短信回复叫应"}},
                            status=404)
    expected = hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Yingji-Signature", "")):
        return JsonResponse({"error": {"code": "bad_signature", "message": "签名无效"}}, status=403)
    try:
        payload = json.loads(request.body.decode("utf-8"))
        phone, content = str(payload["phone"]), str(payload["content"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": {"code": "invalid", "message": "请求内容应为包含phone和content的JSON"}},
                            status=400)
    note = ack_by_sms_reply(phone, content)
    return JsonResponse({"acknowledged": note is not None, "notification": note.pk if note else None})
