"""The page shell: navigation by permission, top bar, messages, demo banner, error
pages, and no inline script anywhere (CSP script-src 'self')."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from yingji.core.models import User
from yingji.core.services.notifications import notify
from yingji.core.testing import client_for, make_user, system
from yingji.ui.navigation import MenuSection, NavItem, is_active, menu_for, register

pytestmark = pytest.mark.django_db


def nav_labels(html: str) -> list[str]:
    return re.findall(r'<span class="nav-link-title">([^<]+)</span>', html)


def section_titles(html: str) -> list[str]:
    return re.findall(r'<li class="nav-section-title" role="presentation">([^<]+)</li>', html)


def test_administrator_sees_system_pages_but_not_the_audit_log(district_admin: User) -> None:
    html = client_for(district_admin).get(reverse("workbench")).content.decode()
    assert {"工作台", "组织机构", "用户管理", "行政区划", "综合一张图"} <= set(nav_labels(html))
    assert "系统管理" in section_titles(html)
    assert "安全审计" not in section_titles(html) and "审计日志" not in nav_labels(html)


def test_auditor_sees_the_audit_log_but_no_user_management(auditor: User) -> None:
    html = client_for(auditor).get(reverse("workbench")).content.decode()
    assert "审计日志" in nav_labels(html) and "用户管理" not in nav_labels(html)


def test_sections_without_visible_items_are_hidden() -> None:
    public = make_user("resident", roles=["public"])
    html = client_for(public).get(reverse("workbench")).content.decode()
    assert section_titles(html) == ["公众服务"]
    labels = nav_labels(html)
    assert labels[:2] == ["工作台", "站内消息"]
    public_pages = ["当前预警", "重大隐患公示", "应急避难场所", "我要举报", "严重失信主体公示"]
    assert sorted(labels[2:]) == sorted(public_pages)


def test_current_page_is_marked_active(district_admin: User) -> None:
    html = client_for(district_admin).get(reverse("department_add")).content.decode()
    active = re.search(r'<li class="nav-item active">\s*<a class="nav-link" href="([^"]+)"', html)
    assert active is not None and active.group(1) == reverse("department_list")


def test_menu_skips_urls_that_do_not_exist_yet(district_admin: User) -> None:
    register("response", NavItem("接报处置", "incident_list_not_built", permission=None))
    sections = menu_for(district_admin, "/")
    assert all(isinstance(s, MenuSection) for s in sections)
    assert "接报处置" not in [link.label for s in sections for link in s.links]


def test_is_active_matches_sub_pages_only() -> None:
    assert is_active("/departments/", "/departments/3/edit/")
    assert not is_active("/departments/", "/departments-archive/")
    assert is_active("/", "/") and not is_active("/", "/map/")


def test_top_bar_shows_user_unread_badge_and_logout(duty_officer: User) -> None:
    notify([duty_officer], title="提醒", actor=system())
    html = client_for(duty_officer).get(reverse("workbench")).content.decode()
    assert "江岸值班员" in html and "江岸区" in html
    assert re.search(r'badge-notification badge-pill">1</span>', html)
    assert f'action="{reverse("logout")}"' in html and "退出" in html


def test_messages_are_shown_and_dismissible(district_admin: User) -> None:
    from yingji.core.testing import make_department

    dept = make_department("临时机构")
    client = client_for(district_admin)
    html = client.post(reverse("department_delete", args=[dept.pk]), follow=True).content.decode()
    assert 'class="alert alert-success alert-dismissible"' in html and "已删除组织机构" in html


@override_settings(DEMO_MODE=True)
def test_demo_banner(duty_officer: User) -> None:
    html = client_for(duty_officer).get(reverse("workbench")).content.decode()
    assert "演示模式" in html


def test_no_demo_banner_by_default(duty_officer: User) -> None:
    assert "演示模式" not in client_for(duty_officer).get(reverse("workbench")).content.decode()


def test_pages_have_no_inline_script(district_admin: User) -> None:
    client = client_for(district_admin)
    for name in ("workbench", "department_list", "department_add", "region_list", "map",
                 "notification_list"):
        html = client.get(reverse(name)).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (name, tag)
        assert not re.search(r"\son[a-z]+=\"", html), name  # no onclick= etc.
        assert "http://" not in html.replace("http://www.w3.org/2000/svg", ""), name
        assert 'name="csrf-token"' in html


def test_htmx_and_csrf_script_are_loaded(duty_officer: User) -> None:
    html = client_for(duty_officer).get(reverse("workbench")).content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in html and "/static/ui/app.js" in html


def test_not_found_in_shell_for_signed_in_user(duty_officer: User) -> None:
    response = client_for(duty_officer).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and "error-code" in html and "工作台" in html
    assert "nav-link-title" in html  # the navigation stays usable


def test_not_found_plain_for_anonymous(client: Any) -> None:
    html = client.get("/no-such-page/").content.decode()
    assert "404" in html and "nav-link-title" not in html


def test_server_error_page_needs_no_database() -> None:
    from django.test import RequestFactory

    from yingji.ui.views.errors import server_error

    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and "服务器内部错误" in html


def test_json_clients_get_json_errors(duty_officer: User) -> None:
    response = client_for(duty_officer).get("/no-such-page/", headers={"Accept": "application/json"})
    assert response.json()["error"]["code"] == "not_found"


def test_an_enterprise_account_is_not_offered_the_bureaus_maps_and_statistics() -> None:
    from yingji.core.testing import JIANGAN_STREET

    firm = make_user("firm_safety", roles=["enterprise"], scope=JIANGAN_STREET)
    labels = set(nav_labels(client_for(firm).get(reverse("workbench")).content.decode()))
    assert {"企业档案", "隐患台账"} <= labels
    assert not labels & {"四色风险图", "企业统计", "分级标准与基础数据", "隐患分布图", "隐患统计分析",
                         "行政区划", "接入率统计", "数据源"}
    staff = make_user("ja_staff", roles=["supervisor"])
    staff_labels = set(nav_labels(client_for(staff).get(reverse("workbench")).content.decode()))
    assert {"四色风险图", "企业统计", "隐患分布图", "隐患统计分析"} <= staff_labels


def test_installation_settings_are_offered_to_city_wide_staff_only() -> None:
    from yingji.core.testing import JIANGAN, WUHAN

    settings_pages = {"监测预警设置", "隐患模块设置"}
    district = make_user("ja_sup_nav", roles=["supervisor"], scope=JIANGAN)
    html = client_for(district).get(reverse("workbench")).content.decode()
    assert not set(nav_labels(html)) & settings_pages
    assert client_for(district).get("/monitoring/settings/").status_code == 403  # what it would meet
    city = make_user("wh_sup_nav", roles=["supervisor"], scope=WUHAN)
    html = client_for(city).get(reverse("workbench")).content.decode()
    assert settings_pages <= set(nav_labels(html))
