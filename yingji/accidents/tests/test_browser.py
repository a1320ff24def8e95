"""The accidents pages in a real browser as each role meets them in the demo city: every
accidents entry of the role's navigation, the first record of its ledger and the
ledger's and the 瞒报 tasks' toolbar links, failing on a console error, a failed
request, an English word or a raw code. The enterprise account sees nothing of the
module, and a district's officer cannot open another district's record. Screenshots:
var/screenshots/accidents-<account>-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from yingji.core.testing import require_chromium
from yingji.core.testing_browser import CHROMIUM_ARGS, Walk, check_text, demo_city, sign_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"

LEDGER, STATS, MAP, TASKS, TYPICAL, OFFICE, SETTINGS = (
    "/accidents/", "/accidents/statistics/", "/accidents/map/", "/accidents/crosscheck/rows/",
    "/accidents/typical/", "/accidents/office/", "/accidents/settings/")
READERS = {LEDGER, STATS, MAP, TYPICAL}
# The accidents entries each role's menu offers (apps.py's grants, setup.py's menu).
ENTRIES = {
    "wh_duty": READERS | {TASKS},                  # the duty officer: 快报 turned into records
    "ja_duty": READERS | {TASKS},
    "wh_supervisor": READERS | {TASKS, SETTINGS},  # the accidents section, city-wide
    "ja_supervisor": READERS | {TASKS},            # a district's section (no settings)
    "wh_inspector": READERS | {TASKS},             # findings and 移交执法立案
    "wh_leader": READERS | {TASKS, OFFICE},        # statistics, 挂牌督办, 批复
    "wh_safety": READERS | {OFFICE},               # the 安委办: 结案 and 回头看
}
# Toolbar links of a list that lead to another page, and what that page must show.
TOOLBAR = {
    LEDGER: [("由突发事件转入", "select[name=incident]")],
    TASKS: [("导入核查名单", "input[type=file]"), ("已导入的核查名单", "#object-list")],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from demo_city(tmp_path_factory, "accidents-demo")


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _signed_in(browser: Any, site: str, username: str) -> tuple[Any, Walk, dict[str, str]]:
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    result = Walk(username)
    current = watch(page, result)
    sign_in(page, site, username)
    return page, result, current


def _accidents_entries(page: Any) -> set[str]:
    links = page.eval_on_selector_all("#sidebar-menu a[href^='/accidents/']",
                                      "els => els.map(e => e.getAttribute('href'))")
    return set(links)


def _visit(page: Any, site: str, href: str, result: Walk, current: dict[str, str], shot: str) -> None:
    current["url"] = href
    result.visited.append(href)
    page.goto(f"{site}{href}")
    page.wait_for_load_state("networkidle")
    check_text(page, href, result)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"accidents-{result.username}-{shot}.png"), full_page=True)


@pytest.mark.parametrize("username", sorted(ENTRIES))
def test_each_role_walks_its_accidents_pages(site: str, browser: Any, username: str) -> None:
    from playwright.sync_api import expect

    page, result, current = _signed_in(browser, site, username)
    entries = _accidents_entries(page)
    assert entries == ENTRIES[username]
    for href in sorted(entries):
        _visit(page, site, href, result, current, href.strip("/").replace("/", "-"))
        if href == MAP:
            expect(page.locator("#accident-map .map-layer-body")).to_contain_text(
                "较大及以上事故", timeout=15000)
        if href == STATS:
            page.wait_for_selector(".echart canvas, .echart svg", timeout=15000)
    # The ledger's first record, as the role sees it (its steps, timeline, files).
    page.goto(f"{site}{LEDGER}")
    first = page.locator("#object-list tbody a").first.get_attribute("href")
    _visit(page, site, first, result, current, "detail")
    assert page.locator("[data-testid=investigation]").count() == 1
    # A toolbar link inside the list goes to its page (the boosted list once swapped in
    # nothing and showed an empty list).
    for list_href, links in TOOLBAR.items():
        if list_href not in entries:
            continue
        for label, selector in links:
            page.goto(f"{site}{list_href}")
            link = page.get_by_role("link", name=label)
            if not link.count():
                continue
            current["url"] = f"{list_href} → {label}"
            link.first.click()
            page.wait_for_selector(selector, timeout=10000)
            check_text(page, current["url"], result)
    page.close()
    assert not result.findings, f"{username}:\n" + "\n".join(str(f) for f in result.findings)


def test_the_enterprise_account_sees_nothing_of_the_module(site: str, browser: Any) -> None:
    page, _, _ = _signed_in(browser, site, "qy_safety")
    assert _accidents_entries(page) == set()
    for href in (LEDGER, STATS, TASKS, "/api/v1/accidents/accidents/"):
        response = page.goto(f"{site}{href}")
        assert response.status in (403, 404), href
    page.close()


def test_a_district_officer_cannot_open_another_districts_record(site: str, browser: Any) -> None:
    page, _, _ = _signed_in(browser, site, "ja_supervisor")
    page.goto(f"{site}{LEDGER}")
    jiangan = page.locator("#object-list tbody a").first.get_attribute("href")
    page.close()
    outsider, _, _ = _signed_in(browser, site, "wc_supervisor")
    assert outsider.goto(f"{site}{jiangan}").status == 404
    api = outsider.goto(f"{site}/api/v1/accidents/accidents/{jiangan.strip('/').split('/')[-1]}/")
    assert api.status == 404
    outsider.close()
