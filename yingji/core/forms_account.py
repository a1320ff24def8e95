"""Forms of the account pages: sign-in, second factor, password change, 2FA enrolment.

They only validate input; the views call ``yingji.core.services.users`` to act.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts

_INPUT = "form-control"


class BootstrapForm(forms.Form):
    """Marks inputs of fields with errors ``is-invalid`` (Bootstrap 5), whether the
    error came from field validation or was added later from a service."""

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in list(self.errors):
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "")
                if "is-invalid" not in classes.split():
                    widget.attrs["class"] = f"{classes} is-invalid".strip()


def _text(autocomplete: str, **attrs: Any) -> dict[str, Any]:
    return {"class": _INPUT, "autocomplete": autocomplete, **attrs}


class LoginForm(BootstrapForm):
    """Step 1 of signing in: account name and password."""

    username = forms.CharField(
        label="用户名", max_length=150,
        widget=forms.TextInput(attrs=_text("username", autofocus=True, spellcheck="false",
                                           autocapitalize="none")),
    )
    password = forms.CharField(
        label="密码", max_length=128, strip=False,
        widget=forms.PasswordInput(attrs=_text("current-password")),
    )


class TotpCodeForm(BootstrapForm):
    """A 6-digit code from the authenticator app (step 2, or confirming enrolment)."""

    code = forms.RegexField(
        label="动态验证码", regex=r"^\s*\d{3}\s?\d{3}\s*$", max_length=8,
        error_messages={"invalid": "请输入6位数字动态验证码"},
        widget=forms.TextInput(attrs=_text(
            "one-time-code", inputmode="numeric", pattern=r"[0-9 ]*", maxlength="7",
            autofocus=True, placeholder="6位数字", **{"data-digits-only": "true"},
        )),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).replace(" ", "").strip()


class PasswordChangeForm(BootstrapForm):
    """The user's own password change: old, new and the new one again."""

    old_password = forms.CharField(
        label="原密码", max_length=128, strip=False,
        widget=forms.PasswordInput(attrs=_text("current-password", autofocus=True)),
    )
    new_password = forms.CharField(
        label="新密码", max_length=128, strip=False,
        widget=forms.PasswordInput(attrs=_text("new-password")),
    )
    confirm_password = forms.CharField(
        label="确认新密码", max_length=128, strip=False,
        widget=forms.PasswordInput(attrs=_text("new-password")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password"].help_text = "；".join(password_validators_help_texts())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new, confirm = data.get("new_password"), data.get("confirm_password")
        if new and confirm and new != confirm:
            self.add_error("confirm_password", "两次输入的新密码不一致")
        return data
