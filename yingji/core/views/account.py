"""Account pages: sign-in in one or two steps, sign-out, password change, 2FA enrolment.

等保 2.0 identity controls (regulations.md §9): failed attempts are counted and lock the
account at ``LOGIN_MAX_FAILURES``; an unknown account and a wrong password read the
same; accounts with a second factor enter a TOTP code before the session exists;
every outcome is audited by ``yingji.core.services.users``.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from yingji.core.actor import Actor
from yingji.core.forms_account import LoginForm, PasswordChangeForm, TotpCodeForm
from yingji.core.models import User
from yingji.core.security.totp import provisioning_uri
from yingji.core.services import users as user_services

PENDING_KEY = "pending_login"
PENDING_SECONDS = 5 * 60
BAD_CREDENTIALS = "用户名或密码错误"
METHOD_PASSWORD = "用户名密码"
METHOD_TOTP = "用户名密码+动态验证码"


# --- helpers -------------------------------------------------------------------------

def safe_next(request: HttpRequest, value: str | None) -> str:
    """``value`` if it is a local URL on this host, else the default landing page."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _next_param(request: HttpRequest) -> str:
    raw = request.POST.get("next") or request.GET.get("next") or ""
    return raw if safe_next(request, raw) == raw else ""


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


THROTTLED = "本机登录失败次数过多，请稍后再试"


def refusal_message() -> str:
    """The one answer to a wrong name, a wrong password and a locked account."""
    return (f"{BAD_CREDENTIALS}。连续{settings.LOGIN_MAX_FAILURES}次错误账号将锁定"
            f"{settings.LOGIN_LOCK_MINUTES}分钟，如需解锁请联系系统管理员")


def lock_message(user: User) -> str:
    """Chinese explanation of a lock, with the time it ends."""
    until = timezone.localtime(user.locked_until) if user.locked_until else None
    when = f"请于{until:%Y-%m-%d %H:%M}后再试" if until else "请稍后再试"
    return (f"账号因连续{settings.LOGIN_MAX_FAILURES}次认证失败已被锁定，{when}，"
            "或联系系统管理员解锁")


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, f"core/account/{template}", context)


def _complete_login(
    request: HttpRequest, user: User, *, method: str, next_url: str
) -> HttpResponse:
    """Both factors passed: open the session, audit, and go on (to the password or 2FA
    page first when the policy requires it)."""
    request.session.pop(PENDING_KEY, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session["last_activity"] = time.time()
    user_services.record_login_success(user, actor=Actor.from_request(request), method=method)
    if user.password_expired():
        return redirect(_with_next("password_change", next_url))
    if user.totp_required() and not user.totp_enabled:
        return redirect(_with_next("totp_setup", next_url))
    return redirect(safe_next(request, next_url))


def _refused(request: HttpRequest, user: User) -> bool:
    """Re-read the lock state after a counted failure."""
    user.refresh_from_db(fields=["locked_until", "failed_login_count"])
    return user.is_locked()


# --- sign-in -------------------------------------------------------------------------

@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """Step 1: account name and password."""
    next_url = _next_param(request)
    if request.user.is_authenticated and request.method == "GET":
        return redirect(safe_next(request, next_url))
    form = LoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        password = form.cleaned_data["password"]
        actor = Actor.from_request(request)
        user = User.objects.filter(username=username).first()
        error = ""
        # An unknown account, a locked one and a wrong password get the same words after
        # the same work (one password hash), so the page tells nobody which names exist.
        if user_services.address_throttled(actor.ip):
            make_password(password)
            user_services.record_address_throttled(username, actor=actor)
            error = THROTTLED
        elif user is None:
            make_password(password)
            user_services.record_login_failure(username, None, actor=actor,
                                               reason=BAD_CREDENTIALS)
            error = refusal_message()
        elif user.is_locked():
            make_password(password)  # the password itself is not checked while locked
            user_services.record_login_failure(username, user, actor=actor,
                                               reason="账号锁定期间尝试登录")
            error = refusal_message()
        elif not user.check_password(password):
            user_services.record_login_failure(username, user, actor=actor, reason="密码错误")
            error = refusal_message()
        elif not user.is_active:
            user_services.record_login_failure(username, user, actor=actor, reason="账号已停用")
            error = "账号已停用，请联系系统管理员"
        elif user.totp_enabled:
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "user_id": user.pk, "started": time.time(), "next": next_url,
            }
            return redirect("login_2fa")
        else:
            return _complete_login(request, user, method=METHOD_PASSWORD, next_url=next_url)
        form.add_error(None, error)
    context = {"form": form, "next": next_url, "max_failures": settings.LOGIN_MAX_FAILURES}
    return _render(request, "login.html", context)


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None, {}
    if time.time() - float(pending.get("started", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        messages.warning(request, "动态验证码输入超时（5分钟），请重新输入用户名和密码")
        return None, {}
    user = User.objects.filter(pk=pending.get("user_id"), is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
    return user, pending


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_2fa_view(request: HttpRequest) -> HttpResponse:
    """Step 2 for accounts with a second factor: the 6-digit TOTP code."""
    user, pending = _pending_user(request)
    if user is None:
        return redirect("login")
    if user.is_locked():
        request.session.pop(PENDING_KEY, None)
        messages.error(request, lock_message(user))
        return redirect("login")
    form = TotpCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)
        if user_services.verify_totp(user, form.cleaned_data["code"], actor=actor):
            return _complete_login(request, user, method=METHOD_TOTP,
                                   next_url=str(pending.get("next", "")))
        user_services.record_login_failure(user.username, user, actor=actor,
                                           reason="动态验证码错误")
        if _refused(request, user):
            request.session.pop(PENDING_KEY, None)
            messages.error(request, lock_message(user))
            return redirect("login")
        form.add_error("code", "动态验证码错误或已被使用，请等待手机上出现新的验证码后重试")
    remaining = max(0, int(PENDING_SECONDS - (time.time() - float(pending["started"]))))
    return _render(request, "login_2fa.html",
                   {"form": form, "pending_user": user, "remaining_seconds": remaining})


@require_POST
@csrf_protect
def logout_view(request: HttpRequest) -> HttpResponse:
    """Sign out (POST only, so a link or an image cannot sign anyone out)."""
    if request.user.is_authenticated:
        user_services.record_logout(_user(request), actor=Actor.from_request(request))
    logout(request)
    messages.success(request, "您已安全退出")
    return redirect("login")


# --- password ------------------------------------------------------------------------

@sensitive_post_parameters("old_password", "new_password", "confirm_password")
@csrf_protect
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    """Change one's own password; expired passwords are sent here by the middleware."""
    user = _user(request)
    next_url = _next_param(request)
    form = PasswordChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)
        try:
            user_services.change_password(
                user, old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"], actor=actor,
            )
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
            if "old_password" in exc.message_dict:
                # Guessing the password from a left-open session counts as well.
                user_services.record_login_failure(user.username, user, actor=actor,
                                                   reason="修改密码时原密码错误")
                if _refused(request, user):
                    user_services.record_logout(user, actor=actor,
                                                reason="原密码多次错误，账号锁定")
                    logout(request)
                    messages.error(request, lock_message(user))
                    return redirect("login")
        else:
            update_session_auth_hash(request, user)
            messages.success(request, "密码已修改")
            if user.totp_required() and not user.totp_enabled:
                return redirect(_with_next("totp_setup", next_url))
            return redirect(safe_next(request, next_url))
    if user.must_change_password:
        reason = "首次登录或密码已被管理员重置，请先设置新密码"
    elif user.password_expired():
        reason = f"密码已超过{settings.PASSWORD_MAX_AGE_DAYS}天未修改，请设置新密码后继续使用"
    else:
        reason = ""
    return _render(request, "password_change.html",
                   {"form": form, "next": next_url, "reason": reason})


# --- second factor -------------------------------------------------------------------

def _enrolment_secret(user: User, actor: Actor) -> str:
    """The pending (not yet confirmed) secret, created on first visit."""
    if user.totp_secret:
        try:
            secret = user_services.totp_secret_of(user)
        except (ValueError, UnicodeDecodeError):
            secret = ""
        if secret:
            return secret
    return user_services.start_totp_enrollment(user, actor=actor)


def qr_data_uri(text: str) -> str:
    """An SVG QR code of ``text`` as a data: URI (CSP allows data: images)."""
    return str(segno.make(text, error="m").svg_data_uri(scale=5, border=2))


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def totp_setup_view(request: HttpRequest) -> HttpResponse:
    """Enrol the TOTP second factor: scan the QR code, confirm with a code."""
    user = _user(request)
    next_url = _next_param(request)
    if user.totp_enabled:
        return _render(request, "totp_setup.html", {"enabled": True, "next": next_url})
    actor = Actor.from_request(request)
    secret = _enrolment_secret(user, actor)
    form = TotpCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if user_services.verify_totp(user, form.cleaned_data["code"], actor=actor,
                                     enabling=True):
            messages.success(request, "双因子认证已启用，今后登录需输入动态验证码")
            return redirect(safe_next(request, next_url))
        form.add_error("code", "动态验证码不正确，请确认手机时间准确并输入最新的验证码")
    uri = provisioning_uri(secret, user.username)
    context = {
        "enabled": False,
        "form": form,
        "next": next_url,
        "secret_groups": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "qr_uri": qr_data_uri(uri),
        "required": user.totp_required(),
    }
    return _render(request, "totp_setup.html", context)
