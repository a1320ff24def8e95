"""Stronger accounts (issue 14 item 4): common and organisation passwords refused, the
last five not reused, spraying from one address throttled across accounts, and a lock,
a password change or a reset ends the account's other sessions and revokes its tokens."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from yingji.core.models import ApiToken, AuditLog, User
from yingji.core.services.users import change_password, reset_password
from yingji.core.testing import TEST_PASSWORD, WUHAN, actor_for, make_user, system
from yingji.core.views.account import THROTTLED

pytestmark = pytest.mark.django_db


def _problems(password: str, user: User | None = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


@pytest.mark.parametrize("password", ["Password@123", "Qwerty@123456", "P@ssw0rd!2026", "Iloveyou#1"])
def test_common_passwords_are_refused_even_dressed_up(password: str) -> None:
    assert "密码过于常见，容易被猜中，请换一个" in _problems(password)


@pytest.mark.parametrize("password", ["Yjglj@2026x", "YJGL#secure9", "应急管理Secure#99"])
def test_the_platform_and_organisation_names_are_refused(password: str) -> None:
    assert "密码不能包含本平台或本单位的名称" in _problems(password)


def test_a_strong_password_passes() -> None:
    assert _problems("Tq7#vLm2@pRw") == []


def test_the_last_five_passwords_are_not_reused() -> None:
    user = make_user("hist_user")
    passwords = [TEST_PASSWORD] + [f"Hx{n}#kLm7@qWe" for n in range(6)]
    for old, new in itertools.pairwise(passwords):
        change_password(user, old_password=old, new_password=new, actor=actor_for(user))
    current = passwords[-1]
    for recent in passwords[-5:-1]:
        with pytest.raises(ValidationError) as exc:
            change_password(user, old_password=current, new_password=recent, actor=actor_for(user))
        assert "不能与最近5次使用过的密码相同" in str(exc.value)
    # Six changes ago has dropped out of the history.
    change_password(user, old_password=current, new_password=passwords[0], actor=actor_for(user))
    assert user.password_history.count() == 5


def test_spraying_from_one_address_is_throttled_across_accounts(settings) -> None:
    settings.LOGIN_ADDRESS_MAX_FAILURES = 6
    names = [f"spray{n}" for n in range(3)]
    for name in names:
        make_user(name)
    client = Client(REMOTE_ADDR="198.51.100.23")
    for round_ in range(2):
        for name in names:
            client.post(reverse("login"), {"username": name, "password": f"Guess#{round_}Aa1"})
    # Six failures from the address over three accounts (none of them locked): the right
    # password of a fourth account is refused from there, and that refusal is audited.
    make_user("spray_target")
    response = client.post(reverse("login"), {"username": "spray_target", "password": TEST_PASSWORD})
    assert THROTTLED in response.content.decode() and "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(detail__contains="疑似密码喷洒", ip="198.51.100.23").exists()
    assert not any(User.objects.get(username=n).is_locked() for n in names)
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.50")
    other.post(reverse("login"), {"username": "spray_target", "password": TEST_PASSWORD})
    assert other.session.get("_auth_user_id") is not None


def _signed_in(user: User) -> Client:
    client = Client()
    client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert client.session.get("_auth_user_id") is not None
    return client


def _token(user: User) -> ApiToken:
    from yingji.core.services.tokens import issue_token

    return issue_token(user, name="测试令牌", actor=system())[0]


def test_a_lock_ends_open_sessions_and_revokes_tokens(settings) -> None:
    user = make_user("lock_me", roles=("duty_officer",), scope=WUHAN)
    open_session = _signed_in(user)
    token = _token(user)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        Client().post(reverse("login"), {"username": "lock_me", "password": "Wrong#Pass99"})
    assert User.objects.get(pk=user.pk).is_locked()
    assert open_session.get("/").status_code == 302  # sent to the login page
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditLog.objects.filter(object_id=str(user.pk), detail__startswith="账号锁定：结束").exists()


def test_a_password_change_keeps_this_session_and_ends_the_others() -> None:
    user = make_user("change_me")
    here, elsewhere = _signed_in(user), _signed_in(user)
    response = here.post(reverse("password_change"), {
        "old_password": TEST_PASSWORD, "new_password": "Nw8#tRq2@zLp", "confirm_password": "Nw8#tRq2@zLp"})
    assert response.status_code == 302
    assert here.get(reverse("password_change")).status_code == 200
    assert elsewhere.get(reverse("password_change")).status_code == 302


def test_a_reset_by_the_administrator_ends_every_session(city_admin) -> None:
    user = make_user("reset_me", scope=WUHAN)
    session = _signed_in(user)
    reset_password(user, new_password="Rs5#kLq8@mWp", actor=actor_for(city_admin))
    assert session.get("/").status_code == 302
