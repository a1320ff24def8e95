"""Attachments: checked uploads stored under var/media, served only within scope."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Attachment
from yingji.core.services.objects import check_permission, check_scope

# extension -> (MIME type, magic-number prefixes accepted; empty = text, checked as UTF-8)
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    "webp": ("image/webp", (b"RIFF",)),
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             (b"PK\x03\x04",)),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    "xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
    "mp4": ("video/mp4", ()),
    "txt": ("text/plain", ()),
    "csv": ("text/csv", ()),
}


def allowed_extensions() -> str:
    return "、".join(sorted(ALLOWED_TYPES))


def check_upload(upload: UploadedFile) -> tuple[str, str]:
    """Validate name, size and content; returns (extension, MIME type)."""
    name = PurePath(upload.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_TYPES:
        raise ValidationError({"file": f"不支持的文件类型“.{ext}”，允许：{allowed_extensions()}"})
    limit = settings.ATTACHMENT_MAX_MB * 1024 * 1024
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": "文件为空"})
    if upload.size > limit:
        raise ValidationError({"file": f"文件超过大小上限{settings.ATTACHMENT_MAX_MB}MB"})
    mime, magics = ALLOWED_TYPES[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if magics and not any(head.startswith(m) for m in magics):
        raise ValidationError({"file": f"文件内容与扩展名“.{ext}”不符"})
    if ext == "mp4" and head[4:8] != b"ftyp":
        raise ValidationError({"file": "文件内容与扩展名“.mp4”不符"})
    if not magics and ext != "mp4" and b"\x00" in head:
        raise ValidationError({"file": f"文件内容与扩展名“.{ext}”不符"})
    return ext, mime


@transaction.atomic
def attach_file(
    owner: models.Model, upload: UploadedFile, *, actor: Actor, purpose: str = ""
) -> Attachment:
    """Store ``upload`` on ``owner``; the actor must be allowed to change the owner."""
    check_permission(actor, type(owner), "change")
    check_scope(actor, owner)
    ext, mime = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(owner), object_id=str(owner.pk),
        original_name=PurePath(upload.name or "").name[:200], mime_type=mime,
        size=upload.size or 0, sha256=digest.hexdigest(), purpose=purpose[:40],
        uploaded_by=actor.user, created_at=timezone.now(),
        storage_name=f"{uuid.uuid4().hex}.{ext}",
    )
    attachment.file.save(attachment.storage_name, upload, save=False)
    attachment.save()
    region = owner.scope_region_code() if hasattr(owner, "scope_region_code") else ""
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=attachment,
                 region_code=region or "", after=audit.snapshot(attachment),
                 detail=f"上传附件到{owner._meta.verbose_name}：{owner}")
    events.emit("attachment.added", actor=actor, obj=owner,
                summary=f"上传附件：{attachment.original_name}")
    return attachment


def is_append_only(attachment: Attachment, owner_cls: type[models.Model] | None = None) -> bool:
    """Whether the attachment is a record that is superseded, never removed: its owner
    model lists its purpose in ``append_only_purposes`` (e.g. a hazard's evidence)."""
    owner_cls = owner_cls or attachment.content_type.model_class()
    purposes: frozenset[str] = getattr(owner_cls, "append_only_purposes", frozenset())
    return bool(attachment.purpose) and attachment.purpose in purposes


@transaction.atomic
def remove_attachment(attachment: Attachment, *, actor: Actor) -> None:
    """Delete an attachment (change permission on its owner, within scope); an
    append-only one is refused for everyone: a newer file supersedes it."""
    if is_append_only(attachment):
        raise PermissionDenied(f"“{attachment.purpose}”只能追加、不能删除：如有更正，请上传新的文件")
    owner = attachment.owner
    if owner is not None:
        check_permission(actor, type(owner), "change")
        check_scope(actor, owner)
    before = audit.snapshot(attachment)
    name, storage = attachment.original_name, attachment.file
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(save=False))
    audit.record(audit.AuditAction.DELETE, actor=actor, before=before,
                 object_type="core.attachment", object_id=str(before["id"]), object_repr=name)
    if owner is not None:
        events.emit("attachment.removed", actor=actor, obj=owner, summary=f"删除附件：{name}")


def owner_model(app_label: str, model: str) -> type[models.Model] | None:
    try:
        return ContentType.objects.get_by_natural_key(app_label, model).model_class()
    except ContentType.DoesNotExist:
        return None
