"""Each role that works with plans and drills, in a real browser on the demo city: sign
in, open every navigation entry the plans module adds that the role has, and the first
plan, drill and incident page reached from them; fail on a console error, a failed
request, an English word or a raw code on the screen. Screenshots go to
var/screenshots/role-<account>-*.png."""

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

ENTRIES = {  # the plans module's navigation entries (apps.py)
    "应急预案": "/plans/", "预案体系": "/plans/tree/", "预案覆盖": "/plans/coverage/",
    "预案启动": "/plans/activation/", "应急演练": "/drills/", "年度演练计划": "/drills/year-plan/",
    "演练统计": "/drills/stats/", "预案演练参数": "/plans/settings/",
}
STAFF = tuple(e for e in ENTRIES if e != "预案演练参数")
ROLES = {
    "wh_supervisor": tuple(ENTRIES),  # the city's plans officer: parameters too
    "ja_supervisor": STAFF,
    "wh_leader": tuple(ENTRIES),
    "wh_duty": STAFF,  # the duty officer starts a plan for an incident
    "dz_duty": STAFF,
    "qy_safety": ("应急预案", "预案体系", "预案覆盖", "应急演练", "年度演练计划", "演练统计"),
    "pg_evaluator": ("应急演练",),  # only the drills assigned to it
}
_OWN = tuple(ENTRIES.values())
_DETAIL = re.compile(r"^/(plans|drills|plans/activation/incidents)/\d+/$")


def _ours(href: str) -> bool:
    return href.split("?")[0] in _OWN


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from demo_city(tmp_path_factory, "demo-plans")


@pytest.mark.parametrize("username", list(ROLES))
def test_each_plans_role_opens_its_entries_and_their_first_pages(site: str, username: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        page: Any = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        try:
            result = walk(page, site, username, SCREENSHOTS, only=_ours,
                          follow=lambda h: bool(_DETAIL.match(h)))
        finally:
            browser.close()
    visited = set(result.visited)
    assert visited >= {ENTRIES[e] for e in ROLES[username]}, result.visited
    assert not (visited & set(_OWN)) - {ENTRIES[e] for e in ROLES[username]}, result.visited
    assert any(_DETAIL.match(h) for h in result.visited), result.visited
    assert not result.findings, f"{username}:\n" + "\n".join(str(f) for f in result.findings)
