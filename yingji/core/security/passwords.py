"""Password validators with Chinese messages (等保 2.0 password complexity)."""

from __future__ import annotations

import re
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


_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "l", "3": "e", "$": "s", "5": "s", "7": "t"})


def _normalised(password: str) -> set[str]:
    """The forms in which a password is looked up in the common list: as typed, without
    the digits and symbols people add to satisfy a complexity rule, and with the usual
    letter substitutions undone ("P@ssw0rd!2026" is "password")."""
    lower = password.lower()
    letters = "".join(ch for ch in lower if ch.isalpha())
    alnum = "".join(ch for ch in lower if ch.isalnum())
    core = re.sub(r"^[^a-z]+|[^a-z]+$", "", lower)
    decoded = "".join(ch for ch in core.translate(_LEET) if ch.isalpha())
    return {lower, letters, alnum, decoded} - {""}


class CommonPasswordChineseValidator:
    """Refuse the 20,000 most common passwords (the list Django packages), also when
    dressed up with digits and symbols ("Password@123")."""

    def __init__(self) -> None:
        from django.contrib.auth.password_validation import CommonPasswordValidator

        self.common = CommonPasswordValidator().passwords

    def validate(self, password: str, user: Any = None) -> None:
        if any(form in self.common for form in _normalised(password)):
            raise ValidationError("密码过于常见，容易被猜中，请换一个", code="password_too_common")

    def get_help_text(self) -> str:
        return "不能使用常见密码"


class OrganisationWordsValidator:
    """Refuse passwords made from the platform's or the organisation's own names
    (``PASSWORD_BANNED_WORDS`` and the user's department)."""

    def validate(self, password: str, user: Any = None) -> None:
        words = [w.lower() for w in settings.PASSWORD_BANNED_WORDS if len(w) >= 2]
        department = getattr(getattr(user, "department", None), "name", "") or ""
        if department:
            words.append(department.lower())
        lower = password.lower()
        if any(word in lower for word in words):
            raise ValidationError("密码不能包含本平台或本单位的名称", code="password_contains_org_name")

    def get_help_text(self) -> str:
        return "密码不能包含本平台或本单位的名称"


class HistoryValidator:
    """Refuse the account's last ``PASSWORD_HISTORY`` passwords (its current one included)."""

    def validate(self, password: str, user: Any = None) -> None:
        from django.contrib.auth.hashers import check_password

        if user is None or getattr(user, "pk", None) is None:
            return
        count = settings.PASSWORD_HISTORY
        previous = list(user.password_history.values_list("password", flat=True)[:count])
        if user.password:
            previous.append(user.password)
        if any(check_password(password, encoded) for encoded in previous if encoded):
            raise ValidationError(f"不能与最近{count}次使用过的密码相同", code="password_reused")

    def get_help_text(self) -> str:
        return f"不能与最近{settings.PASSWORD_HISTORY}次使用过的密码相同"
