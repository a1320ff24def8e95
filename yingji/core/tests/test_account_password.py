"""Password change: old, new and confirmation, with Chinese messages; expired and
temporary passwords force the change before anything else."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yingji.core.models import AuditLog, User
from yingji.core.models.audit import AuditAction
from yingji.core.testing import TEST_PASSWORD, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Brand#New2026x"


def change(client: Client, old: str = TEST_PASSWORD, new: str = NEW_PASSWORD,
           confirm: str | None = None, next_url: str = "") -> Any:
    return client.post(reverse("password_change"), {
        "old_password": old, "new_password": new,
        "confirm_password": new if confirm is None else confirm, "next": next_url,
    })


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_password_change_page_requires_login() -> None:
    response = Client().get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_password_change_succeeds_keeps_the_session_and_is_audited() -> None:
    user = make_user("pw1")
    client = signed_in(user)
    response = change(client)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.must_change_password
    assert user.password_changed_at is not None
    assert timezone.now() - user.password_changed_at < timedelta(minutes=1)
    # The session survives the change (its auth hash was updated).
    assert client.get(reverse("password_change")).status_code == 200
    entry = AuditLog.objects.filter(action=AuditAction.SECURITY, detail="修改密码").latest("chain_index")
    assert entry.object_id == str(user.pk)


def test_wrong_old_password_is_refused_in_chinese() -> None:
    user = make_user("pw2")
    response = change(signed_in(user), old="Not@MyPassw0rd")
    assert response.status_code == 200
    assert "原密码不正确" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
    assert user.failed_login_count == 1


def test_guessing_the_old_password_locks_and_signs_out() -> None:
    user = make_user("pw2b")
    client = signed_in(user)
    for _ in range(4):
        change(client, old="Not@MyPassw0rd")
    response = change(client, old="Not@MyPassw0rd")
    assert response.status_code == 302 and response["Location"] == reverse("login")
    user.refresh_from_db()
    assert user.is_locked()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("new", "message"), [
    ("short1A", "密码长度至少8位"),
    ("alllowercase", "至少3类"),
    ("pw3xx@Abc123", "密码不能包含用户名"),
])
def test_weak_new_password_gets_the_validator_message(new: str, message: str) -> None:
    user = make_user("pw3xx")
    response = change(signed_in(user), new=new)
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_confirmation_must_match() -> None:
    user = make_user("pw4")
    response = change(signed_in(user), confirm="Other#Pass2026")
    assert "两次输入的新密码不一致" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_same_password_is_refused() -> None:
    user = make_user("pw5")
    response = change(signed_in(user), new=TEST_PASSWORD)
    assert "新密码不能与原密码相同" in response.content.decode()


def test_expired_password_forces_the_change_page() -> None:
    user = make_user("pw6")
    User.objects.filter(pk=user.pk).update(
        password_changed_at=timezone.now() - timedelta(days=91))
    client = Client()
    response = client.post(reverse("login"), {"username": "pw6", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("password_change"))
    # Every other page sends the user back here until the password is changed.
    response = client.get(reverse("workbench"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    page = client.get(reverse("password_change"))
    assert "密码已超过90天未修改" in page.content.decode()
    assert change(client).status_code == 302
    after = client.get(reverse("workbench"))
    assert after.get("Location", "") != reverse("password_change")


def test_temporary_password_must_be_changed_at_first_login() -> None:
    make_user("pw7", must_change_password=True)
    client = Client()
    response = client.post(reverse("login"), {"username": "pw7", "password": TEST_PASSWORD,
                                              "next": "/api/docs/"})
    assert response["Location"] == f"{reverse('password_change')}?next=%2Fapi%2Fdocs%2F"
    page = client.get(response["Location"])
    assert "首次登录或密码已被管理员重置" in page.content.decode()
    response = change(client, next_url="/api/docs/")
    assert response["Location"] == "/api/docs/"


def test_password_change_form_carries_a_csrf_token() -> None:
    user = make_user("pw8")
    html = signed_in(user).get(reverse("password_change")).content.decode()
    assert "csrfmiddlewaretoken" in html
    assert "密码至少8位" in html  # the validators' help text
