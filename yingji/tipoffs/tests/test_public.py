"""The public pages without an account: the portal on a phone, the receipt, the
progress query, the enterprise name search, the anonymised outcomes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from yingji.core.testing import JIANGAN, actor_for
from yingji.tipoffs.models import Tipoff, TipoffSettings
from yingji.tipoffs.services import handling
from yingji.tipoffs.tests.conftest import PNG, submit

pytestmark = pytest.mark.django_db


def _form(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": "major_hazard", "description": "小区地下室违规存放大量烟花爆竹",
                            "region": JIANGAN, "address": "江岸区黄浦大街88号", "identity": "real",
                            "name": "刘公众", "phone": "13600136000"}
    data.update(extra)
    return data


def test_portal_takes_a_report_without_an_account(enterprise: Any) -> None:
    client = Client()
    page = client.get("/public/tipoffs/")
    assert page.status_code == 200 and "我要举报" in page.content.decode()
    answer = client.post("/public/tipoffs/", {**_form(enterprise=str(enterprise.pk),
                                                      enterprise_name=enterprise.name),
                                              "evidence": [SimpleUploadedFile("a.png", PNG)]})
    assert answer.status_code == 200
    text = answer.content.decode()
    tipoff = Tipoff.objects.get()
    assert tipoff.number in text and "查询码" in text and tipoff.enterprise == enterprise
    secret = text.split('data-testid="receipt-secret">')[1][:8]
    progress = client.post("/public/tipoffs/progress/", {"number": tipoff.number, "secret": secret})
    assert progress.status_code == 200 and "待受理" in progress.content.decode()
    wrong = client.post("/public/tipoffs/progress/", {"number": tipoff.number, "secret": "XXXXXXXX"})
    assert wrong.status_code == 400 and "受理编号或查询码不正确" in wrong.content.decode()


def test_bad_input_is_answered_in_chinese_and_saves_nothing() -> None:
    client = Client()
    answer = client.post("/public/tipoffs/", _form(description="太短", name="", phone="",
                                                   evidence=[SimpleUploadedFile("x.png", b"GIF89a fake")]))
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "至少" in text or "10" in text
    assert not Tipoff.objects.exists()
    disguised = client.post("/public/tipoffs/",
                            {**_form(), "evidence": [SimpleUploadedFile("x.png", b"MZ exe")]})
    assert disguised.status_code == 400 and "不符" in disguised.content.decode()
    assert not Tipoff.objects.exists()


def test_the_address_limit_answers_the_same_for_every_phone() -> None:
    settings = TipoffSettings.current()
    settings.per_address_hour = 1
    settings.save()
    client = Client(REMOTE_ADDR="198.51.100.20")
    assert client.post("/public/tipoffs/", _form()).status_code == 200
    second = client.post("/public/tipoffs/", _form(phone="13600136001"))
    assert second.status_code == 400 and "提交过于频繁" in second.content.decode()
    assert Tipoff.objects.count() == 1


def test_enterprise_search_gives_public_names_only(enterprise: Any) -> None:
    client = Client()
    found = client.get("/public/tipoffs/enterprises.json", {"q": enterprise.name[:4]}).json()["results"]
    assert found and set(found[0]) == {"id", "name", "area"}
    assert client.get("/public/tipoffs/enterprises.json", {"q": "测"}).json()["results"] == []


def test_outcomes_page_is_anonymised(duty: Any, bureau: Any, supervisor: Any, enterprise: Any) -> None:
    tipoff, _ = submit(enterprise=enterprise, name="钱实名")
    tipoff = handling.accept(tipoff, actor=actor_for(duty))
    tipoff = handling.assign(tipoff, actor=actor_for(duty), department=bureau)
    handling.conclude(tipoff, actor=actor_for(supervisor), outcome="true", findings="查实钢瓶40只",
                      disposal="none")
    text = Client().get("/public/tipoffs/outcomes/").content.decode()
    assert "江岸区群众举报重大事故隐患，经核查属实" in text
    for secret in ("钱实名", enterprise.name, "查实钢瓶", tipoff.number):
        assert secret not in text


def test_a_signed_in_visitor_files_as_the_anonymous_public(duty: Any) -> None:
    from yingji.core.models import Attachment, AuditLog, DomainEvent

    client = Client(REMOTE_ADDR="198.51.100.30")
    client.force_login(duty)
    answer = client.post("/public/tipoffs/", {**_form(), "evidence": [SimpleUploadedFile("a.png", PNG)]})
    assert answer.status_code == 200
    tipoff = Tipoff.objects.get()
    assert tipoff.received_by is None and tipoff.source_key
    assert Attachment.objects.filter(object_id=str(tipoff.pk), purpose="举报证据").count() == 1
    labels = {*AuditLog.objects.filter(object_id=str(tipoff.pk)).values_list("actor_label", flat=True),
              *DomainEvent.objects.filter(object_id=str(tipoff.pk)).values_list("actor_label", flat=True)}
    assert labels and not any("江岸值班员" in label or duty.username in label for label in labels)
    assert not AuditLog.objects.filter(actor_id=duty.pk).exists()
