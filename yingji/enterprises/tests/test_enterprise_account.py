"""An enterprise account's interface of its own (issue 13 item 7): its file instead of
the registry, its enterprise preselected and fixed on its forms, no government filters
(企业, 区划) on its lists or in its API."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.core.testing import JIANGAN, client_for, make_user, system
from yingji.enterprises import services
from yingji.enterprises.models import Licence, RiskPoint
from yingji.enterprises.tests.factories import make_enterprise

pytestmark = pytest.mark.django_db


def _licence(enterprise: Any, number: str) -> Licence:
    return services.create_licence({
        "enterprise": enterprise, "kind": "safety_production", "number": number,
        "issuer": "武汉市应急管理局", "issued_on": date(2025, 1, 1),
        "expires_on": date(2028, 1, 1)}, actor=system())


def test_the_registry_opens_the_accounts_file(owner: Any, ja_supervisor: Any,
                                                              jiangan_enterprise: Any) -> None:
    file_url = reverse("enterprise_detail", args=[jiangan_enterprise.pk])
    client = client_for(owner)
    assert client.get("/enterprises/")["Location"] == file_url
    export = client.get("/enterprises/?export=xlsx")
    assert export.status_code == 200 and "spreadsheet" in export["Content-Type"]
    # Staff keep the registry.
    assert "统计图表" in client_for(ja_supervisor).get("/enterprises/").content.decode()


def test_the_enterprise_is_preselected_and_cannot_be_changed(owner: Any,
                                                             jiangan_enterprise: Any) -> None:
    other = make_enterprise(7)
    client = client_for(owner)
    for route in ("licence_add", "riskpoint_add", "majorhazard_add"):
        form = client.get(reverse(route)).content.decode()
        assert f'<option value="{jiangan_enterprise.pk}" selected>' in form, route
        assert 'name="enterprise"' in form and "disabled" in form.split('name="enterprise"')[1][:200]
        assert other.name not in form
    # Whatever is posted (or put in the query string), the row is the account's.
    response = client.post(reverse("riskpoint_add") + f"?enterprise={other.pk}", {
        "enterprise": other.pk, "name": "自查风险点", "method": "lec",
        "lec_l": 1, "lec_e": 6, "lec_c": 7})
    assert response.status_code == 302, response.content.decode()[:1500]
    assert RiskPoint.objects.get(name="自查风险点").enterprise == jiangan_enterprise


def test_staff_still_choose_the_enterprise(ja_supervisor: Any, jiangan_enterprise: Any) -> None:
    form = client_for(ja_supervisor).get(reverse("licence_add")).content.decode()
    field = form.split('name="enterprise"')[1][:200]
    assert "disabled" not in field


def test_lists_and_api_carry_no_government_filters(owner: Any, ja_supervisor: Any,
                                                   jiangan_enterprise: Any) -> None:
    _licence(jiangan_enterprise, "本企业证书")
    client = client_for(owner)
    page = client.get(reverse("licence_list")).content.decode()
    assert "本企业证书" in page
    assert 'name="region"' not in page and 'name="enterprise"' not in page
    # A government filter in the query changes nothing for the account.
    narrowed = client.get(reverse("licence_list") + "?region=420106000000").content.decode()
    assert "本企业证书" in narrowed
    api = client.get("/api/v1/licences/?region=420106000000&enterprise=0").json()
    assert [row["number"] for row in api["results"]] == ["本企业证书"]
    # Supervisors keep them.
    assert 'name="region"' in client_for(ja_supervisor).get(reverse("licence_list")).content.decode()
    assert client_for(ja_supervisor).get(
        "/api/v1/licences/?region=420106000000").json()["results"] == []


def test_an_account_of_several_enterprises_lists_them_without_supervisor_tools(
        owner: Any, jiangan_enterprise: Any) -> None:
    second = make_enterprise(8)
    services.add_member(second, owner, actor=system())
    page = client_for(owner).get("/enterprises/").content.decode()
    assert jiangan_enterprise.name in page and second.name in page
    assert 'name="region"' not in page
    assert "统计图表" not in page  # the supervisors' map and charts buttons
    # Two enterprises: the account chooses among its own on the forms.
    form = client_for(owner).get(reverse("licence_add")).content.decode()
    assert "disabled" not in form.split('name="enterprise"')[1][:200]


def test_the_licence_to_do_says_whose_licences_they_are(owner: Any,
                                                        jiangan_enterprise: Any) -> None:
    from yingji.enterprises.workbench import licence_todos

    services.create_licence({
        "enterprise": jiangan_enterprise, "kind": "safety_production", "number": "快到期",
        "issuer": "武汉市应急管理局", "issued_on": date(2020, 1, 1),
        "expires_on": timezone.localdate()}, actor=system())
    assert licence_todos(owner)[0].label.startswith("本企业1个许可证")
    staff = make_user("ja_sup2", roles=["supervisor"], scope=JIANGAN)
    assert licence_todos(staff)[0].label.startswith("1个许可证")


def test_the_api_takes_the_accounts_enterprise_when_none_is_named(
        owner: Any, ja_supervisor: Any, jiangan_enterprise: Any) -> None:
    body = {"name": "接口风险点", "method": "lec", "lec_l": 1, "lec_e": 6, "lec_c": 7}
    created = client_for(owner).post("/api/v1/risk-points/", body,
                                     content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["enterprise"] == jiangan_enterprise.pk
    refused = client_for(ja_supervisor).post("/api/v1/risk-points/", body,
                                             content_type="application/json")
    assert refused.status_code == 400 and "enterprise" in refused.json()["error"]["fields"]
