"""Intake: the public portal (no account) and the 12350 entry on the same record; the
upload checks, the limits per address and phone, and the progress query."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yingji.core.models import Attachment, Deadline
from yingji.core.testing import actor_for
from yingji.tipoffs.models import Tipoff, TipoffReporter, TipoffSettings
from yingji.tipoffs.services import intake
from yingji.tipoffs.services.throttle import TOO_MANY
from yingji.tipoffs.tests.conftest import JPEG, PNG, public_actor, report_data, submit

pytestmark = pytest.mark.django_db


def test_public_report_gets_receipt_secret_deadline_and_evidence() -> None:
    tipoff, secret = submit(files=[SimpleUploadedFile("现场.png", PNG, content_type="image/png")])
    assert tipoff.number.startswith("JB") and len(secret) == 8
    assert tipoff.channel == "web" and tipoff.state == "received" and tipoff.received_by is None
    assert secret not in tipoff.secret_hash
    reporter = TipoffReporter.objects.get(tipoff=tipoff)
    assert reporter.name == "张三丰" and reporter.phone == "13800138000"
    assert Attachment.objects.filter(object_id=str(tipoff.pk), purpose="举报证据").count() == 1
    assert Deadline.objects.filter(object_id=str(tipoff.pk), kind="tipoffs.triage", closed_at=None).exists()
    assert intake.find(tipoff.number, secret, ip="198.51.100.1") == tipoff
    assert intake.find(tipoff.number.lower(), secret.lower(), ip="198.51.100.1") == tipoff


def test_anonymous_report_keeps_no_reporter_and_insider_needs_a_name() -> None:
    tipoff, _ = submit(anonymous=True, name="", phone="")
    assert not TipoffReporter.objects.filter(tipoff=tipoff).exists()
    with pytest.raises(ValidationError) as caught:
        submit(anonymous=True, insider=True, name="", phone="")
    assert "insider" in caught.value.message_dict


def test_real_name_needs_name_and_phone_checked() -> None:
    with pytest.raises(ValidationError) as caught:
        submit(name="", phone="")
    assert {"name", "phone"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError) as bad_phone:
        submit(phone="电话abc")
    assert "phone" in bad_phone.value.message_dict
    assert Tipoff.objects.count() == 0


@pytest.mark.parametrize(("name", "content", "words"), [
    ("照片.png", b"MZ\x90\x00 this is an exe", "不符"),  # disguised
    ("报告.pdf", b"%PDF-1.4 data", "不是照片"),  # not a photo or video
    ("视频.mp4", b"\x00\x00\x00\x18notavideo", "不符"),
])
def test_disguised_or_wrong_uploads_are_refused_and_nothing_is_saved(name: str, content: bytes,
                                                                       words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        submit(files=[SimpleUploadedFile(name, content)])
    assert words in "；".join(caught.value.message_dict["evidence"])
    assert Tipoff.objects.count() == 0 and Attachment.objects.count() == 0


def test_oversized_photo_is_refused() -> None:
    settings = TipoffSettings.current()
    settings.photo_max_mb = 1
    settings.save()
    big = JPEG + b"\x00" * (1024 * 1024 + 10)
    with pytest.raises(ValidationError) as caught:
        submit(files=[SimpleUploadedFile("大图.jpg", big)])
    assert "超过1MB" in caught.value.message_dict["evidence"][0]


def test_limits_per_address_and_per_phone_say_only_too_many() -> None:
    settings = TipoffSettings.current()
    settings.per_address_hour = 2
    settings.per_phone_day = 3
    settings.save()
    submit(ip="203.0.113.1", phone="13800000001")
    submit(ip="203.0.113.1", phone="13800000002")
    with pytest.raises(ValidationError) as by_address:
        submit(ip="203.0.113.1", phone="13800000003")
    assert by_address.value.messages == [TOO_MANY]
    for ip in ("203.0.113.2", "203.0.113.3", "203.0.113.4"):
        submit(ip=ip, phone="13900000009")
    with pytest.raises(ValidationError) as by_phone:
        submit(ip="203.0.113.5", phone="13900000009")
    assert by_phone.value.messages == [TOO_MANY]
    assert Tipoff.objects.count() == 5


def test_wrong_pairs_get_one_answer_and_are_throttled() -> None:
    tipoff, secret = submit()
    assert intake.find(tipoff.number, "WRONG123", ip="198.51.100.9") is None
    assert intake.find("JB2099999999", secret, ip="198.51.100.9") is None
    settings = TipoffSettings.current()
    settings.lookups_per_hour = 2
    settings.save()
    with pytest.raises(ValidationError) as caught:
        intake.find(tipoff.number, secret, ip="198.51.100.9")
    assert "查询失败次数过多" in caught.value.messages[0]
    assert intake.find(tipoff.number, secret, ip="198.51.100.10") == tipoff


def test_staff_enter_a_12350_call_on_the_same_record(duty: Any, enterprise: Any) -> None:
    called = timezone.now() - timedelta(hours=2)
    data = report_data(enterprise=enterprise, region=None, address="", name="李四", phone="13700137000",
                       received_at=called)
    tipoff, secret = intake.enter_report(data, actor=actor_for(duty))
    assert tipoff.received_at == called
    with pytest.raises(ValidationError) as future:
        intake.enter_report({**data, "received_at": timezone.now() + timedelta(hours=1)},
                            actor=actor_for(duty))
    assert "received_at" in future.value.message_dict
    assert tipoff.channel == "phone_12350" and tipoff.received_by == duty
    assert tipoff.region_id == enterprise.region_id and tipoff.industry == enterprise.industry
    assert tipoff.enterprise_name == enterprise.name and tipoff.address == enterprise.address
    assert intake.find(tipoff.number, secret, ip="") == tipoff


def test_public_actor_cannot_use_the_staff_entry() -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        intake.enter_report(report_data(), actor=public_actor())


def test_a_12350_entry_keeps_its_photo(duty: Any) -> None:
    photo = SimpleUploadedFile("来电照片.jpg", JPEG, content_type="image/jpeg")
    tipoff, _ = intake.enter_report(report_data(), actor=actor_for(duty), files=[photo])
    attachment = Attachment.objects.get(object_id=str(tipoff.pk), purpose="举报证据")
    assert attachment.uploaded_by is None and tipoff.received_by == duty
