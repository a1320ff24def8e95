"""行政区划 pages: drill-down from the top of the user's scope, search, detail, the
region picker's autocomplete endpoint — never beyond the scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from yingji.core.models import User
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, client_for, make_user

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client: Any) -> None:
    response = client.get(reverse("region_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_user_without_region_permission_gets_403() -> None:
    public = make_user("resident", roles=["public"])
    assert client_for(public).get(reverse("region_list")).status_code == 403
    assert client_for(public).get(reverse("region_autocomplete")).status_code == 403


def test_list_starts_at_the_children_of_the_scope_region(duty_officer: User) -> None:
    html = client_for(duty_officer).get(reverse("region_list")).content.decode()
    assert "大智街道" in html  # a street of 江岸区
    assert "江岸区" in html and "的下级区划" in html  # breadcrumb
    assert "武昌区" not in html


def test_city_user_starts_at_the_districts(city_admin: User) -> None:
    html = client_for(city_admin).get(reverse("region_list")).content.decode()
    assert "江岸区" in html and "武昌区" in html
    assert "大智街道" not in html


def test_drill_down_to_communities(duty_officer: User) -> None:
    html = client_for(duty_officer).get(reverse("region_list"),
                                        {"parent": JIANGAN_STREET}).content.decode()
    assert "社区" in html
    assert "大智街道" in html  # last breadcrumb


def test_search_never_leaves_the_scope(duty_officer: User, city_admin: User) -> None:
    mine = client_for(duty_officer).get(reverse("region_list"), {"q": "武昌"}).content.decode()
    assert "武昌区" not in mine
    city = client_for(city_admin).get(reverse("region_list"), {"q": "武昌"}).content.decode()
    assert "武昌区" in city


def test_search_by_code_prefix(duty_officer: User) -> None:
    html = client_for(duty_officer).get(reverse("region_list"),
                                        {"q": "420102002"}).content.decode()
    assert "大智街道" in html


def test_detail_inside_scope_shows_children(duty_officer: User) -> None:
    html = client_for(duty_officer).get(reverse("region_detail", args=[JIANGAN])).content.decode()
    assert "区划代码" in html and JIANGAN in html and "下级区划" in html and "大智街道" in html
    # the parent (武汉市) is above the scope: shown, not linked
    assert reverse("region_detail", args=["420100000000"]) not in html


def test_detail_outside_scope_is_404(duty_officer: User) -> None:
    response = client_for(duty_officer).get(reverse("region_detail", args=[WUCHANG]))
    assert response.status_code == 404


def test_export_lists_the_regions_shown(duty_officer: User) -> None:
    import io

    from openpyxl import load_workbook

    response = client_for(duty_officer).get(reverse("region_list"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert rows[0] == ("区划代码", "名称", "层级", "全称")
    assert all(str(row[0]).startswith("420102") for row in rows[1:])
    assert any(row[1] == "大智街道" and row[2] == "乡镇街道" for row in rows[1:])


def test_autocomplete_json_is_scoped(duty_officer: User) -> None:
    client = client_for(duty_officer)
    found = client.get(reverse("region_autocomplete"), {"q": "大智", "format": "json"}).json()
    codes = [r["code"] for r in found["results"]]
    assert codes[0] == JIANGAN_STREET  # the street before its communities
    assert all(code.startswith("420102002") for code in codes)
    assert found["results"][0]["label"].endswith(f"（{JIANGAN_STREET}）")
    outside = client.get(reverse("region_autocomplete"), {"q": "武昌", "format": "json"}).json()
    assert outside["results"] == []


def test_autocomplete_html_options(duty_officer: User) -> None:
    html = client_for(duty_officer).get(reverse("region_autocomplete"),
                                        {"q": "420102"}).content.decode()
    assert f'<option value="{JIANGAN}">' in html
    assert html.count("<option") <= 30
