"""The 救灾科 demo account (hp_relief) in a real browser on the demo city, built and
served as ``make run`` does: it signs in, its navigation holds every disasters entry its
work needs (and not the leaders' or the settings), and each page opens with no console
error, failed request, English word or raw code. Screenshots:
var/screenshots/role-hp_relief-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from yingji.core.testing import require_chromium
from yingji.core.testing_browser import CHROMIUM_ARGS, demo_city, walk

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"
ENTRIES = (
    "disaster_board",
    "disasterevent_list",
    "disasterreport_list",
    "twelvehourcheck_list",
    "reliefcase_list",
    "casualtyrecord_list",
    "damagedhouse_list",
    "winterspringplan_list",
    "donation_list",
    "responsethreshold_list",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from demo_city(tmp_path_factory, "demo-relief")


def test_the_relief_section_opens_every_disasters_entry_cleanly(site: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        page: Any = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        try:
            result = walk(page, site, "hp_relief", SCREENSHOTS)
            page.goto(f"{site}/")
            workbench = page.inner_text(".page-wrapper")
        finally:
            browser.close()
    wanted = {reverse(name) for name in ENTRIES}
    assert wanted <= set(result.visited), sorted(wanted - set(result.visited))
    # Reporting from a village and the city's settings are not the section's work.
    assert reverse("disaster_report_form") not in result.visited
    assert reverse("disastersettings_edit") not in result.visited
    assert not result.findings, "\n".join(str(f) for f in result.findings)
    assert "户救助已审批待发放" in workbench
