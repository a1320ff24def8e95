"""The demo city: explicit demo mode, deterministic content, every role present."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from yingji.core.audit import verify_chain
from yingji.core.demo.accounts import ACCOUNTS
from yingji.core.models import Department, User
from yingji.core.models.users import CONTACT_PREFIX
from yingji.core.roles import ROLES

pytestmark = pytest.mark.django_db


def test_demo_refuses_outside_demo_mode(settings) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="YINGJI_DEMO=1"):
        call_command("demo")
    assert not User.objects.exists()


def test_demo_builds_wuhan_with_every_role(settings, capsys) -> None:
    settings.DEMO_MODE = True
    call_command("demo")
    out = capsys.readouterr().out
    assert "wh_duty" in out and settings.DEMO_PASSWORD in out
    assert Department.objects.filter(name="武汉市应急管理局", region_id="420100000000").exists()
    assert Department.objects.filter(kind="district_bureau").count() == 13
    assert Department.objects.filter(name="大智街道办事处", region_id="420102002000").exists()
    roles = {code for user in User.objects.all() for code in user.role_codes}
    assert roles == {role.code for role in ROLES}
    duty = User.objects.get(username="ja_duty")
    assert duty.scope_region_id == "420102000000" and duty.check_password(settings.DEMO_PASSWORD)
    assert not duty.password_expired()
    assert verify_chain() == []


def test_demo_is_deterministic_and_if_empty_skips(settings, capsys) -> None:
    settings.DEMO_MODE = True
    call_command("demo")
    first = list(Department.objects.order_by("name").values_list("name", "phone", "region_id"))
    # Contact accounts are made by the warnings demo for its directory (责任人), not
    # sign-in accounts: the demo's accounts are the rest.
    staff = User.objects.exclude(username__startswith=CONTACT_PREFIX).order_by("username")
    users = list(staff.values_list("username", "real_name", "phone"))
    contacts = list(User.objects.filter(username__startswith=CONTACT_PREFIX)
                    .order_by("username").values_list("username", "real_name", "phone"))
    call_command("demo", "--if-empty")
    assert "跳过" in capsys.readouterr().out
    listed = {a.username for a in ACCOUNTS}
    assert listed <= {u for u, _, _ in users}
    # Every Wuhan district has a supervisor and a duty leader of its own (escalations
    # stay in the district): the listed ones, or the unlisted district staff.
    for code in Department.objects.filter(kind="district_bureau").values_list("region_id", flat=True):
        for role in ("supervisor", "duty_leader"):
            assert User.objects.filter(groups__name=role, scope_region_id=code).count() == 1, (code, role)
    unlisted = {u for u, _, _ in users} - listed
    assert "420103_supervisor" in unlisted and "420102_supervisor" not in unlisted
    assert all(name.endswith(("_supervisor", "_leader")) for name in unlisted)
    assert all(not u.has_usable_password() and not u.groups.exists()
               for u in User.objects.filter(username__startswith=CONTACT_PREFIX))
    # A second full run adds nothing and changes nothing.
    call_command("demo")
    assert list(Department.objects.order_by("name").values_list("name", "phone", "region_id")) == first
    assert list(staff.values_list("username", "real_name", "phone")) == users
    assert list(User.objects.filter(username__startswith=CONTACT_PREFIX)
                .order_by("username").values_list("username", "real_name", "phone")) == contacts
