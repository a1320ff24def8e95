"""The audit log through the API: auditors only, read-only, filterable."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from yingji.core.models import AuditLog, User
from yingji.core.testing import TEST_PASSWORD, client_for, make_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit-logs/"


def failed_login(username: str) -> None:
    Client().post(reverse("login"), {"username": username, "password": "Wrong#Passw0rd"})


def test_auditor_reads_and_filters_the_log(auditor: User) -> None:
    make_user("victim")
    failed_login("victim")
    Client().post(reverse("login"), {"username": "victim", "password": TEST_PASSWORD})
    client = client_for(auditor)
    body = client.get(URL).json()
    assert body["count"] >= 2
    row = body["results"][0]
    assert {"chain_index", "time", "actor_label", "action", "action_display", "success",
            "ip", "detail", "hash", "prev_hash"} <= set(row)
    failures = client.get(URL, {"action": "login_failed", "success": "false"}).json()["results"]
    assert failures and all(r["action"] == "login_failed" and not r["success"] for r in failures)
    assert failures[0]["action_display"] == "登录失败"
    logins = client.get(URL, {"action": "login"}).json()["results"]
    assert [r["detail"] for r in logins] == ["用户名密码"]
    newest_first = [r["chain_index"] for r in client.get(URL).json()["results"]]
    assert newest_first == sorted(newest_first, reverse=True)


def test_administrator_cannot_read_the_log(city_admin: User) -> None:
    response = client_for(city_admin).get(URL)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_the_log_cannot_be_written_through_the_api(auditor: User) -> None:
    make_user("victim")
    failed_login("victim")
    entry = AuditLog.objects.latest("chain_index")
    client = client_for(auditor)
    assert client.post(URL, {"detail": "伪造"}).status_code in (403, 405)
    patched = client.patch(f"{URL}{entry.pk}/", '{"detail": "改"}',
                           content_type="application/json")
    assert patched.status_code in (403, 405)
    assert client.delete(f"{URL}{entry.pk}/").status_code in (403, 405)
    entry.refresh_from_db()
    assert entry.detail != "改"
    assert AuditLog.objects.filter(pk=entry.pk).exists()


def test_malformed_time_filter_is_a_chinese_400(auditor: User) -> None:
    response = client_for(auditor).get(URL, {"time_after": "yesterday"})
    assert response.status_code == 400
    message = response.json()["error"]["fields"]["time_after"][0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
