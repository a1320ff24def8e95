"""Every demo role in a real browser: sign in, open the workbench and every entry of
the navigation, and fail on a console error, a failed request, an English word or a
raw code on the screen. The demo city is built and served as ``make run`` does.
Screenshots of every page go to var/screenshots/role-<account>-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from yingji.core.demo.accounts import ACCOUNTS
from yingji.core.testing import require_chromium
from yingji.core.testing_browser import CHROMIUM_ARGS, demo_city, untranslated, walk

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"


def test_untranslated_finds_english_words_and_raw_codes() -> None:
    assert set(untranslated("状态：pending；区划 420102000000；系统:deadlines")) == {
        "pending", "系统:d", "区划代码 420102000000"}
    assert untranslated("CAP 1.2 预警，Excel 导出，LEC 评价，3 km，10:00") == []


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from demo_city(tmp_path_factory, "demo-city")


@pytest.mark.parametrize("username", [a.username for a in ACCOUNTS])
def test_every_navigation_entry_of_the_role_works(site: str, username: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        page: Any = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        try:
            result = walk(page, site, username, SCREENSHOTS)
        finally:
            browser.close()
    assert result.visited, f"{username} has no navigation entry"
    assert not result.findings, f"{username}:\n" + "\n".join(str(f) for f in result.findings)
