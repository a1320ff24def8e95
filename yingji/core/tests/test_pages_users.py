"""用户 pages: administrators list, read, create and edit accounts through the
account services; roles, scope and password rules show as inline Chinese errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from yingji.core.models import AuditLog, User
from yingji.core.models.audit import AuditAction
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, client_for, make_user

pytestmark = pytest.mark.django_db


def new_user_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": "dazhi_duty", "real_name": "大智值班员", "phone": "13800000000",
        "email": "", "department": "", "position": "值班员", "scope_region": JIANGAN_STREET,
        "is_active": "on", "roles": ["duty_officer"], "password": "Dazhi#2026pass",
        "password_confirm": "Dazhi#2026pass",
    }
    data.update(overrides)
    return data


def test_anonymous_visitor_is_sent_to_login(client: Any) -> None:
    assert client.get(reverse("user_list")).status_code == 302


def test_duty_officer_may_not_open_user_pages(duty_officer: User) -> None:
    client = client_for(duty_officer)
    assert client.get(reverse("user_list")).status_code == 403
    assert client.get(reverse("user_add")).status_code == 403
    assert client.get(reverse("user_detail", args=[duty_officer.pk])).status_code == 403


def test_admin_lists_users_in_scope_with_roles(district_admin: User) -> None:
    make_user("jiangan_duty2", roles=["duty_officer"], scope=JIANGAN, real_name="江岸值班二")
    make_user("wuchang_duty", roles=["duty_officer"], scope=WUCHANG, real_name="武昌值班员")
    html = client_for(district_admin).get(reverse("user_list")).content.decode()
    assert "江岸值班二" in html and "值班员" in html
    assert "武昌值班员" not in html


def test_user_of_another_district_is_404(district_admin: User) -> None:
    other = make_user("wuchang_duty", roles=["duty_officer"], scope=WUCHANG)
    client = client_for(district_admin)
    assert client.get(reverse("user_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("user_edit", args=[other.pk])).status_code == 404


def test_form_offers_roles_industries_and_password_rules(district_admin: User) -> None:
    html = client_for(district_admin).get(reverse("user_add")).content.decode()
    assert "系统管理员" in html and "审计员" in html and "值班员" in html
    assert "危险化学品" in html
    assert "密码至少8位" in html and "首次登录时须修改密码" in html


def test_create_user_through_the_service(district_admin: User) -> None:
    response = client_for(district_admin).post(reverse("user_add"), new_user_data())
    user = User.objects.get(username="dazhi_duty")
    assert response.status_code == 302
    assert user.role_codes == ["duty_officer"]
    assert user.scope_region_id == JIANGAN_STREET and user.must_change_password
    assert user.check_password("Dazhi#2026pass")
    assert AuditLog.objects.filter(action=AuditAction.CREATE, object_id=str(user.pk)).exists()


def test_weak_password_is_refused_inline(district_admin: User) -> None:
    response = client_for(district_admin).post(
        reverse("user_add"), new_user_data(password="abc", password_confirm="abc"))
    html = response.content.decode()
    assert response.status_code == 200 and "密码" in html and "至少" in html
    assert not User.objects.filter(username="dazhi_duty").exists()


def test_mismatched_passwords_are_refused(district_admin: User) -> None:
    response = client_for(district_admin).post(
        reverse("user_add"), new_user_data(password_confirm="Other#2026pass"))
    assert "两次输入的密码不一致" in response.content.decode()


def test_admin_and_auditor_roles_cannot_be_combined(district_admin: User) -> None:
    response = client_for(district_admin).post(
        reverse("user_add"), new_user_data(roles=["admin", "auditor"]))
    assert "三权分立" in response.content.decode()
    assert not User.objects.filter(username="dazhi_duty").exists()


def test_scope_outside_own_is_refused(district_admin: User) -> None:
    response = client_for(district_admin).post(
        reverse("user_add"), new_user_data(scope_region=WUCHANG))
    assert "所选区划不存在或超出您的数据范围" in response.content.decode()


def test_edit_changes_roles_but_not_username(district_admin: User) -> None:
    user = make_user("jiangan_duty2", roles=["duty_officer"], scope=JIANGAN, real_name="江岸值班二")
    data = new_user_data(username="renamed", real_name="江岸值班二", scope_region=JIANGAN,
                         roles=["duty_officer", "duty_leader"])
    response = client_for(district_admin).post(reverse("user_edit", args=[user.pk]), data)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.username == "jiangan_duty2"
    assert sorted(user.groups.values_list("name", flat=True)) == ["duty_leader", "duty_officer"]


def test_detail_shows_security_state(district_admin: User) -> None:
    user = make_user("jiangan_duty2", roles=["duty_officer"], scope=JIANGAN, real_name="江岸值班二")
    html = client_for(district_admin).get(reverse("user_detail", args=[user.pk])).content.decode()
    assert "江岸值班二" in html and "值班员" in html and "江岸区" in html
    assert "已启用双因子认证" in html and "密码修改时间" in html
    assert "totp_secret" not in html and "pbkdf2" not in html and "md5$" not in html


def test_list_query_count_does_not_grow_with_users(district_admin: User) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(district_admin)
    client.get(reverse("user_list"))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("user_list"), {"page_size": 100}).status_code == 200
        return len(ctx.captured_queries)

    for i in range(3):
        make_user(f"duty{i}", roles=["duty_officer", "duty_leader"], scope=JIANGAN_STREET)
    few = count()
    for i in range(3, 30):
        make_user(f"duty{i}", roles=["duty_officer", "duty_leader"], scope=JIANGAN_STREET)
    assert count() == few
