"""Live notifications on every page, in a real browser under uvicorn: a duty officer with
the workbench open receives a notification; a toast shows its title and link, the
side menu's unread badge and the top bar's bell count go up without a reload. A user
of another district with a page open gets nothing. Screenshot: var/screenshots/
live-notification.png."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connections

from yingji.core.models.notifications import NotificationLevel
from yingji.core.services.notifications import notify
from yingji.core.testing import JIANGAN, TEST_PASSWORD, WUCHANG, make_user, require_chromium, system

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_notification_arrives_live_on_any_page(asgi_server: Any, live_bus: None) -> None:
    require_chromium()
    from playwright.sync_api import Page, expect, sync_playwright

    officer = make_user("ja_live", roles=["duty_officer"], scope=JIANGAN, real_name="吴敏")
    make_user("wc_live", roles=["duty_officer"], scope=WUCHANG, real_name="罗佳")
    base = asgi_server.url
    problems: list[str] = []
    connection = connections["default"]
    with sync_playwright() as playwright:
        connections["default"] = connection  # the test's own (shared with the SQLite server)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        def open_as(username: str) -> Page:
            context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
            page = context.new_page()
            page.on("pageerror", lambda e: problems.append(f"{username}: {e}"))
            page.on("console", lambda m: problems.append(f"{username}: {m.text}")
                    if m.type == "error" else None)
            page.goto(f"{base}/login/")
            page.get_by_label("用户名").fill(username)
            page.get_by_label("密码").fill(TEST_PASSWORD)
            page.get_by_role("button", name="登录").click()
            expect(page.locator(".page-title")).to_have_text("工作台")
            page.wait_for_function("() => window.yingjiLive && window.yingjiLive.readyState === 1")
            return page

        page = open_as("ja_live")
        other = open_as("wc_live")
        badge = page.locator("[data-unread-badge]")
        expect(badge).to_be_hidden()
        unread_before = int(badge.text_content() or "0")

        notify([officer], title="暴雨橙色预警：请立即叫应", body="江岸区未来3小时降雨量将达50毫米以上",
               link="/notifications/", level=NotificationLevel.URGENT, actor=system())

        toast = page.locator("#live-toasts .toast")
        expect(toast).to_contain_text("暴雨橙色预警：请立即叫应")
        expect(toast.locator(".toast-header")).to_contain_text("紧急消息")
        expect(toast.get_by_role("link", name="暴雨橙色预警：请立即叫应")).to_have_attribute(
            "href", "/notifications/")
        expect(badge).to_have_text(str(unread_before + 1))
        expect(badge).to_be_visible()
        # The top bar's bell re-reads its count from the server.
        expect(page.locator("#notification-badge .badge-notification")).to_have_text("1")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "live-notification.png"))
        # Urgent: it stays until closed.
        toast.get_by_role("button", name="关闭").click()
        expect(toast).to_have_count(0)

        # The other district's officer received nothing.
        other.wait_for_timeout(500)
        expect(other.locator("#live-toasts .toast")).to_have_count(0)
        expect(other.locator("[data-unread-badge]")).to_be_hidden()
        browser.close()
    assert problems == []


def test_the_stream_does_not_hold_a_wsgi_worker(client: Any, duty_officer: Any) -> None:
    """Under WSGI (development and test servers) the stream answers at once and tells the
    browser to come back much later, instead of holding the worker for its whole life."""
    client.force_login(duty_officer)
    response = client.get("/events/stream")
    assert response.status_code == 200 and response["Content-Type"] == "text/event-stream"
    assert response.content.startswith(b"retry: 600000\n")
