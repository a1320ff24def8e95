"""API tokens: issued once, stored as a digest, narrowed and read-only by default;
forged, expired and revoked tokens are refused with Chinese 401s and change nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from yingji.core.models import ApiToken, AuditLog, Department, User
from yingji.core.models.audit import AuditAction
from yingji.core.services.tokens import hash_key, issue_token, revoke_token
from yingji.core.testing import (
    JIANGAN,
    JIANGAN_STREET,
    WUCHANG,
    WUHAN,
    actor_for,
    client_for,
    make_department,
    region,
)

pytestmark = pytest.mark.django_db

DEPARTMENTS = "/api/v1/departments/"
TOKENS = "/api/v1/tokens/"


def with_token(key: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def post_json(client: Client, url: str, data: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def names(response: Any) -> set[str]:
    return {row["name"] for row in response.json()["results"]}


@pytest.fixture
def departments() -> None:
    make_department("江岸区应急管理局", region_code=JIANGAN)
    make_department("大智街道办事处", region_code=JIANGAN_STREET)
    make_department("武昌区应急管理局", region_code=WUCHANG)


# --- the service ---------------------------------------------------------------------

def test_issue_stores_only_a_digest_and_is_audited(city_admin: User) -> None:
    token, key = issue_token(city_admin, "监测平台推送", actor=actor_for(city_admin))
    assert key.startswith(f"yj_{token.key_prefix}_")
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert token.read_only is True
    assert token.expires_at is not None
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    entry = AuditLog.objects.filter(object_type="core.apitoken").latest("chain_index")
    assert entry.action == AuditAction.CREATE and "签发接口令牌" in entry.detail
    assert entry.after is not None and "key_hash" not in entry.after
    assert key not in json.dumps(entry.after) and key not in entry.detail


def test_token_region_must_lie_inside_the_owners_scope(district_admin: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        issue_token(district_admin, "越权", region=region(WUCHANG),
                    actor=actor_for(district_admin))
    assert excinfo.value.message_dict["region"] == [
        "令牌限定区划（武昌区）须在账号的数据范围（江岸区）之内"]
    with pytest.raises(ValidationError):
        issue_token(district_admin, "更大", region=region(WUHAN), actor=actor_for(district_admin))
    assert not ApiToken.objects.exists()


def test_name_and_lifetime_are_checked(city_admin: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        issue_token(city_admin, "  ", expires_in_days=0, actor=actor_for(city_admin))
    assert excinfo.value.message_dict == {"name": ["请填写令牌用途"],
                                          "expires_in_days": ["有效期应为1至365天"]}


def test_nobody_else_manages_my_tokens(district_admin: User, duty_officer: User) -> None:
    with pytest.raises(PermissionDenied):
        issue_token(district_admin, "代签", actor=actor_for(duty_officer))
    token, _ = issue_token(district_admin, "自用", actor=actor_for(district_admin))
    with pytest.raises(PermissionDenied):
        revoke_token(token, actor=actor_for(duty_officer))
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_is_audited_once(city_admin: User) -> None:
    token, _ = issue_token(city_admin, "临时", actor=actor_for(city_admin))
    revoke_token(token, actor=actor_for(city_admin))
    first = token.revoked_at
    revoke_token(token, actor=actor_for(city_admin))
    token.refresh_from_db()
    assert token.revoked_at == first
    revokes = AuditLog.objects.filter(action=AuditAction.UPDATE, object_type="core.apitoken")
    assert revokes.count() == 1 and "吊销接口令牌" in revokes.get().detail


# --- using a token -------------------------------------------------------------------

def test_token_narrowed_to_a_district_sees_only_that_district(
    city_admin: User, departments: None
) -> None:
    _, city_key = issue_token(city_admin, "全市", actor=actor_for(city_admin))
    _, district_key = issue_token(city_admin, "江岸", region=region(JIANGAN),
                                  actor=actor_for(city_admin))
    client = Client()
    assert len(names(client.get(DEPARTMENTS, **with_token(city_key)))) == 3
    narrowed = client.get(DEPARTMENTS, **with_token(district_key))
    assert names(narrowed) == {"江岸区应急管理局", "大智街道办事处"}
    other = Department.objects.get(name="武昌区应急管理局")
    assert client.get(f"{DEPARTMENTS}{other.pk}/", **with_token(district_key)).status_code == 404
    me = client.get("/api/v1/me/", **with_token(district_key)).json()
    assert me["scope"]["region"] == {"code": JIANGAN, "name": "江岸区"}
    assert me["token"]["name"] == "江岸" and me["token"]["read_only"] is True


def test_read_only_token_cannot_write(city_admin: User) -> None:
    _, key = issue_token(city_admin, "只读", actor=actor_for(city_admin))
    response = post_json(Client(), DEPARTMENTS,
                         {"name": "新科室", "kind": "office", "region": JIANGAN},
                         **with_token(key))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert not Department.objects.filter(name="新科室").exists()


def test_write_token_writes_only_inside_its_region(city_admin: User) -> None:
    _, key = issue_token(city_admin, "江岸读写", region=region(JIANGAN), read_only=False,
                         actor=actor_for(city_admin))
    client = Client()
    outside = post_json(client, DEPARTMENTS, {"name": "武昌科室", "kind": "office",
                                              "region": WUCHANG}, **with_token(key))
    assert outside.status_code == 400 and "region" in outside.json()["error"]["fields"]
    inside = post_json(client, DEPARTMENTS, {"name": "江岸科室", "kind": "office",
                                             "region": JIANGAN}, **with_token(key))
    assert inside.status_code == 201
    entry = AuditLog.objects.filter(action=AuditAction.CREATE,
                                    object_type="core.department").latest("chain_index")
    assert entry.actor_id == city_admin.pk
    assert not Department.objects.filter(name="武昌科室").exists()


def test_token_use_is_recorded(city_admin: User) -> None:
    token, key = issue_token(city_admin, "监测", actor=actor_for(city_admin))
    assert token.last_used_at is None
    Client().get("/api/v1/me/", **with_token(key))
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(("header", "message"), [
    ("Token yj_deadbeef00_notarealsecret", "令牌无效"),
    ("Token not-even-a-key", "令牌无效"),
    ("Token yj__x", "令牌无效"),
    ("Token a b", "令牌格式错误：应为“Token 令牌值”"),
])
def test_forged_tokens_are_refused(city_admin: User, header: str, message: str) -> None:
    response = post_json(Client(), DEPARTMENTS,
                         {"name": "伪造", "kind": "office", "region": JIANGAN},
                         HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == {"error": {"code": "authentication_failed", "message": message}}
    assert not Department.objects.filter(name="伪造").exists()


def test_right_prefix_wrong_secret_is_refused(city_admin: User) -> None:
    token, key = issue_token(city_admin, "真令牌", read_only=False, actor=actor_for(city_admin))
    forged = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    response = Client().get("/api/v1/me/", **with_token(forged))
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "令牌无效"
    token.refresh_from_db()
    assert token.last_used_at is None


def test_expired_token_is_refused(city_admin: User) -> None:
    token, key = issue_token(city_admin, "过期", read_only=False, actor=actor_for(city_admin))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = post_json(Client(), DEPARTMENTS,
                         {"name": "过期写入", "kind": "office", "region": JIANGAN},
                         **with_token(key))
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "令牌已过期"
    assert not Department.objects.filter(name="过期写入").exists()


def test_revoked_token_is_refused(city_admin: User) -> None:
    token, key = issue_token(city_admin, "吊销", read_only=False, actor=actor_for(city_admin))
    revoke_token(token, actor=actor_for(city_admin))
    response = post_json(Client(), DEPARTMENTS,
                         {"name": "吊销写入", "kind": "office", "region": JIANGAN},
                         **with_token(key))
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "令牌已吊销"
    assert not Department.objects.filter(name="吊销写入").exists()


def test_token_of_a_locked_or_disabled_account_is_refused(city_admin: User) -> None:
    _, key = issue_token(city_admin, "锁定", actor=actor_for(city_admin))
    User.objects.filter(pk=city_admin.pk).update(locked_until=timezone.now() + timedelta(hours=1))
    response = Client().get("/api/v1/me/", **with_token(key))
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "令牌所属账号已停用或锁定"


# --- managing tokens through the API -------------------------------------------------

def test_create_returns_the_key_once_and_lists_the_prefix_only(city_admin: User) -> None:
    client = client_for(city_admin)
    response = post_json(client, TOKENS, {"name": "气象数据接入", "region": "420102",
                                          "expires_in_days": 30})
    assert response.status_code == 201, response.content
    body = response.json()
    key = body["key"]
    assert key.startswith(f"yj_{body['key_prefix']}_")
    assert body["region"] == JIANGAN and body["read_only"] is True
    assert body["status"] == "active"
    listing = client.get(TOKENS).json()
    assert listing["count"] == 1
    row = listing["results"][0]
    assert row["key_prefix"] == body["key_prefix"]
    assert "key" not in row and "key_hash" not in row
    assert key not in json.dumps(listing)
    detail = client.get(f"{TOKENS}{row['id']}/").json()
    assert "key" not in detail
    assert Client().get("/api/v1/me/", **with_token(key)).status_code == 200


def test_create_outside_scope_is_a_field_error(district_admin: User) -> None:
    response = post_json(client_for(district_admin), TOKENS, {"name": "越权", "region": WUCHANG})
    assert response.status_code == 400
    assert "须在账号的数据范围" in response.json()["error"]["fields"]["region"][0]
    assert not ApiToken.objects.exists()


def test_any_user_manages_only_their_own_tokens(duty_officer: User, city_admin: User) -> None:
    theirs, _ = issue_token(city_admin, "别人的", actor=actor_for(city_admin))
    client = client_for(duty_officer)
    mine = post_json(client, TOKENS, {"name": "我的"})
    assert mine.status_code == 201
    assert [row["name"] for row in client.get(TOKENS).json()["results"]] == ["我的"]
    assert client.get(f"{TOKENS}{theirs.pk}/").status_code == 404
    assert client.post(f"{TOKENS}{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_revoke_through_the_api(city_admin: User) -> None:
    token, key = issue_token(city_admin, "待吊销", actor=actor_for(city_admin))
    client = client_for(city_admin)
    response = client.post(f"{TOKENS}{token.pk}/revoke/")
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    assert Client().get("/api/v1/me/", **with_token(key)).status_code == 401
    other, _ = issue_token(city_admin, "删除即吊销", actor=actor_for(city_admin))
    assert client.delete(f"{TOKENS}{other.pk}/").status_code == 204
    other.refresh_from_db()
    assert other.revoked_at is not None  # kept for the record


def test_a_token_cannot_manage_tokens(city_admin: User) -> None:
    _, key = issue_token(city_admin, "读写令牌", read_only=False, actor=actor_for(city_admin))
    client = Client()
    response = post_json(client, TOKENS, {"name": "提权", "read_only": False}, **with_token(key))
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "接口令牌不能用于管理令牌，请登录系统后操作"
    assert client.get(TOKENS, **with_token(key)).status_code == 403
    assert ApiToken.objects.count() == 1


def test_read_only_token_cannot_mark_messages_read(duty_officer: User) -> None:
    from yingji.core.services.notifications import notify
    from yingji.core.testing import system

    note = notify([duty_officer], title="提醒", actor=system())[0]
    _, key = issue_token(duty_officer, "只读", actor=actor_for(duty_officer))
    client = Client()
    assert client.get("/api/v1/notifications/", **with_token(key)).status_code == 200
    response = client.post(f"/api/v1/notifications/{note.pk}/mark-read/", **with_token(key))
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "只读令牌不能修改数据"
    note.refresh_from_db()
    assert note.read_at is None


def test_token_does_not_bypass_the_owners_permissions(duty_officer: User) -> None:
    _, key = issue_token(duty_officer, "值班读写", read_only=False, actor=actor_for(duty_officer))
    response = Client().get("/api/v1/users/", **with_token(key))
    assert response.status_code == 403


def test_form_encoded_request_without_read_only_gets_a_read_only_token(
    city_admin: User,
) -> None:
    response = client_for(city_admin).post(TOKENS, {"name": "表单提交"})
    assert response.status_code == 201
    assert response.json()["read_only"] is True
    assert ApiToken.objects.get(name="表单提交").read_only is True
