"""API: scope, permissions, Chinese errors, writes through services, self-grading."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core.testing import client_for
from yingji.enterprises.models import Enterprise, MajorHazardSubstance, RiskPoint
from yingji.enterprises.tests.factories import credit_code, make_enterprise, street

pytestmark = pytest.mark.django_db


def test_anonymous_is_refused(client: Any) -> None:
    assert client.get("/api/v1/enterprises/").status_code in (401, 403)


def test_unpermitted_user_is_refused(auditor: Any) -> None:
    assert client_for(auditor).get("/api/v1/enterprises/").status_code == 403
    response = client_for(auditor).post("/api/v1/major-hazards/grade/", {}, content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize("endpoint", ["enterprises", "licences", "major-hazards",
                                      "major-hazard-units", "major-hazard-substances",
                                      "risk-points"])
def test_lists_are_scoped(endpoint: str, wc_supervisor: Any, ja_supervisor: Any,
                          jiangan_enterprise: Any) -> None:
    assert client_for(wc_supervisor).get(f"/api/v1/{endpoint}/").json()["count"] == 0
    if endpoint != "licences":
        assert client_for(ja_supervisor).get(f"/api/v1/{endpoint}/").json()["count"] >= 1


def test_out_of_scope_detail_is_404(wc_supervisor: Any, jiangan_enterprise: Any) -> None:
    client = client_for(wc_supervisor)
    response = client.get(f"/api/v1/enterprises/{jiangan_enterprise.pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "对象不存在或不在您的数据范围内"
    point = RiskPoint.objects.get()
    assert client.patch(f"/api/v1/risk-points/{point.pk}/", {"lec_c": 1},
                        content_type="application/json").status_code == 404


def test_filtered_list(ja_supervisor: Any, jiangan_enterprise: Any) -> None:
    make_enterprise(3, industry="fireworks")
    client = client_for(ja_supervisor)
    data = client.get("/api/v1/enterprises/?industry=fireworks").json()
    assert [r["industry"] for r in data["results"]] == ["fireworks"]
    assert client.get("/api/v1/enterprises/?major_hazard_grade=3").json()["count"] == 1


def test_create_with_bad_code_gives_chinese_field_error(ja_supervisor: Any) -> None:
    body = {"name": "测试", "credit_code": "91420102000000001X", "industry": "hazchem",
            "region": street().code, "address": "某路", "longitude": 114.3, "latitude": 30.6}
    response = client_for(ja_supervisor).post("/api/v1/enterprises/", body,
                                              content_type="application/json")
    assert response.status_code == 400
    assert "校验位不正确" in response.json()["error"]["fields"]["credit_code"][0]
    assert not Enterprise.objects.exists()
    body["credit_code"] = credit_code(4)
    response = client_for(ja_supervisor).post("/api/v1/enterprises/", body,
                                              content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["credit_code"] == credit_code(4)


def test_substance_write_recomputes_through_the_service(ja_supervisor: Any,
                                                        jiangan_enterprise: Any) -> None:
    unit = jiangan_enterprise.major_hazards.get().units.get()
    client = client_for(ja_supervisor)
    response = client.post("/api/v1/major-hazard-substances/", {
        "unit": unit.pk, "name": "某中间体", "quantity": 5}, content_type="application/json")
    assert response.status_code == 400
    assert "危险性类别" in response.json()["error"]["fields"]["categories"][0]
    response = client.post("/api/v1/major-hazard-substances/", {
        "unit": unit.pk, "name": "某中间体", "quantity": -5, "categories": ["J4"]},
        content_type="application/json")
    assert response.status_code == 400 and "quantity" in response.json()["error"]["fields"]
    assert MajorHazardSubstance.objects.filter(unit=unit).count() == 2
    response = client.post("/api/v1/major-hazard-substances/", {
        "unit": unit.pk, "name": "某中间体", "quantity": 50, "categories": ["J4"]},
        content_type="application/json")
    assert response.status_code == 201
    data = client.get(f"/api/v1/major-hazard-units/{unit.pk}/").json()
    assert data["s_value"] == pytest.approx(8)  # 4 + 3 + 50/50
    assert data["r_value"] == pytest.approx(2 * (16 + 6 + 2))


def test_grade_endpoint_does_not_save(ja_supervisor: Any) -> None:
    body = {"population_500m": 120, "substances": [{"name": "氯", "quantity": 20},
                                                   {"name": "氨", "quantity": 30}]}
    response = client_for(ja_supervisor).post("/api/v1/major-hazards/grade/", body,
                                              content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    assert (data["grade"], data["grade_name"]) == (3, "三级")
    assert data["r"] == pytest.approx(44) and data["alpha"] == 2.0
    assert [t["beta"] for t in data["terms"]] == [4, 2]
    assert not MajorHazardSubstance.objects.exists()


@pytest.mark.parametrize(("substance", "field", "text"), [
    ({"name": "未知物", "quantity": 3}, "substances[0].category", "危险性类别"),
    ({"name": "氨", "quantity": -3}, "quantity", ""),
    ({"name": "氨", "quantity": 1e12}, "quantity", ""),
])
def test_grade_endpoint_rejects_bad_input(ja_supervisor: Any, substance: dict[str, Any],
                                          field: str, text: str) -> None:
    response = client_for(ja_supervisor).post(
        "/api/v1/major-hazards/grade/", {"population_500m": 0, "substances": [substance]},
        content_type="application/json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    flat = str(fields)
    assert field.split(".")[-1] in flat
    assert text in flat
    assert any("\u4e00" <= ch <= "\u9fff" for ch in flat)


def test_enterprise_user_api(owner: Any, jiangan_enterprise: Any) -> None:
    other = make_enterprise(6)
    client = client_for(owner)
    assert [r["id"] for r in client.get("/api/v1/enterprises/").json()["results"]] == [
        jiangan_enterprise.pk]
    assert client.get(f"/api/v1/enterprises/{other.pk}/").status_code == 404
    response = client.patch(f"/api/v1/enterprises/{jiangan_enterprise.pk}/",
                            {"employee_count": 99}, content_type="application/json")
    assert response.status_code == 200 and response.json()["employee_count"] == 99
    response = client.patch(f"/api/v1/enterprises/{jiangan_enterprise.pk}/",
                            {"status": "closed"}, content_type="application/json")
    assert response.status_code == 400
    assert "企业用户不能修改" in response.json()["error"]["fields"]["status"][0]
    assert client.post("/api/v1/enterprises/", {}, content_type="application/json").status_code == 403


def test_list_query_count_is_flat(ja_supervisor: Any, django_assert_max_num_queries: Any) -> None:
    make_enterprise(1)
    client = client_for(ja_supervisor)
    with django_assert_max_num_queries(12) as few:
        client.get("/api/v1/enterprises/")
    for n in range(2, 12):
        make_enterprise(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/enterprises/")


def test_reference_tables_are_readable(ja_supervisor: Any, auditor: Any) -> None:
    client = client_for(ja_supervisor)
    data = client.get("/api/v1/hazard-substances/?name=氯").json()
    assert data["results"][0]["critical_quantity"] == 5 and data["results"][0]["toxic_beta"] == 4
    assert client.get("/api/v1/hazard-categories/?code=W5.1").json()["results"][0]["beta"] == 1.5
    assert client.get("/api/v1/supervision-classes/").json()["count"] == 4
    # A district supervisor reads the installation's tables but may not write them.
    assert client.post("/api/v1/hazard-categories/", {}).status_code == 403
    assert client_for(auditor).get("/api/v1/hazard-substances/").status_code == 403


def test_charts_are_scoped(wc_supervisor: Any, jiangan_enterprise: Any,
                           wuchang_enterprise: Any) -> None:
    page = client_for(wc_supervisor).get("/enterprises/charts/").content.decode()
    assert "武昌区" in page and "江岸区" not in page


def test_members_are_managed_by_supervisors(ja_supervisor: Any, jiangan_enterprise: Any,
                                            owner: Any) -> None:
    from yingji.core.testing import make_user

    client = client_for(ja_supervisor)
    url = f"/api/v1/enterprises/{jiangan_enterprise.pk}/members/"
    assert [m["username"] for m in client.get(url).json()] == ["qy_owner"]
    second = make_user("qy_second", roles=["enterprise"])
    response = client.post(url, {"user": second.pk}, content_type="application/json")
    assert response.status_code == 200
    assert {m["username"] for m in response.json()} == {"qy_owner", "qy_second"}
    assert Enterprise.objects.restrict(second, "view").get() == jiangan_enterprise
    response = client.delete(url, {"user": second.pk}, content_type="application/json")
    assert [m["username"] for m in response.json()] == ["qy_owner"]
    # An enterprise account cannot add members.
    response = client_for(owner).post(url, {"user": second.pk}, content_type="application/json")
    assert response.status_code == 403
