"""Attachments: checked on upload, served only inside the owner's scope."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from yingji.core.models import Attachment, AuditLog
from yingji.core.testing import JIANGAN, client_for, make_department

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(tmp_path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path


def _upload(client, dept, name: str, content: bytes):
    return client.post(
        f"/files/upload/core/department/{dept.pk}/",
        {"file": SimpleUploadedFile(name, content), "next": "/"},
    )


def test_upload_and_download_within_scope(district_admin) -> None:
    dept = make_department("江岸区应急管理局", region_code=JIANGAN)
    client = client_for(district_admin)
    response = _upload(client, dept, "现场照片.png", PNG)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "现场照片.png" and attachment.mime_type == "image/png"
    assert attachment.size == len(PNG) and len(attachment.sha256) == 64
    assert AuditLog.objects.filter(object_type="core.attachment", action="create").exists()
    download = client.get(f"/files/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG


def test_out_of_scope_user_gets_404_for_upload_and_download(district_admin, other_district_admin) -> None:
    dept = make_department("江岸区应急管理局", region_code=JIANGAN)
    _upload(client_for(district_admin), dept, "a.png", PNG)
    attachment = Attachment.objects.get()
    outsider = client_for(other_district_admin)
    assert outsider.get(f"/files/{attachment.pk}/").status_code == 404
    assert _upload(outsider, dept, "b.png", PNG).status_code == 404
    assert outsider.post(f"/files/{attachment.pk}/delete/").status_code == 404
    assert Attachment.objects.count() == 1


def test_unknown_type_and_forged_content_are_refused(district_admin) -> None:
    dept = make_department("江岸区应急管理局", region_code=JIANGAN)
    client = client_for(district_admin)
    response = _upload(client, dept, "run.exe", b"MZ\x90\x00")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("不支持的文件类型" in m for m in messages)
    response = _upload(client, dept, "photo.jpg", b"<html>not an image</html>")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("文件内容与扩展名" in m for m in messages)
    assert Attachment.objects.count() == 0


@override_settings(ATTACHMENT_MAX_MB=1)
def test_oversized_file_is_refused(district_admin) -> None:
    dept = make_department("江岸区应急管理局", region_code=JIANGAN)
    response = _upload(client_for(district_admin), dept, "big.png", PNG + b"\x00" * 1_100_000)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("大小上限1MB" in m for m in messages)
    assert Attachment.objects.count() == 0


def test_user_without_change_permission_cannot_upload(duty_officer) -> None:
    dept = make_department("江岸区应急管理局", region_code=JIANGAN)
    # A duty officer may view departments but not change them.
    assert _upload(client_for(duty_officer), dept, "a.png", PNG).status_code == 404
    assert Attachment.objects.count() == 0
