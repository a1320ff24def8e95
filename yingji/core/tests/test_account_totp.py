"""Second-factor enrolment: roles that require TOTP are forced to the setup page,
which shows a QR code and the secret and is confirmed with a code."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from yingji.core.models import AuditLog, User
from yingji.core.models.audit import AuditAction
from yingji.core.services.users import totp_secret_of
from yingji.core.testing import TEST_PASSWORD, WUHAN, make_user

pytestmark = pytest.mark.django_db


def admin_without_totp(username: str = "new_admin") -> User:
    user = make_user(username, roles=["admin"], scope=WUHAN)
    User.objects.filter(pk=user.pk).update(totp_enabled=False, totp_secret="", totp_last_step=0)
    user.refresh_from_db()
    return user


def test_admin_without_totp_is_forced_to_setup_after_login() -> None:
    admin_without_totp()
    client = Client()
    response = client.post(reverse("login"), {"username": "new_admin", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("totp_setup"))
    # No other page is reachable until the factor is enrolled.
    response = client.get(reverse("workbench"))
    assert response.status_code == 302 and response["Location"] == reverse("totp_setup")


def test_setup_page_shows_a_qr_code_and_the_secret() -> None:
    user = admin_without_totp()
    client = Client()
    client.force_login(user)
    response = client.get(reverse("totp_setup"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'src="data:image/svg+xml' in html
    user.refresh_from_db()
    secret = totp_secret_of(user)
    assert len(secret) >= 16
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    assert grouped in html
    assert "按照安全管理要求" in html
    assert not user.totp_enabled
    # Reloading keeps the same secret (the QR code already scanned stays valid).
    client.get(reverse("totp_setup"))
    user.refresh_from_db()
    assert totp_secret_of(user) == secret


def test_confirming_with_a_code_enables_totp_and_is_audited() -> None:
    user = admin_without_totp()
    client = Client()
    client.force_login(user)
    client.get(reverse("totp_setup"))
    user.refresh_from_db()
    code = pyotp.TOTP(totp_secret_of(user)).now()
    response = client.post(reverse("totp_setup"), {"code": code})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.totp_enabled
    entry = AuditLog.objects.filter(action=AuditAction.SECURITY).latest("chain_index")
    assert entry.detail == "启用双因子认证" and entry.object_id == str(user.pk)
    response = client.get(reverse("workbench"))
    assert response.get("Location", "") != reverse("totp_setup")


def test_wrong_confirmation_code_keeps_totp_off() -> None:
    user = admin_without_totp()
    client = Client()
    client.force_login(user)
    client.get(reverse("totp_setup"))
    user.refresh_from_db()
    wrong = pyotp.TOTP(totp_secret_of(user)).at(time.time() + 3600)
    response = client.post(reverse("totp_setup"), {"code": wrong})
    assert response.status_code == 200
    assert "动态验证码不正确" in response.content.decode()
    user.refresh_from_db()
    assert not user.totp_enabled


def test_enrolled_user_sees_status_and_cannot_silently_replace_the_factor() -> None:
    user = make_user("enrolled_admin", roles=["admin"], scope=WUHAN)
    before = user.totp_secret
    client = Client()
    client.force_login(user)
    response = client.get(reverse("totp_setup"))
    assert "已启用双因子认证" in response.content.decode()
    client.post(reverse("totp_setup"), {"code": "123456"})
    user.refresh_from_db()
    assert user.totp_enabled and user.totp_secret == before


def test_operator_role_may_enrol_voluntarily_and_is_not_forced() -> None:
    user = make_user("voluntary", roles=["duty_officer"])
    client = Client()
    client.force_login(user)
    assert client.get(reverse("workbench")).get("Location", "") != reverse("totp_setup")
    html = client.get(reverse("totp_setup")).content.decode()
    assert "按照安全管理要求" not in html
    assert "data:image/svg+xml" in html
