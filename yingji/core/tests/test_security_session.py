"""Session security: idle timeout, CSRF on every form, POST-only logout, security
headers, no inline script on the account pages."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from yingji.core.models import AuditLog, User
from yingji.core.models.audit import AuditAction
from yingji.core.testing import TEST_PASSWORD, make_user

pytestmark = pytest.mark.django_db


def login(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def go_idle(client: Client, minutes: int) -> None:
    session = client.session
    session["last_activity"] = time.time() - minutes * 60
    session.save()


def test_idle_session_is_logged_out_with_a_chinese_message() -> None:
    user = make_user("idle1")
    client = login("idle1")
    go_idle(client, settings.IDLE_TIMEOUT_MINUTES + 1)
    response = client.get(reverse("password_change"), follow=True)
    assert "_auth_user_id" not in client.session
    first_hop = response.redirect_chain[0][0]
    assert first_hop.startswith(reverse("login"))
    html = response.content.decode()
    assert f"您已超过{settings.IDLE_TIMEOUT_MINUTES}分钟未操作，会话已超时，请重新登录" in html
    entry = AuditLog.objects.filter(action=AuditAction.LOGOUT).latest("chain_index")
    assert entry.object_id == str(user.pk) and entry.detail == "会话超时自动退出"


def test_idle_api_session_gets_a_json_401() -> None:
    make_user("idle2")
    client = login("idle2")
    go_idle(client, settings.IDLE_TIMEOUT_MINUTES + 1)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    body = response.json()
    assert body["error"]["code"] == "session_expired"
    assert "会话已超时" in body["error"]["message"]


def test_activity_within_the_limit_keeps_the_session() -> None:
    make_user("idle3")
    client = login("idle3")
    go_idle(client, settings.IDLE_TIMEOUT_MINUTES - 1)
    assert client.get(reverse("password_change")).status_code == 200
    assert "_auth_user_id" in client.session
    assert time.time() - client.session["last_activity"] < 5


def test_login_enforces_csrf() -> None:
    make_user("csrf1")
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "csrf1", "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert "页面已过期或来源校验失败" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not AuditLog.objects.filter(action=AuditAction.LOGIN).exists()


def test_login_with_the_csrf_token_works() -> None:
    make_user("csrf2")
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("login")).content.decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match is not None
    response = client.post(reverse("login"), {
        "username": "csrf2", "password": TEST_PASSWORD, "csrfmiddlewaretoken": match.group(1),
    })
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("url_name", ["password_change", "totp_setup", "logout"])
def test_account_forms_enforce_csrf(url_name: str) -> None:
    user = make_user(f"csrf_{url_name}")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse(url_name), {"old_password": TEST_PASSWORD,
                                               "new_password": "Brand#New2026x",
                                               "confirm_password": "Brand#New2026x",
                                               "code": "123456"})
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
    assert "_auth_user_id" in client.session


def test_logout_is_post_only_and_audited() -> None:
    user = make_user("bye")
    client = login("bye")
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("logout"), follow=True)
    assert "_auth_user_id" not in client.session
    assert "您已安全退出" in response.content.decode()
    entry = AuditLog.objects.filter(action=AuditAction.LOGOUT).latest("chain_index")
    assert entry.actor_id == user.pk and entry.detail == "主动退出"


def test_session_is_renewed_at_login() -> None:
    make_user("fixation")
    client = Client()
    client.get(reverse("login"))
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    client.post(reverse("login"), {"username": "fixation", "password": TEST_PASSWORD})
    assert client.session.session_key != before


@pytest.mark.parametrize("path", ["/login/", "/api/v1/me/", "/account/password/"])
def test_security_headers_are_present(path: str) -> None:
    response = Client().get(path)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store" or "no-cache" in response["Cache-Control"]


def test_account_pages_have_no_inline_script() -> None:
    user = User.objects.get(pk=make_user("inline").pk)
    User.objects.filter(pk=user.pk).update(totp_enabled=False, totp_secret="")
    anonymous = Client()
    signed_in = Client()
    signed_in.force_login(user)
    pages = [anonymous.get(reverse("login")), signed_in.get(reverse("password_change")),
             signed_in.get(reverse("totp_setup"))]
    for response in pages:
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, tag
        assert re.search(r"\son[a-z]+=", html) is None  # no inline event handlers
