"""The first administrator of a real installation: random password, shown once."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command

from yingji.core.models import AuditLog, User
from yingji.core.rules import PasswordPolicy, password_problems

pytestmark = pytest.mark.django_db


def test_creates_admin_with_a_strong_random_password(capsys) -> None:
    call_command("create_admin", "--username", "root_admin", "--region", "4201")
    out = capsys.readouterr().out
    password = re.search(r"初始密码（仅显示这一次）：(\S+)", out).group(1)
    user = User.objects.get(username="root_admin")
    assert user.check_password(password) and user.must_change_password
    assert user.role_codes == ["admin"] and user.scope_region_id == "420100000000"
    assert password_problems(password, PasswordPolicy(12, 4)) == []
    entry = AuditLog.objects.get(object_type="core.user", object_id=str(user.pk))
    assert password not in str(entry.after)


def test_refuses_bad_region_and_duplicate(capsys) -> None:
    with pytest.raises(CommandError, match="只能包含数字"):
        call_command("create_admin", "--username", "x_admin", "--region", "42ab")
    with pytest.raises(CommandError, match="不存在"):
        call_command("create_admin", "--username", "x_admin", "--region", "110101")
    call_command("create_admin", "--username", "x_admin")
    with pytest.raises(CommandError, match="已存在"):
        call_command("create_admin", "--username", "x_admin")
    assert User.objects.filter(username="x_admin").count() == 1
