"""Departments through the API: the scope decides what exists, writes go through the
services, and every refusal is a Chinese JSON error that changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from yingji.core.models import AuditLog, Department, User
from yingji.core.models.audit import AuditAction
from yingji.core.testing import (
    JIANGAN,
    JIANGAN_STREET,
    WUCHANG,
    client_for,
    make_department,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/departments/"


def patch(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.patch(url, json.dumps(data), content_type="application/json")


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def names(response: Any) -> set[str]:
    return {row["name"] for row in response.json()["results"]}


def test_list_honours_the_scope(district_admin: User, city_admin: User) -> None:
    make_department("江岸区应急管理局", region_code=JIANGAN)
    make_department("大智街道办事处", region_code=JIANGAN_STREET)
    make_department("武昌区应急管理局", region_code=WUCHANG)
    assert names(client_for(district_admin).get(URL)) == {"江岸区应急管理局", "大智街道办事处"}
    assert len(names(client_for(city_admin).get(URL))) == 3


def test_other_districts_department_is_a_404(district_admin: User) -> None:
    other = make_department("武昌区应急管理局", region_code=WUCHANG)
    client = client_for(district_admin)
    missing = client.get(f"{URL}999999/")
    hidden = client.get(f"{URL}{other.pk}/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert hidden.json()["error"]["message"] == "对象不存在或不在您的数据范围内"


def test_cannot_patch_or_delete_another_districts_department(district_admin: User) -> None:
    other = make_department("武昌区应急管理局", region_code=WUCHANG)
    client = client_for(district_admin)
    response = patch(client, f"{URL}{other.pk}/", {"name": "被改名", "region": JIANGAN})
    assert response.status_code == 404
    assert client.delete(f"{URL}{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.name == "武昌区应急管理局" and other.region_id == WUCHANG


def test_cannot_move_a_department_out_of_scope(district_admin: User) -> None:
    mine = make_department("江岸区应急管理局", region_code=JIANGAN)
    audit_before = AuditLog.objects.count()
    response = patch(client_for(district_admin), f"{URL}{mine.pk}/", {"region": WUCHANG})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["region"] == ["所选区划或行业超出您的数据范围"]
    mine.refresh_from_db()
    assert mine.region_id == JIANGAN
    assert AuditLog.objects.count() == audit_before


def test_cannot_create_outside_scope(district_admin: User) -> None:
    response = post(client_for(district_admin), URL,
                    {"name": "武昌某科室", "kind": "office", "region": WUCHANG})
    assert response.status_code == 400
    assert "region" in response.json()["error"]["fields"]
    assert not Department.objects.filter(name="武昌某科室").exists()


def test_create_goes_through_the_service_and_is_audited(district_admin: User) -> None:
    response = post(client_for(district_admin), URL,
                    {"name": "江岸区应急指挥中心", "kind": "office", "region": "420102"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["region"] == JIANGAN and body["region_name"] == "江岸区"
    assert body["kind_display"] == "内设科室"
    entry = AuditLog.objects.filter(action=AuditAction.CREATE,
                                    object_type="core.department").latest("chain_index")
    assert entry.object_id == str(body["id"])
    assert entry.actor_id == district_admin.pk
    assert entry.request_id  # the request's id ties the entry to the access log


def test_update_and_delete_are_audited(district_admin: User) -> None:
    dept = make_department("江岸区应急管理局", region_code=JIANGAN)
    client = client_for(district_admin)
    response = patch(client, f"{URL}{dept.pk}/", {"phone": "027-82345678"})
    assert response.status_code == 200 and response.json()["phone"] == "027-82345678"
    assert AuditLog.objects.filter(action=AuditAction.UPDATE, object_id=str(dept.pk)).exists()
    assert client.delete(f"{URL}{dept.pk}/").status_code == 204
    assert not Department.objects.filter(pk=dept.pk).exists()
    assert AuditLog.objects.filter(action=AuditAction.DELETE, object_id=str(dept.pk)).exists()


def test_deleting_a_referenced_department_is_a_chinese_400(district_admin: User) -> None:
    parent = make_department("江岸区应急管理局", region_code=JIANGAN)
    make_department("办公室", region_code=JIANGAN, parent=parent)
    response = client_for(district_admin).delete(f"{URL}{parent.pk}/")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "该记录仍被其他数据引用，不能删除"
    assert Department.objects.filter(pk=parent.pk).exists()


def test_parent_outside_scope_reads_as_missing(district_admin: User) -> None:
    other = make_department("武昌区应急管理局", region_code=WUCHANG)
    response = post(client_for(district_admin), URL,
                    {"name": "江岸某科室", "kind": "office", "region": JIANGAN,
                     "parent": other.pk})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["parent"] == ["所选对象不存在或不在您的数据范围内"]


def test_validation_errors_are_in_chinese(district_admin: User) -> None:
    client = client_for(district_admin)
    response = post(client, URL, {})
    fields = response.json()["error"]["fields"]
    assert fields["name"] == ["此项为必填项"]
    assert fields["kind"] == ["此项为必填项"]
    assert fields["region"] == ["此项为必填项"]
    response = post(client, URL, {"name": "x" * 101, "kind": "bogus", "region": "42a1",
                                  "sort_order": "many", "is_active": "perhaps"})
    fields = response.json()["error"]["fields"]
    assert "100" in fields["name"][0]
    assert "bogus" in fields["kind"][0] and "合法选项" in fields["kind"][0]
    assert fields["region"] == ["行政区划代码只能包含数字：42a1"]
    assert fields["sort_order"] == ["请填写合法的整数值。"]
    assert "布尔" in fields["is_active"][0]
    for messages in fields.values():
        for message in messages:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message


def test_duplicate_name_in_the_same_region_is_refused(district_admin: User) -> None:
    make_department("江岸区应急管理局", region_code=JIANGAN)
    response = post(client_for(district_admin), URL,
                    {"name": "江岸区应急管理局", "kind": "bureau", "region": JIANGAN})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "已存在所属区划、名称相同的组织机构"
    assert Department.objects.filter(name="江岸区应急管理局").count() == 1


def test_user_without_the_permission_cannot_write(duty_officer: User) -> None:
    dept = make_department("江岸区应急管理局", region_code=JIANGAN)
    client = client_for(duty_officer)
    assert client.get(URL).status_code == 200
    response = post(client, URL, {"name": "新科室", "kind": "office", "region": JIANGAN})
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "您没有执行此操作的权限"
    assert patch(client, f"{URL}{dept.pk}/", {"name": "改"}).status_code == 403
    assert not Department.objects.filter(name="新科室").exists()


def test_pagination_shape(city_admin: User) -> None:
    for i in range(5):
        make_department(f"科室{i}", region_code=JIANGAN, sort_order=i)
    client = client_for(city_admin)
    first = client.get(URL, {"page_size": 2}).json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 5 and len(first["results"]) == 2
    assert first["previous"] is None and "page=2" in first["next"]
    last = client.get(URL, {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 1 and last["next"] is None and last["previous"]
    beyond = client.get(URL, {"page_size": 2, "page": 9})
    assert beyond.status_code == 404
    assert beyond.json()["error"]["message"] == "页码无效"


def test_filters_and_ordering(city_admin: User) -> None:
    make_department("江岸区应急管理局", region_code=JIANGAN, kind="district_bureau")
    make_department("大智街道办事处", region_code=JIANGAN_STREET, kind="street")
    make_department("武昌区应急管理局", region_code=WUCHANG, kind="district_bureau")
    client = client_for(city_admin)
    assert names(client.get(URL, {"kind": "street"})) == {"大智街道办事处"}
    assert names(client.get(URL, {"region": "420102"})) == {"江岸区应急管理局", "大智街道办事处"}
    assert names(client.get(URL, {"q": "武昌"})) == {"武昌区应急管理局"}
    ordered = [r["name"] for r in client.get(URL, {"ordering": "-name"}).json()["results"]]
    assert ordered == sorted(ordered, reverse=True)
    # An ordering outside the whitelist is ignored, not an error.
    assert client.get(URL, {"ordering": "address__secret"}).status_code == 200


def test_malformed_region_filter_is_a_chinese_400(city_admin: User) -> None:
    response = client_for(city_admin).get(URL, {"region": "江岸"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["region"] == ["行政区划代码只能包含数字：江岸"]
