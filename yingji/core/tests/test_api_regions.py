"""Regions through the API: lookup by code (short forms accepted), search, filters,
and Chinese 400s for malformed codes instead of server errors."""

from __future__ import annotations

import pytest

from yingji.core.models import User
from yingji.core.testing import JIANGAN, client_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/regions/"


@pytest.mark.parametrize("code", ["420102000000", "420102"])
def test_lookup_by_full_or_short_code(duty_officer: User, code: str) -> None:
    response = client_for(duty_officer).get(f"{URL}{code}/")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == JIANGAN and body["name"] == "江岸区"
    assert body["level"] == 3 and body["level_display"] == "区县级"
    assert body["parent"] == "420100000000"


@pytest.mark.parametrize(("code", "message"), [
    ("abc", "行政区划代码只能包含数字：abc"),
    ("4201021", "行政区划代码应为2、4、6、9或12位数字，收到7位：4201021"),
    ("000000", "行政区划代码的省级部分无效：000000"),
])
def test_malformed_code_is_a_chinese_400(duty_officer: User, code: str, message: str) -> None:
    response = client_for(duty_officer).get(f"{URL}{code}/")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["code"] == [message]


def test_unknown_code_is_a_404(duty_officer: User) -> None:
    response = client_for(duty_officer).get(f"{URL}429999/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_search_by_code_prefix_and_by_name(duty_officer: User) -> None:
    client = client_for(duty_officer)
    by_code = client.get(URL, {"q": "420102", "page_size": "500"}).json()
    assert by_code["count"] > 1
    assert all(r["code"].startswith("420102") for r in by_code["results"])
    by_name = client.get(URL, {"q": "江岸"}).json()["results"]
    assert "420102000000" in {r["code"] for r in by_name}


def test_level_parent_and_within_filters(duty_officer: User) -> None:
    client = client_for(duty_officer)
    districts = client.get(URL, {"parent": "4201", "level": "3", "page_size": "100"}).json()
    names = {r["name"] for r in districts["results"]}
    assert {"江岸区", "武昌区", "洪山区"} <= names
    assert all(r["level"] == 3 for r in districts["results"])
    streets = client.get(URL, {"within": "420102", "level": "4", "page_size": "100"}).json()
    assert streets["count"] > 0
    assert all(r["code"].startswith("420102") for r in streets["results"])


@pytest.mark.parametrize("name", ["parent", "within"])
def test_malformed_filter_code_is_a_chinese_400(duty_officer: User, name: str) -> None:
    response = client_for(duty_officer).get(URL, {name: "江岸区"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"][name] == ["行政区划代码只能包含数字：江岸区"]


def test_invalid_level_is_a_chinese_400(duty_officer: User) -> None:
    response = client_for(duty_officer).get(URL, {"level": "9"})
    assert response.status_code == 400
    message = response.json()["error"]["fields"]["level"][0]
    assert "选择" in message or "选项" in message


def test_regions_are_read_only(city_admin: User) -> None:
    response = client_for(city_admin).post(URL, {"code": "420199", "name": "新区"})
    assert response.status_code in (403, 405)
    assert "error" in response.json()


def test_public_role_without_the_permission_sees_nothing() -> None:
    from yingji.core.testing import make_user

    resident = make_user("resident", roles=["public"])
    assert client_for(resident).get(URL).status_code == 403
