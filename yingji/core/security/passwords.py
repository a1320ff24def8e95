"""Password validators with Chinese messages (等保 2.0 password complexity)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from yingji.core.rules import PasswordPolicy, password_problems


def current_policy() -> PasswordPolicy:
    return PasswordPolicy(
        min_length=settings.PASSWORD_MIN_LENGTH, min_classes=settings.PASSWORD_MIN_CLASSES
    )


class ComplexityValidator:
    """Length and character classes from settings (YINGJI_PASSWORD_MIN_*)."""

    def validate(self, password: str, user: Any = None) -> None:
        problems = password_problems(password, current_policy())
        if problems:
            raise ValidationError(problems, code="password_too_simple")

    def get_help_text(self) -> str:
        policy = current_policy()
        return (f"密码至少{policy.min_length}位，包含大写字母、小写字母、数字、特殊字符中的"
                f"至少{policy.min_classes}类")


class NotUsernameValidator:
    """The password must not contain the account name."""

    def validate(self, password: str, user: Any = None) -> None:
        username = getattr(user, "username", "") or ""
        if username and len(username) >= 3 and username.lower() in password.lower():
            raise ValidationError("密码不能包含用户名", code="password_contains_username")

    def get_help_text(self) -> str:
        return "密码不能包含用户名"
