"""Pages: list, file, edit, export, map, charts — scope, permissions and query counts."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from yingji.core.testing import client_for, make_user, system
from yingji.enterprises import services
from yingji.enterprises.models import Enterprise
from yingji.enterprises.tests.factories import credit_code, make_enterprise, street

pytestmark = pytest.mark.django_db


def test_anonymous_goes_to_login(client: Any) -> None:
    response = client.get("/enterprises/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_user_without_permission_gets_403(auditor: Any) -> None:
    assert client_for(auditor).get("/enterprises/").status_code == 403
    assert client_for(auditor).get("/enterprises/map.geojson").status_code == 403


def test_list_shows_only_rows_in_scope(ja_supervisor: Any, jiangan_enterprise: Any,
                                       wuchang_enterprise: Any) -> None:
    page = client_for(ja_supervisor).get("/enterprises/").content.decode()
    assert jiangan_enterprise.name in page
    assert wuchang_enterprise.name not in page


def test_list_filters_by_colour_and_grade(ja_supervisor: Any, jiangan_enterprise: Any) -> None:
    client = client_for(ja_supervisor)
    # 3×6×15 = 270 → 橙; the unit is 三级 → 黄; the enterprise rolls up to 橙.
    assert jiangan_enterprise.name in client.get("/enterprises/?risk_colour=orange").content.decode()
    assert jiangan_enterprise.name not in client.get("/enterprises/?risk_colour=red").content.decode()
    assert jiangan_enterprise.name in client.get("/enterprises/?major_hazard_grade=3").content.decode()
    assert jiangan_enterprise.name not in client.get(
        "/enterprises/?major_hazard_grade=none").content.decode()


def test_detail_shows_the_calculation(ja_supervisor: Any, jiangan_enterprise: Any) -> None:
    page = client_for(ja_supervisor).get(f"/enterprises/{jiangan_enterprise.pk}/").content.decode()
    assert "S = Σq/Q = <strong>7.0000</strong>" in page
    assert "R = α·Σβq/Q = <strong>44.00</strong>" in page
    assert "三级" in page and "液氯装卸区" in page


def test_out_of_scope_detail_edit_and_export_are_404_or_absent(
        wc_supervisor: Any, jiangan_enterprise: Any, wuchang_enterprise: Any) -> None:
    client = client_for(wc_supervisor)
    assert client.get(f"/enterprises/{jiangan_enterprise.pk}/").status_code == 404
    assert client.get(f"/enterprises/{jiangan_enterprise.pk}/edit/").status_code == 404
    assert client.post(f"/enterprises/{jiangan_enterprise.pk}/delete/").status_code == 404
    unit = jiangan_enterprise.major_hazards.get().units.get()
    assert client.get(f"/major-hazard-units/{unit.pk}/edit/").status_code == 404
    response = client.get("/enterprises/?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [wuchang_enterprise.name]
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    address_at = header.index("地址")
    assert next(sheet.iter_rows(min_row=2, values_only=True))[address_at] == wuchang_enterprise.address
    assert "<th" in (page := client.get("/enterprises/").content.decode()) and ">地址<" not in page
    geo = client.get("/enterprises/map.geojson").json()
    assert [f["properties"]["name"] for f in geo["features"]] == [wuchang_enterprise.name]


def test_enterprise_user_sees_and_edits_only_their_own(owner: Any, jiangan_enterprise: Any) -> None:
    other = make_enterprise(5)  # same street, not theirs
    client = client_for(owner)
    # The registry list is their file (issue 13 item 7: an interface of its own).
    page = client.get("/enterprises/", follow=True).content.decode()
    assert jiangan_enterprise.name in page and other.name not in page
    assert client.get(f"/enterprises/{other.pk}/").status_code == 404
    assert client.get(f"/enterprises/{other.pk}/edit/").status_code == 404
    form = client.get(f"/enterprises/{jiangan_enterprise.pk}/edit/")
    assert form.status_code == 200
    data = {k: v for k, v in _form_values(jiangan_enterprise).items()}
    data["employee_count"] = "321"
    response = client.post(f"/enterprises/{jiangan_enterprise.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    jiangan_enterprise.refresh_from_db()
    assert jiangan_enterprise.employee_count == 321


def _form_values(e: Enterprise) -> dict[str, Any]:
    return {"name": e.name, "credit_code": e.credit_code, "industry": e.industry,
            "region": e.region_id, "address": e.address, "longitude": e.longitude,
            "latitude": e.latitude, "employee_count": e.employee_count,
            "standardisation_level": e.standardisation_level,
            "insurance_status": e.insurance_status, "status": e.status}


def test_create_page_shows_chinese_errors_and_saves_nothing(ja_supervisor: Any) -> None:
    data = {"name": "坏数据企业", "credit_code": "91420102000000001X", "industry": "hazchem",
            "region": street().code, "address": "某路", "longitude": "116.4", "latitude": "39.9",
            "employee_count": "10", "standardisation_level": "none",
            "insurance_status": "insured", "status": "operating"}
    response = client_for(ja_supervisor).post("/enterprises/add/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "校验位不正确" in page
    assert not Enterprise.objects.exists()
    data["credit_code"] = credit_code(11)
    page = client_for(ja_supervisor).post("/enterprises/add/", data).content.decode()
    assert "不在所属区划内" in page
    assert not Enterprise.objects.exists()


def test_list_query_count_does_not_grow_with_rows(
        ja_supervisor: Any, django_assert_max_num_queries: Any) -> None:
    make_enterprise(1)
    client = client_for(ja_supervisor)
    with django_assert_max_num_queries(16) as few:
        client.get("/enterprises/")
    for n in range(2, 12):
        make_enterprise(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/enterprises/")


def test_map_and_charts(ja_supervisor: Any, jiangan_enterprise: Any) -> None:
    client = client_for(ja_supervisor)
    page = client.get("/enterprises/map/?industry=hazchem").content.decode()
    assert "enterprise-map" in page and "/enterprises/map.geojson?industry=hazchem" in page
    geo = client.get("/enterprises/map.geojson?risk_colour=orange").json()
    assert geo["features"][0]["properties"]["colour"] == "orange"
    assert client.get("/enterprises/map.geojson?risk_colour=red").json()["features"] == []
    charts = client.get("/enterprises/charts/").content.decode()
    assert "江岸区" in charts and "危险化学品" in charts


def test_licence_expiry_on_workbench(ja_supervisor: Any, jiangan_enterprise: Any,
                                     wc_supervisor: Any) -> None:
    services.create_licence({"enterprise": jiangan_enterprise, "kind": "safety_production",
                             "number": "(鄂)WH安许证字[2024]0001",
                             "expires_on": timezone.localdate() + timedelta(days=10)},
                            actor=system())
    page = client_for(ja_supervisor).get("/").content.decode()
    assert "许可证到期提醒" in page and "1个许可证已过期或30天内到期" in page
    assert "许可证到期提醒" not in client_for(wc_supervisor).get("/").content.decode()


def test_child_pages_add_and_redirect_to_the_file(ja_supervisor: Any,
                                                  jiangan_enterprise: Any) -> None:
    client = client_for(ja_supervisor)
    form = client.get(f"/risk-points/add/?enterprise={jiangan_enterprise.pk}")
    assert form.status_code == 200
    response = client.post("/risk-points/add/", {
        "enterprise": jiangan_enterprise.pk, "name": "反应釜", "method": "ls",
        "ls_l": "5", "ls_s": "5"})
    assert response.status_code == 302
    assert response["Location"] == f"/enterprises/{jiangan_enterprise.pk}/"
    jiangan_enterprise.refresh_from_db()
    assert jiangan_enterprise.risk_colour == "red"


def test_inspector_may_view_but_not_add(jiangan_enterprise: Any) -> None:
    inspector = make_user("ja_insp", roles=["inspector"])
    client = client_for(inspector)
    assert client.get(f"/enterprises/{jiangan_enterprise.pk}/").status_code == 200
    assert client.get("/enterprises/add/").status_code == 403


def test_geojson_is_valid_json_for_awkward_names(ja_supervisor: Any) -> None:
    make_enterprise(9, name='武汉"引号"\\反斜杠化工有限公司')
    data = client_for(ja_supervisor).get("/enterprises/map.geojson").json()
    feature = data["features"][0]
    assert feature["properties"]["name"] == '武汉"引号"\\反斜杠化工有限公司'
    assert feature["geometry"]["coordinates"] == [114.3, 30.6]
    assert feature["properties"]["grade"] is None and data["truncated"] is False
