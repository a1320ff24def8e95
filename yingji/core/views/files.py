"""Attachment upload and download; the owning object decides who may see the file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from yingji.core.actor import Actor
from yingji.core.models import Attachment
from yingji.core.security.redirects import local_path
from yingji.core.services.attachments import attach_file, owner_model, remove_attachment


def _scoped_owner(request: HttpRequest, model: type[Model], object_id: str, action: str) -> Model:
    manager = model._default_manager
    if not hasattr(manager, "restrict"):
        raise Http404
    owner = manager.restrict(request.user, action).filter(pk=object_id).first()
    if owner is None:
        raise Http404
    return owner


def _attachment_in_scope(request: HttpRequest, pk: int, action: str) -> Attachment:
    """The attachment if the user may ``action`` its owner within scope; else 404."""
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    owner_cls = attachment.content_type.model_class()
    if owner_cls is None:
        raise Http404
    _scoped_owner(request, owner_cls, attachment.object_id, action)
    return attachment


@login_required
@require_POST
def upload(request: HttpRequest, app_label: str, model: str, object_id: str) -> HttpResponse:
    owner_cls = owner_model(app_label, model)
    if owner_cls is None:
        raise Http404
    owner = _scoped_owner(request, owner_cls, object_id, "change")
    back = local_path(request, request.POST.get("next") or request.headers.get("Referer"))
    files = request.FILES.getlist("file")
    if not files:
        messages.error(request, "请选择要上传的文件")
        return redirect(back)
    try:
        for upload_file in files:
            attach_file(owner, upload_file, actor=Actor.from_request(request),
                        purpose=request.POST.get("purpose", ""))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已上传{len(files)}个文件")
    return redirect(back)


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = _attachment_in_scope(request, pk, "view")
    inline = attachment.mime_type.startswith("image/") or attachment.mime_type == "application/pdf"
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=not inline,
        filename=attachment.original_name, content_type=attachment.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment_in_scope(request, pk, "change")
    try:
        remove_attachment(attachment, actor=Actor.from_request(request))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "附件已删除")
    back = local_path(request, request.POST.get("next"))
    return redirect(back)
