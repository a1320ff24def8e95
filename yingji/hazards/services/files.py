"""Checks of hazard photos and rectification evidence before anything is saved."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from yingji.core.services.attachments import check_upload
from yingji.hazards.models import HazardSettings
from yingji.hazards.models.hazards import EVIDENCE_PURPOSE, PHOTO_PURPOSE

IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "webp"})
EVIDENCE_EXTENSIONS = IMAGE_EXTENSIONS | {"pdf", "docx", "doc", "xlsx", "xls", "mp4"}
PHOTO = PHOTO_PURPOSE
EVIDENCE = EVIDENCE_PURPOSE


def _ext(upload: UploadedFile) -> str:
    name = PurePath(upload.name or "").name
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_photos(photos: Sequence[UploadedFile], field: str = "photos") -> None:
    """Every photo must be a real image (jpg/png/gif/webp by extension and content)
    within the configured size; raises ValidationError on ``field`` otherwise."""
    limit_mb = HazardSettings.current().photo_max_mb
    for upload in photos:
        name = PurePath(upload.name or "").name
        if _ext(upload) not in IMAGE_EXTENSIONS:
            raise ValidationError({field: f"“{name}”不是图片：隐患照片只接受jpg、png、gif、webp格式"})
        if (upload.size or 0) > limit_mb * 1024 * 1024:
            raise ValidationError({field: f"照片“{name}”超过大小上限{limit_mb}MB"})
        _core_check(upload, field)


def check_evidence(files: Sequence[UploadedFile], field: str = "files") -> None:
    """Evidence may be images (within the photo limit) or documents (PDF, Word, Excel,
    video) within the attachment limit."""
    for upload in files:
        if _ext(upload) in IMAGE_EXTENSIONS:
            check_photos([upload], field)
            continue
        if _ext(upload) not in EVIDENCE_EXTENSIONS:
            name = PurePath(upload.name or "").name
            raise ValidationError({field: f"“{name}”不能作为整改证据：请上传照片、PDF、Word、Excel或视频"})
        _core_check(upload, field)


def _core_check(upload: UploadedFile, field: str) -> None:
    try:
        check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
