"""Account pages. Their paths start with /login, /logout, /account/password and
/account/2fa, which the password/2FA policy middleware leaves alone."""

from __future__ import annotations

from django.urls import path

from yingji.core.views import account

urlpatterns = [
    path("login/", account.login_view, name="login"),
    path("login/2fa/", account.login_2fa_view, name="login_2fa"),
    path("logout/", account.logout_view, name="logout"),
    path("account/password/", account.password_change_view, name="password_change"),
    path("account/2fa/setup/", account.totp_setup_view, name="totp_setup"),
]
