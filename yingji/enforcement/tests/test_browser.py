"""The enforcement pages in a real browser, per role that uses them: every navigation
entry the module adds (under /enforcement/) and the first row's page of each list, for
the 执法员 of the city and of 江岸区, the 法制审核员, the leader, the 监管员 and an
enterprise's safety manager (its inspections and the documents served on it). Fails on
a console error, a failed request, an English word or a raw code on the screen. The demo
city is built and served as ``make run`` does; screenshots go to
var/screenshots/role-<account>-enforcement-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from yingji.core.testing import require_chromium
from yingji.core.testing_browser import CHROMIUM_ARGS, demo_city, walk

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"
# The accounts whose work is enforcement, and at least the entries each must reach.
ROLES = {
    "wh_inspector": ("/enforcement/cases/", "/enforcement/inspections/", "/enforcement/draws/"),
    "ja_inspector": ("/enforcement/cases/", "/enforcement/inspections/"),
    "wh_legal": ("/enforcement/cases/", "/enforcement/standards/", "/enforcement/document-prefixes/"),
    "wh_leader": ("/enforcement/cases/", "/enforcement/plans/", "/enforcement/inspectors/"),
    "wh_supervisor": ("/enforcement/cases/", "/enforcement/inspections/"),
    "qy_safety": ("/enforcement/inspections/", "/enforcement/documents/"),
}


def _detail(href: str) -> bool:
    """A list's row page (a case, an inspection, a plan …), not a form or a download."""
    return re.fullmatch(r"/enforcement/[a-z-]+/\d+/", href) is not None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from demo_city(tmp_path_factory, "demo-enforcement")


@pytest.mark.parametrize("username", list(ROLES))
def test_every_enforcement_entry_of_the_role_works(site: str, username: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        page: Any = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        try:
            result = walk(page, site, username, SCREENSHOTS / "enforcement",
                          only=lambda h: h.startswith("/enforcement/"), follow=_detail)
        finally:
            browser.close()
    missing = [href for href in ROLES[username] if not any(v.startswith(href) for v in result.visited)]
    assert not missing, f"{username} does not reach {missing}"
    assert not result.findings, f"{username}:\n" + "\n".join(str(f) for f in result.findings)
