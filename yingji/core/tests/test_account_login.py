"""Signing in: one step with a password, two with TOTP; failures counted, audited and
locking the account; the same message for unknown accounts and wrong passwords."""

from __future__ import annotations

import time
from typing import Any
from zoneinfo import ZoneInfo

import pyotp
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from yingji.core.models import AuditLog, User
from yingji.core.models.audit import AuditAction
from yingji.core.testing import TEST_PASSWORD, WUHAN, make_user
from yingji.core.views.account import PENDING_KEY, refusal_message

pytestmark = pytest.mark.django_db


def post_login(client: Client, username: str, password: str = TEST_PASSWORD,
               next_url: str = "") -> Any:
    return client.post(reverse("login"),
                       {"username": username, "password": password, "next": next_url})


def signed_in_as(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def secret_of(user: User) -> str:
    """The TOTP secret ``make_user`` enrolled for ``user``."""
    return str(user.test_totp_secret)


def wrong_code(secret: str) -> str:
    """A well-formed code that is not valid now (a step far in the future)."""
    return pyotp.TOTP(secret).at(time.time() + 3600)


def test_login_page_renders_in_chinese_with_csrf_token() -> None:
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "账号登录" in html and "用户名" in html and "密码" in html
    assert "csrfmiddlewaretoken" in html


def test_password_login_succeeds_and_is_audited() -> None:
    user = make_user("duty1", roles=["duty_officer"])
    client = Client()
    response = post_login(client, "duty1")
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench")
    assert signed_in_as(client) == user.pk
    assert "last_activity" in client.session
    entry = AuditLog.objects.filter(action=AuditAction.LOGIN).latest("chain_index")
    assert entry.success is True
    assert entry.actor_id == user.pk
    assert entry.object_id == str(user.pk)
    assert entry.detail == "用户名密码"
    user.refresh_from_db()
    assert user.last_login is not None


def test_wrong_password_is_refused_counted_and_audited() -> None:
    user = make_user("duty2", roles=["duty_officer"])
    client = Client()
    response = post_login(client, "duty2", "Wrong@Passw0rd")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert signed_in_as(client) is None
    user.refresh_from_db()
    assert user.failed_login_count == 1
    entry = AuditLog.objects.filter(action=AuditAction.LOGIN_FAILED).latest("chain_index")
    assert entry.success is False
    assert entry.object_id == str(user.pk)
    assert "密码错误" in entry.detail


def test_unknown_username_gets_the_same_message_as_a_wrong_password() -> None:
    make_user("duty3", roles=["duty_officer"])
    wrong_password = post_login(Client(), "duty3", "Wrong@Passw0rd").content.decode()
    unknown_user = post_login(Client(), "nobody_here", "Wrong@Passw0rd").content.decode()
    assert "用户名或密码错误" in unknown_user
    assert "不存在" not in unknown_user

    def alert(html: str) -> str:
        start = html.index('data-testid="form-error"')
        return html[start:html.index("</div></div>", start)]

    assert alert(wrong_password) == alert(unknown_user)
    entry = AuditLog.objects.filter(action=AuditAction.LOGIN_FAILED).latest("chain_index")
    assert entry.success is False
    assert entry.actor_label == "nobody_here(未登录)"


def test_account_locks_after_max_failures_with_the_end_time() -> None:
    assert settings.LOGIN_MAX_FAILURES == 5
    user = make_user("duty4", roles=["duty_officer"])
    client = Client()
    for _ in range(4):
        response = post_login(client, "duty4", "Wrong@Passw0rd")
        assert "用户名或密码错误" in response.content.decode()
    response = post_login(client, "duty4", "Wrong@Passw0rd")
    html = response.content.decode()
    user.refresh_from_db()
    assert user.is_locked()
    # The page says what it says to an unknown name: it does not tell that duty4 exists.
    assert refusal_message() in html and "已被锁定" not in html
    assert refusal_message() in post_login(Client(), "nobody-at-all", "Wrong@Passw0rd").content.decode()
    assert user.locked_until is not None
    until = user.locked_until.astimezone(ZoneInfo("Asia/Shanghai"))
    assert until.strftime("%Y-%m-%d %H:%M") not in html
    failures = AuditLog.objects.filter(action=AuditAction.LOGIN_FAILED, object_id=str(user.pk))
    assert failures.count() == 5
    assert not failures.filter(success=True).exists()
    assert AuditLog.objects.filter(action=AuditAction.LOCKED, object_id=str(user.pk)).exists()


def test_locked_account_cannot_log_in_even_with_the_right_password() -> None:
    user = make_user("duty5", roles=["duty_officer"])
    for _ in range(5):
        post_login(Client(), "duty5", "Wrong@Passw0rd")
    client = Client()
    response = post_login(client, "duty5", TEST_PASSWORD)
    assert response.status_code == 200
    assert refusal_message() in response.content.decode()
    assert signed_in_as(client) is None
    assert not AuditLog.objects.filter(action=AuditAction.LOGIN, object_id=str(user.pk)).exists()
    last = AuditLog.objects.filter(object_id=str(user.pk)).latest("chain_index")
    assert last.action == AuditAction.LOGIN_FAILED and "锁定期间" in last.detail


def test_inactive_account_cannot_log_in() -> None:
    make_user("gone", roles=["duty_officer"], is_active=False)
    client = Client()
    response = post_login(client, "gone")
    assert "账号已停用" in response.content.decode()
    assert signed_in_as(client) is None


def test_empty_form_gets_chinese_field_errors() -> None:
    response = Client().post(reverse("login"), {"username": "", "password": ""})
    html = response.content.decode()
    assert "这个字段是必填项" in html or "必填" in html
    assert "is-invalid" in html


# --- second factor -------------------------------------------------------------------

def test_totp_user_must_pass_the_second_step_before_the_session_exists() -> None:
    admin = make_user("admin1", roles=["admin"], scope=WUHAN)
    client = Client()
    response = post_login(client, "admin1")
    assert response.status_code == 302
    assert response["Location"] == reverse("login_2fa")
    assert signed_in_as(client) is None
    assert client.get("/api/v1/me/").status_code == 401
    page = client.get(reverse("login_2fa"))
    assert page.status_code == 200
    assert "动态验证码" in page.content.decode()
    code = pyotp.TOTP(secret_of(admin)).now()
    response = client.post(reverse("login_2fa"), {"code": code})
    assert response.status_code == 302
    assert signed_in_as(client) == admin.pk
    assert PENDING_KEY not in client.session
    entry = AuditLog.objects.filter(action=AuditAction.LOGIN).latest("chain_index")
    assert entry.actor_id == admin.pk and entry.detail == "用户名密码+动态验证码"


def test_wrong_totp_code_is_refused_and_counted() -> None:
    admin = make_user("admin2", roles=["admin"], scope=WUHAN)
    client = Client()
    post_login(client, "admin2")
    response = client.post(reverse("login_2fa"), {"code": wrong_code(secret_of(admin))})
    assert response.status_code == 200
    assert "动态验证码错误" in response.content.decode()
    assert signed_in_as(client) is None
    admin.refresh_from_db()
    assert admin.failed_login_count == 1
    entry = AuditLog.objects.filter(action=AuditAction.LOGIN_FAILED).latest("chain_index")
    assert entry.success is False and "动态验证码错误" in entry.detail


def test_malformed_totp_code_gets_a_chinese_message() -> None:
    make_user("admin2b", roles=["admin"], scope=WUHAN)
    client = Client()
    post_login(client, "admin2b")
    response = client.post(reverse("login_2fa"), {"code": "12ab"})
    assert "请输入6位数字动态验证码" in response.content.decode()
    assert signed_in_as(client) is None


def test_five_wrong_totp_codes_lock_the_account() -> None:
    admin = make_user("admin3", roles=["admin"], scope=WUHAN)
    client = Client()
    post_login(client, "admin3")
    for _ in range(4):
        client.post(reverse("login_2fa"), {"code": wrong_code(secret_of(admin))})
    response = client.post(reverse("login_2fa"), {"code": wrong_code(secret_of(admin))},
                           follow=True)
    assert "已被锁定" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_locked()
    # Even the right code now leads nowhere: the pending login is gone.
    code = pyotp.TOTP(secret_of(admin)).now()
    response = client.post(reverse("login_2fa"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert signed_in_as(client) is None


def test_replayed_totp_code_is_refused() -> None:
    admin = make_user("admin4", roles=["admin"], scope=WUHAN)
    code = pyotp.TOTP(secret_of(admin)).now()
    first = Client()
    post_login(first, "admin4")
    first.post(reverse("login_2fa"), {"code": code})
    assert signed_in_as(first) == admin.pk
    second = Client()
    post_login(second, "admin4")
    response = second.post(reverse("login_2fa"), {"code": code})
    assert response.status_code == 200
    assert signed_in_as(second) is None
    admin.refresh_from_db()
    assert admin.failed_login_count == 1


def test_pending_second_step_expires_after_five_minutes() -> None:
    admin = make_user("admin5", roles=["admin"], scope=WUHAN)
    client = Client()
    post_login(client, "admin5")
    session = client.session
    pending = session[PENDING_KEY]
    pending["started"] = time.time() - 5 * 60 - 1
    session[PENDING_KEY] = pending
    session.save()
    code = pyotp.TOTP(secret_of(admin)).now()
    response = client.post(reverse("login_2fa"), {"code": code}, follow=True)
    assert signed_in_as(client) is None
    assert "超时" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("login")


def test_second_step_without_a_first_step_goes_back_to_login() -> None:
    response = Client().get(reverse("login_2fa"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_successful_login_resets_the_failure_count() -> None:
    user = make_user("duty6", roles=["duty_officer"])
    post_login(Client(), "duty6", "Wrong@Passw0rd")
    post_login(Client(), "duty6")
    user.refresh_from_db()
    assert user.failed_login_count == 0


# --- redirects -----------------------------------------------------------------------

@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x",
                                    "javascript:alert(1)", "http://testserver.evil/"])
def test_login_never_redirects_off_site(target: str) -> None:
    make_user("duty7", roles=["duty_officer"])
    response = post_login(Client(), "duty7", next_url=target)
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench")


def test_login_follows_a_local_next() -> None:
    make_user("duty8", roles=["duty_officer"])
    response = post_login(Client(), "duty8", next_url="/account/password/?x=1")
    assert response["Location"] == "/account/password/?x=1"


def test_next_survives_the_second_step() -> None:
    admin = make_user("admin6", roles=["admin"], scope=WUHAN)
    client = Client()
    post_login(client, "admin6", next_url="/api/docs/")
    response = client.post(reverse("login_2fa"),
                           {"code": pyotp.TOTP(secret_of(admin)).now()})
    assert response["Location"] == "/api/docs/"


def test_signed_in_user_visiting_login_is_sent_on() -> None:
    user = make_user("duty9", roles=["duty_officer"])
    client = Client()
    client.force_login(user)
    response = client.get(reverse("login"))
    assert response.status_code == 302


def test_user_model_is_untouched_by_unknown_logins() -> None:
    before = User.objects.count()
    post_login(Client(), "ghost", "x")
    assert User.objects.count() == before
