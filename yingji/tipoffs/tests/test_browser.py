"""The tipoffs module in a real browser on the demo city: the public portal on a phone
without an account, and per role the duty officer (ja_duty), the supervisor
(ja_supervisor) and the reward committee (wh_reward). Each opens every navigation entry
the module adds and a report's (and a reward's) page, and fails on a console error, a
failed request, an English word or a raw code. Screenshots: var/screenshots/tipoffs-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from yingji.core.testing import require_chromium
from yingji.core.testing_browser import CHROMIUM_ARGS, Walk, demo_city, sign_in, watch
from yingji.core.testing_browser import visit as browser_visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"
USERS = ("ja_duty", "ja_supervisor", "wh_reward")
PUBLIC = ("/public/tipoffs/", "/public/tipoffs/progress/", "/public/tipoffs/outcomes/")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from demo_city(tmp_path_factory, "tipoffs-city")


def _name(username: str, href: str) -> Path:
    return SCREENSHOTS / f"tipoffs-{username}-{href.strip('/').replace('/', '-') or 'home'}.png"


def _browser(playwright: Any, **context: Any) -> tuple[Any, Any]:
    browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
    return browser, browser.new_page(locale="zh-CN", **context)


def test_the_public_portal_works_on_a_phone_without_an_account(site: str) -> None:
    from playwright.sync_api import sync_playwright

    result = Walk("public")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser, page = _browser(playwright, viewport={"width": 390, "height": 844})
        try:
            current = watch(page, result)
            for href in PUBLIC:
                browser_visit(page, site, href, result, current, _name("public", href))
            page.goto(f"{site}/public/tipoffs/")
            page.select_option("select[name=kind]", "major_hazard")
            page.fill("textarea[name=description]", "小区地下车库堆放大量液化气钢瓶，有泄漏气味")
            page.select_option("select[name=region]", index=1)
            page.fill("input[name=address]", "黄浦大街88号地下车库")
            page.fill("input[name=enterprise_name]", "化工")
            choice = page.locator("[data-enterprise-results] button").first
            choice.wait_for(timeout=10000)
            choice.click()  # picking a public name fills the hidden id and closes the list
            assert page.locator("input[name=enterprise]").input_value().isdigit()
            assert page.locator("[data-enterprise-results] button").count() == 0
            page.check("input[name=identity][value=real]")
            page.fill("input[name=name]", "浏览器测试")
            page.fill("input[name=phone]", "13900139000")
            page.locator("button[type=submit]", has_text="提交举报").click()
            page.wait_for_load_state("networkidle")
            number = page.locator("[data-testid=receipt-number]").inner_text()
            secret = page.locator("[data-testid=receipt-secret]").inner_text()
            page.screenshot(path=str(_name("public", "receipt")), full_page=True)
            page.goto(f"{site}/public/tipoffs/progress/")
            page.fill("input[name=number]", number)
            page.fill("input[name=secret]", secret)
            page.locator("button", has_text="查询").last.click()
            page.wait_for_load_state("networkidle")
            assert "待受理" in page.locator("[data-testid=progress]").inner_text()
            page.screenshot(path=str(_name("public", "progress-found")), full_page=True)
        finally:
            browser.close()
    assert number.startswith("JB") and len(secret) == 8
    assert not result.findings, "\n".join(str(f) for f in result.findings)


@pytest.mark.parametrize("username", USERS)
def test_every_tipoffs_entry_of_the_role_works(site: str, username: str) -> None:
    from playwright.sync_api import sync_playwright

    result = Walk(username)
    with sync_playwright() as playwright:
        browser, page = _browser(playwright, viewport={"width": 1440, "height": 900})
        try:
            current = watch(page, result)
            sign_in(page, site, username)
            links = page.eval_on_selector_all("#sidebar-menu a[href^='/tipoffs/']",
                                              "els => els.map(e => e.getAttribute('href'))")
            for href in dict.fromkeys(links):
                browser_visit(page, site, href, result, current, _name(username, href))
            for listing, name in (("/tipoffs/?state=verifying", "report"), ("/tipoffs/rewards/", "reward")):
                page.goto(f"{site}{listing}")
                first = page.locator("table.object-table tbody a").first
                if first.count():
                    browser_visit(page, site, first.get_attribute("href"), result, current,
                                  _name(username, name))
        finally:
            browser.close()
    assert "/tipoffs/" in result.visited and "/tipoffs/stats/" in result.visited, result.visited
    assert any(h.startswith("/tipoffs/") and h.rstrip("/").split("/")[-1].isdigit()
               for h in result.visited), f"{username} opened no report: {result.visited}"
    assert not result.findings, f"{username}:\n" + "\n".join(str(f) for f in result.findings)
