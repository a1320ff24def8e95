"""Every demo role the forest fire module serves, in a real browser on the demo city:
the city's duty officer (enters the day's danger), the duty leader (also the settings)
and the supervisor open every entry the module adds and a day's record, and fail on a
console error, a failed request, an English word or a raw code. Screenshots go to
var/screenshots/forestfire-<account>-*.png."""

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
USERS = ("wh_duty", "wh_leader", "wh_supervisor")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from demo_city(tmp_path_factory, "forestfire-city")


def walk(page: Any, url: str, username: str) -> Walk:
    result = Walk(username)
    current = watch(page, result)
    sign_in(page, url, username)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def visit(href: str, name: str) -> None:
        browser_visit(page, url, href, result, current,
                      SCREENSHOTS / f"forestfire-{username}-{name}.png")

    links = page.eval_on_selector_all("#sidebar-menu a[href^='/forestfire/']",
                                      "els => els.map(e => e.getAttribute('href'))")
    for href in dict.fromkeys(links):
        visit(href, href.strip("/").replace("/", "-"))
    page.goto(f"{url}/forestfire/danger/?min_level=4")
    record = page.locator("table a[href^='/forestfire/danger/']").first
    if record.count():
        visit(record.get_attribute("href"), "record")
    return result


@pytest.mark.parametrize("username", USERS)
def test_every_forestfire_entry_of_the_role_works(site: str, username: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        page: Any = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        try:
            result = walk(page, site, username)
        finally:
            browser.close()
    assert any(h.startswith("/forestfire/danger/today/") for h in result.visited), result.visited
    assert any(h.startswith("/forestfire/danger/") and h.rstrip("/").split("/")[-1].isdigit()
               for h in result.visited), f"{username} saw no 四级 record: {result.visited}"
    assert not result.findings, f"{username}:\n" + "\n".join(str(f) for f in result.findings)
