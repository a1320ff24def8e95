"""One real browser pass over the shell: sign in through the login form (password and
TOTP), move through the left navigation to the workbench, the 组织机构 list and the
一张图 map, on a desktop and a phone screen. Screenshots go to var/screenshots/.

The live server needs committed data, so this test runs on a transactional database;
``serialized_rollback`` restores the session's regions after the flush (conftest.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.conf import settings

from yingji.core.models import Department, User
from yingji.core.services.notifications import notify
from yingji.core.services.objects import create_object
from yingji.core.testing import TEST_PASSWORD, WUHAN, actor_for, make_user, region, system

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"
VENDOR = Path(settings.BASE_DIR) / "ui" / "static" / "vendor"

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = ("department-detail.png", "department-edit.png", "departments.png", "phone-nav.png",
         "shell-map.png", "workbench.png")

def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    reason = f"未找到 Chromium（{CHROMIUM}），请安装 Debian 的 chromium 软件包"
    if os.environ.get("YINGJI_REQUIRE_SERVICES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def city_data(transactional_db: Any) -> User:
    """A city administrator with departments across districts, events and a message."""
    admin = make_user("city_admin", roles=["admin"], scope=WUHAN, real_name="王建国")
    actor = actor_for(admin)
    bureau = create_object(Department, {"name": "武汉市应急管理局", "short_name": "市应急局",
                                        "kind": "bureau", "region": region(WUHAN),
                                        "phone": "027-85888110"}, actor=actor)
    districts = [("420102000000", "江岸区"), ("420103000000", "江汉区"),
                 ("420104000000", "硚口区"), ("420106000000", "武昌区"),
                 ("420111000000", "洪山区")]
    for code, name in districts:
        create_object(Department, {"name": f"{name}应急管理局", "kind": "district_bureau",
                                   "parent": bureau, "region": region(code),
                                   "phone": "027-8" + code[4:10]}, actor=actor)
    for office in ("办公室", "应急指挥中心", "风险监测和综合减灾处", "安全生产基础处"):
        create_object(Department, {"name": office, "kind": "office", "parent": bureau,
                                   "region": region(WUHAN)}, actor=actor)
    notify([admin], title="请于今日17:00前报送节前安全检查情况", actor=system())
    return admin


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_duty_walkthrough(live_server: Any, city_data: User) -> None:
    _require_chromium()
    assert (VENDOR / "tabler" / "tabler.min.css").exists(), "请先运行 yingji vendor-assets"
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import expect, sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in SHOTS:  # only this test's own: the folder also holds other tests' shots
        (SCREENSHOTS / name).unlink(missing_ok=True)
    secret = str(city_data.test_totp_secret)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))

        page.goto(f"{live_server.url}/")
        expect(page.get_by_role("heading", name="账号登录")).to_be_visible()
        page.fill("input[name=username]", "city_admin")
        page.fill("input[name=password]", TEST_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.fill("input[name=code]", pyotp.TOTP(secret).now())
        page.get_by_role("button", name="验证并登录").click()
        expect(page.locator(".page-title")).to_have_text("工作台")

        nav = page.locator("#sidebar-menu")
        nav.get_by_role("link", name="工作台").click()
        expect(page.locator(".page-title")).to_have_text("工作台")
        expect(page.locator("[data-card=todos]")).to_contain_text("未读站内消息")
        expect(page.locator(".echart canvas")).to_have_count(1)
        page.screenshot(path=str(SCREENSHOTS / "workbench.png"), full_page=True)

        nav.get_by_role("link", name="组织机构").click()
        expect(page.locator(".page-title")).to_have_text("组织机构")
        expect(page.locator("#object-list tbody tr")).to_have_count(10)
        page.fill("input[name=q]", "江")
        page.keyboard.press("Enter")
        expect(page.locator("#object-list tbody tr")).to_have_count(2)  # 江岸区, 江汉区
        assert "q=" in page.url  # HTMX pushed the filtered URL
        page.screenshot(path=str(SCREENSHOTS / "departments.png"), full_page=True)

        page.get_by_role("link", name="江岸区应急管理局").click()
        expect(page.locator(".page-title")).to_have_text("江岸区应急管理局")
        page.screenshot(path=str(SCREENSHOTS / "department-detail.png"), full_page=True)

        page.locator("a", has_text="修改").first.click()
        page.fill("[data-region-search]", "武昌")
        expect(page.locator("[data-region-hint]")).to_contain_text("找到")
        page.screenshot(path=str(SCREENSHOTS / "department-edit.png"), full_page=True)

        nav.get_by_role("link", name="综合一张图").click()
        expect(page.locator(".page-title")).to_have_text("综合一张图")
        shown = page.locator(".leaflet-tooltip.region-label:not(.region-label-hidden)")
        expect(shown.first).to_be_visible()
        assert shown.count() >= 5  # overlapping labels are hidden, the rest stay readable
        assert page.locator(".leaflet-tooltip", has_text="江岸区").count() == 1
        page.screenshot(path=str(SCREENSHOTS / "shell-map.png"))

        phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                 storage_state=page.context.storage_state())
        phone.goto(f"{live_server.url}/departments/")
        expect(phone.locator("#sidebar-menu")).to_be_hidden()
        phone.get_by_role("button", name="展开或收起导航").click()
        expect(phone.locator("#sidebar-menu").get_by_role("link", name="组织机构")).to_be_visible()
        phone.screenshot(path=str(SCREENSHOTS / "phone-nav.png"), full_page=True)
        browser.close()

    assert problems == [], problems
    assert [name for name in SHOTS if not (SCREENSHOTS / name).exists()] == []
