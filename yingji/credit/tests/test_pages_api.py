"""Pages and API: the public page (no login, names masked), the enterprise's file with
its badge and the registry's mark, bad input answered in Chinese per field and nothing
changed, the API's steps and their refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yingji.core.testing import actor_for, client_for, make_user
from yingji.credit.models import DishonestyEntry, SafetyCommitment
from yingji.credit.services import listing
from yingji.credit.tests.conftest import ground, listed_since, propose
from yingji.enforcement.tests.conftest import Bureau

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_published_listings_with_names_masked(ja: Bureau) -> None:
    entry = listing.import_listing({"enterprise": ja.enterprise, "ground": ground("G04"),
                                    "department": ja.department, "facts": "瞒报",
                                    "person_name": "王建国", "number": "岸应急信列〔2025〕3号",
                                    "listed_on": timezone.localdate() - timedelta(days=20)},
                                   actor=actor_for(ja.legal))
    propose(ja)  # a proposal is not public
    page = Client().get(reverse("credit_public_list")).content.decode()
    assert entry.number in page and ja.enterprise.name in page
    assert "王建国" not in page and "王*" in page
    assert page.count("严重失信</span>") == 1


def test_the_enterprise_file_and_list_show_the_badge(ja: Bureau) -> None:
    listed_since(ja, timezone.localdate() - timedelta(days=5))
    supervisor = make_user("ja_sup", roles=["supervisor"], scope=ja.department.region_id)
    client = client_for(supervisor)
    file_page = client.get(reverse("enterprise_detail", args=[ja.enterprise.pk])).content.decode()
    assert "credit-badge" in file_page and "严重失信" in file_page
    listing_page = client.get(reverse("enterprise_list")).content.decode()
    assert "严重失信" in listing_page


def test_a_bad_commitment_is_refused_in_chinese_per_field(ja: Bureau, owner) -> None:
    client = client_for(owner)
    response = client.post(reverse("safetycommitment_add"), {"enterprise": ja.enterprise.pk,
                                                            "kind": "credit", "signer": "张三"})
    assert response.status_code == 200 and "请填写信用承诺内容" in response.content.decode()
    api = client.post("/api/v1/credit/commitments/", {"enterprise": ja.enterprise.pk,
                                                      "kind": "credit", "signer": "张三"},
                      content_type="application/json")
    assert api.status_code == 400 and "text" in api.json()["error"]["fields"]
    assert not SafetyCommitment.objects.exists()
    ok = client.post(reverse("safetycommitment_add"), {"enterprise": ja.enterprise.pk,
                                                      "kind": "periodic", "signer": "张三",
                                                      "risks_controlled": "on"})
    assert ok.status_code == 302 and SafetyCommitment.objects.count() == 1


def test_api_steps_answer_refusals_with_409_and_do_the_step(ja: Bureau, wc: Bureau) -> None:
    entry = propose(ja)
    url = f"/api/v1/credit/list/{entry.pk}/step/"
    other = client_for(make_user("wc_city_legal", roles=["legal_reviewer"], scope="420100000000",
                                 department=wc.department))
    refused = other.post(url, {"name": "notify", "version": entry.version},
                         content_type="application/json")
    assert refused.status_code == 409 and "谁处罚谁决定" in refused.json()["error"]["message"]
    done = client_for(ja.legal).post(url, {"name": "notify", "version": entry.version},
                                     content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "noticed"
    early = client_for(ja.legal).post(url, {"name": "decide", "version": done.json()["version"]},
                                      content_type="application/json")
    assert early.status_code == 400 and "届满前" in str(early.json())
    assert DishonestyEntry.objects.get(pk=entry.pk).state == "noticed"


def test_the_decision_document_and_platform_export_download(ja: Bureau) -> None:
    entry = listed_since(ja, timezone.localdate() - timedelta(days=5))
    client = client_for(ja.legal)
    word = client.get(reverse("dishonestyentry_decision", args=[entry.pk]))
    assert word.status_code == 200 and word["Content-Type"].startswith("application/vnd.openxml")
    sheet = client.get(reverse("credit_platform_export") + "?joint=1")
    assert sheet.status_code == 200 and "spreadsheetml" in sheet["Content-Type"]
