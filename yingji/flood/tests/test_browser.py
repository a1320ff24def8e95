"""Every demo role the flood module serves, in a real browser on the demo city: the
district's duty officer, the street's duty officer (who reports from the phone page)
and the leader sign in, open every entry the module adds, the open transfer, its phone
page and a risk point, and fail on a console error, a failed request, an English word
or a raw code. Screenshots go to var/screenshots/flood-<account>-*.png."""

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
USERS = ("ja_duty", "dz_duty", "ja_leader")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from demo_city(tmp_path_factory, "flood-city")


def visit(page: Any, url: str, href: str, result: Walk, current: dict[str, str], name: str,
          **screenshot: Any) -> None:
    browser_visit(page, url, href, result, current, SCREENSHOTS / f"flood-{name}.png", **screenshot)


def flood_walk(page: Any, url: str, username: str) -> Walk:
    result = Walk(username)
    current = watch(page, result)
    sign_in(page, url, username)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    links = page.eval_on_selector_all("#sidebar-menu a[href^='/flood/']",
                                      "els => els.map(e => e.getAttribute('href'))")
    for href in dict.fromkeys(links):
        visit(page, url, href, result, current, f"{username}-{href.strip('/').replace('/', '-')}")
    page.goto(f"{url}/flood/transfers/?state=open")
    task = page.locator("table a[href^='/flood/transfers/']").first
    if task.count():
        href = task.get_attribute("href")
        visit(page, url, href, result, current, f"{username}-transfer")
        field = page.locator("[data-testid=field-link]")
        if field.count():
            visit(page, url, field.get_attribute("href"), result, current, f"{username}-field")
    page.goto(f"{url}/flood/responses/")
    response = page.locator("table a[href^='/flood/responses/']").first
    if response.count():
        visit(page, url, response.get_attribute("href"), result, current, f"{username}-response")
    page.goto(f"{url}/flood/points/")
    point = page.locator("table a[href^='/flood/points/']").first
    if point.count():
        visit(page, url, point.get_attribute("href"), result, current, f"{username}-point")
        with page.expect_download() as download:
            page.click("[data-testid=card-download]")
        assert download.value.suggested_filename.endswith("一图一案一册.docx")
    return result


def report_from_the_phone(page: Any, url: str) -> None:
    """The street's duty officer reports a pending household moved on a phone screen."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{url}/flood/transfers/?state=open")
    page.goto(url + page.locator("table a[href^='/flood/transfers/']").first.get_attribute("href")
              + "field/")
    before = page.locator("[data-testid=field-entry] button[value=moved]").count()
    page.locator("[data-testid=field-entry] button[value=moved]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".alert-success, .toast").count() or "已转移" in page.inner_text("body")
    assert page.locator("[data-testid=field-entry] button[value=moved]").count() == before - 1
    page.screenshot(path=str(SCREENSHOTS / "flood-dz_duty-phone.png"), full_page=True)


@pytest.mark.parametrize("username", USERS)
def test_every_flood_entry_of_the_role_works(site: str, username: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        page: Any = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN",
                                     accept_downloads=True)
        try:
            result = flood_walk(page, site, username)
            if username == "dz_duty":
                report_from_the_phone(page, site)
        finally:
            browser.close()
    assert any(h.startswith("/flood/board/") for h in result.visited), \
        f"{username} has no flood entry: {result.visited}"
    assert any(h.startswith("/flood/transfers/") for h in result.visited)
    assert any(h.startswith("/flood/responses/") for h in result.visited)
    assert not result.findings, f"{username}:\n" + "\n".join(str(f) for f in result.findings)
