from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


def attachment_path(instance: Attachment, filename: str) -> str:
    # Stored under a random name: the original name is kept in the row, never trusted
    # as a path.
    return f"attachments/{instance.created_at:%Y/%m}/{instance.sha256[:2]}/{instance.storage_name}"


class Attachment(models.Model):
    """A file attached to any scoped object (photos, evidence, documents).

    It is served only to users whose scope includes the owning object.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, db_index=True)
    owner = GenericForeignKey("content_type", "object_id")
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)
    storage_name = models.CharField(max_length=80)
    original_name = models.CharField("文件名", max_length=200)
    mime_type = models.CharField("类型", max_length=100)
    size = models.BigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    purpose = models.CharField("用途", max_length=40, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name
