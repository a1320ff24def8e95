"""The informant's phone form in a real browser: choosing the village fills in its last
report, choosing another empties it; no script or CSP error. Screenshot:
var/screenshots/disasters-report-form.png."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from yingji.core.testing import JIANGAN, JIANGAN_STREET, actor_for, make_user, region, require_chromium
from yingji.disasters.services import events, reports
from yingji.disasters.tests.conftest import VILLAGE, VILLAGE2, event_data, figures

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_phone_form_refills_when_the_village_changes(live_server: Any) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    informant = make_user("t_browser_informant", roles=["informant"], scope=JIANGAN_STREET)
    county = make_user("t_browser_county", roles=["duty_officer"], scope=JIANGAN)
    event = events.create_event(event_data(title="浏览器测试洪涝"), actor=actor_for(county))
    reports.submit_report(event, region(VILLAGE), figures(affected=321), actor=actor_for(informant))
    client = Client()
    client.force_login(informant)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{live_server.url}/disasters/report/")
        page.select_option("select[name=event]", str(event.pk))
        page.select_option("select[name=region]", VILLAGE)
        page.wait_for_url(f"**/disasters/report/?event={event.pk}&region={VILLAGE}")
        expect(page.locator("input[name=affected]")).to_have_value("321")
        expect(page.get_by_text("已带出保成社区上次报送")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "disasters-report-form.png"), full_page=True)
        page.select_option("select[name=region]", VILLAGE2)
        page.wait_for_url(f"**/disasters/report/?event={event.pk}&region={VILLAGE2}")
        expect(page.locator("input[name=affected]")).to_have_value("")
        browser.close()
    assert problems == []
