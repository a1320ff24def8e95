"""The training module in a real browser on the demo city, per role: the enterprise's
safety manager (qy_safety), a district supervisor (ja_supervisor) and the bureau's
section (wh_supervisor, city-wide), and the keepers of the 灾害信息员 roster: 江岸区's
duty officer (ja_duty) and 黄陂区's 救灾科 (hp_relief); the rescue team's account (jy_team)
for the teams' training. Each signs in, opens every navigation entry the module
adds, a person's page and a session's page, and fails on a console error, a failed
request, an English word or a raw code. Screenshots: var/screenshots/training-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from yingji.core.testing import require_chromium
from yingji.core.testing_browser import (
    CHROMIUM_ARGS,
    Walk,
    demo_city,
    sign_in,
    watch,
)
from yingji.core.testing_browser import visit as browser_visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]
INFORMANT_KEEPERS = ("ja_duty", "hp_relief")
TEAM_KEEPERS = ("ja_duty", "jy_team")
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"
USERS = ("qy_safety", "ja_supervisor", "wh_supervisor", "ja_duty", "hp_relief", "jy_team")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from demo_city(tmp_path_factory, "training-city")


def visit(page: Any, url: str, href: str, result: Walk, current: dict[str, str], name: str,
          **screenshot: Any) -> None:
    browser_visit(page, url, href, result, current, SCREENSHOTS / f"training-{name}.png", **screenshot)


def training_walk(page: Any, url: str, username: str) -> Walk:
    result = Walk(username)
    current = watch(page, result)
    sign_in(page, url, username)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    links = page.eval_on_selector_all(
        "#sidebar-menu a[href^='/training/']", "els => els.map(e => e.getAttribute('href'))")
    for href in dict.fromkeys(links):
        visit(page, url, href, result, current, f"{username}-{href.strip('/').replace('/', '-')}")
    for listing, name in (("/training/people/?holding=gap", "person"),
                          ("/training/sessions/", "session"),
                          ("/training/informants/?state=no_certificate", "informant"),
                          ("/training/team-exercises/", "exercise")):
        if listing.split("?")[0] not in links:
            continue  # not the role's page (an enterprise has no sessions' list)
        page.goto(f"{url}{listing}")
        first = page.locator("table.object-table tbody a").first
        if first.count():
            visit(page, url, first.get_attribute("href"), result, current, f"{username}-{name}")
    return result


@pytest.mark.parametrize("username", USERS)
def test_every_training_entry_of_the_role_works(site: str, username: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        page: Any = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        try:
            result = training_walk(page, site, username)
        finally:
            browser.close()
    if username in INFORMANT_KEEPERS:
        assert "/training/informants/coverage/" in result.visited
        assert any(h.startswith("/training/informants/") and h.rstrip("/").split("/")[-1].isdigit()
                   for h in result.visited), f"{username} opened no informant: {result.visited}"
    if username in TEAM_KEEPERS:
        assert "/training/team-hours/" in result.visited
        assert any(h.startswith("/training/team-exercises/") and h.rstrip("/").split("/")[-1].isdigit()
                   for h in result.visited), f"{username} opened no team session: {result.visited}"
    if username not in ("hp_relief", "jy_team"):  # they keep informants / team training only
        assert "/training/people/" in result.visited, f"{username} has no training entry: {result.visited}"
        assert "/training/coverage/" in result.visited
        assert any(h.startswith("/training/people/") and h.rstrip("/").split("/")[-1].isdigit()
                   for h in result.visited), f"{username} opened no person: {result.visited}"
    assert not result.findings, f"{username}:\n" + "\n".join(str(f) for f in result.findings)
