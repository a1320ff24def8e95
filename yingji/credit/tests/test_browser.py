"""The credit module in a real browser on the demo city, per role: the enterprise's
safety manager (qy_safety), a district supervisor (ja_supervisor), the district's legal
reviewer (ja_legal, who decides the listings) and the public (gz_public). Each signs in,
opens every navigation entry the module adds and the first entry of the list, and fails
on a console error, a failed request, an English word or a raw code. Screenshots:
var/screenshots/credit-*.png."""

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
USERS = ("qy_safety", "ja_supervisor", "ja_legal", "gz_public")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from demo_city(tmp_path_factory, "credit-city")


def credit_walk(page: Any, url: str, username: str) -> Walk:
    result = Walk(username)
    current = watch(page, result)
    sign_in(page, url, username)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    links = page.eval_on_selector_all(
        "#sidebar-menu a[href*='/credit/']", "els => els.map(e => e.getAttribute('href'))")
    for href in dict.fromkeys(links):
        name = f"credit-{username}-{href.strip('/').replace('/', '-')}.png"
        browser_visit(page, url, href, result, current, SCREENSHOTS / name)
    if "/credit/list/" in links:
        page.goto(f"{url}/credit/list/")
        first = page.locator("table.object-table tbody a").first
        if first.count():
            browser_visit(page, url, first.get_attribute("href"), result, current,
                          SCREENSHOTS / f"credit-{username}-entry.png")
    return result


@pytest.mark.parametrize("username", USERS)
def test_every_credit_entry_of_the_role_works(site: str, username: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        page: Any = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        try:
            result = credit_walk(page, site, username)
        finally:
            browser.close()
    assert not result.findings, f"{username}:\n" + "\n".join(str(f) for f in result.findings)
    expected = "/public/credit/dishonesty/" if username == "gz_public" else "/credit/list/"
    assert expected in result.visited, f"{username}: {result.visited}"
    if username != "gz_public":
        assert any(h.startswith("/credit/list/") and h.rstrip("/").split("/")[-1].isdigit()
                   for h in result.visited), f"{username} opened no entry: {result.visited}"
