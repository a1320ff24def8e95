"""User administration through the API: accounts inside the administrator's scope,
created and edited by the user services with role lists."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from yingji.core.models import AuditLog, User
from yingji.core.models.audit import AuditAction
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, client_for, make_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/users/"
STRONG = "Init#Passw0rd26"


def send(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def new_user(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"username": "zhang_san", "real_name": "张三", "phone": "13800000000",
                            "scope_region": "420102", "roles": ["duty_officer"],
                            "password": STRONG}
    data.update(overrides)
    return data


def test_admin_lists_only_users_in_scope(district_admin: User) -> None:
    make_user("street_duty", scope=JIANGAN_STREET)
    make_user("wuchang_duty", scope=WUCHANG)
    response = client_for(district_admin).get(URL)
    usernames = {row["username"] for row in response.json()["results"]}
    assert "street_duty" in usernames and "jiangan_admin" in usernames
    assert "wuchang_duty" not in usernames
    row = next(r for r in response.json()["results"] if r["username"] == "street_duty")
    assert row["roles"] == ["duty_officer"]
    assert "password" not in row and "totp_secret" not in row


def test_other_districts_user_is_a_404(district_admin: User) -> None:
    other = make_user("wuchang_duty", scope=WUCHANG)
    client = client_for(district_admin)
    assert client.get(f"{URL}{other.pk}/").status_code == 404
    assert send(client, "patch", f"{URL}{other.pk}/", {"real_name": "改"}).status_code == 404
    other.refresh_from_db()
    assert other.real_name == "wuchang_duty"


def test_create_user_with_roles_is_audited(district_admin: User) -> None:
    response = send(client_for(district_admin), "post", URL, new_user())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["roles"] == ["duty_officer"]
    assert body["scope_region"] == JIANGAN and body["scope_region_name"] == "江岸区"
    assert "password" not in body
    user = User.objects.get(username="zhang_san")
    assert user.check_password(STRONG) and user.must_change_password
    entry = AuditLog.objects.filter(action=AuditAction.CREATE,
                                    object_type="core.user").latest("chain_index")
    assert entry.object_id == str(user.pk)
    assert entry.after is not None and entry.after["roles"] == ["duty_officer"]
    assert "password" not in entry.after


def test_weak_initial_password_is_refused_in_chinese(district_admin: User) -> None:
    response = send(client_for(district_admin), "post", URL, new_user(password="123456"))
    assert response.status_code == 400
    messages = response.json()["error"]["fields"]["password"]
    assert "密码长度至少8位" in messages
    assert not User.objects.filter(username="zhang_san").exists()


def test_password_and_roles_are_required_on_creation(district_admin: User) -> None:
    data = new_user()
    del data["password"]
    data["roles"] = []
    response = send(client_for(district_admin), "post", URL, data)
    fields = response.json()["error"]["fields"]
    assert fields["password"] == ["新建用户须设置初始密码"]
    assert fields["roles"] == ["请至少选择一个角色"]


def test_admin_and_auditor_cannot_be_combined(city_admin: User) -> None:
    response = send(client_for(city_admin), "post", URL, new_user(roles=["admin", "auditor"]))
    assert response.status_code == 400
    assert "三权分立" in response.json()["error"]["fields"]["roles"][0]


def test_unknown_role_is_refused(city_admin: User) -> None:
    response = send(client_for(city_admin), "post", URL, new_user(roles=["boss"]))
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["roles"] == ["第1项：“boss” 不是合法选项。"]


def test_scope_cannot_exceed_the_administrators(district_admin: User) -> None:
    client = client_for(district_admin)
    wider = send(client, "post", URL, new_user(scope_region="4201"))
    assert wider.status_code == 400
    assert "scope_region" in wider.json()["error"]["fields"]
    nationwide = send(client, "post", URL, new_user(scope_region=None))
    assert nationwide.status_code == 400
    assert "scope_region" in nationwide.json()["error"]["fields"]
    assert not User.objects.filter(username="zhang_san").exists()


def test_update_roles_and_profile(district_admin: User) -> None:
    user = make_user("li_si", scope=JIANGAN)
    response = send(client_for(district_admin), "patch", f"{URL}{user.pk}/",
                    {"roles": ["supervisor", "inspector"], "real_name": "李四",
                     "username": "renamed", "password": "Ignored#Pass1"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["roles"] == ["inspector", "supervisor"]
    assert body["real_name"] == "李四" and body["username"] == "li_si"
    user.refresh_from_db()
    assert user.check_password("Test@Passw0rd")
    assert AuditLog.objects.filter(action=AuditAction.UPDATE, object_id=str(user.pk)).exists()


def test_admin_cannot_disable_themselves(district_admin: User) -> None:
    response = send(client_for(district_admin), "patch", f"{URL}{district_admin.pk}/",
                    {"is_active": False})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["is_active"] == ["不能停用自己的账号"]


def test_users_are_never_deleted_through_the_api(district_admin: User) -> None:
    user = make_user("keep_me", scope=JIANGAN)
    response = client_for(district_admin).delete(f"{URL}{user.pk}/")
    assert response.status_code in (403, 405)
    assert User.objects.filter(pk=user.pk).exists()


def test_operator_cannot_administer_users(duty_officer: User) -> None:
    client = client_for(duty_officer)
    assert client.get(URL).status_code == 403
    assert send(client, "post", URL, new_user()).status_code == 403


def test_filter_by_role_and_search(district_admin: User) -> None:
    make_user("wang_wu", roles=["supervisor"], real_name="王五")
    make_user("zhao_liu", roles=["inspector"], real_name="赵六")
    client = client_for(district_admin)
    by_role = client.get(URL, {"role": "supervisor"}).json()["results"]
    assert [r["username"] for r in by_role] == ["wang_wu"]
    by_name = client.get(URL, {"q": "赵"}).json()["results"]
    assert [r["username"] for r in by_name] == ["zhao_liu"]
