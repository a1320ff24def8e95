"""One real browser pass over the enterprise pages: the list, the file with its GB 18218
working, the four-colour map (markers drawn, no CSP or script errors) and the charts.
Screenshots go to var/screenshots/enterprises-*.png."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from yingji.core.testing import JIANGAN, make_user, require_chromium, system
from yingji.enterprises import services
from yingji.enterprises.tests.factories import make_enterprise, make_unit

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_enterprise_pages_in_a_browser(live_server: Any) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    supervisor = make_user("ja_browser", roles=["supervisor"], scope=JIANGAN, real_name="何芳")
    enterprise = make_enterprise(1, name="武汉江岸长江化工有限公司")
    make_unit(enterprise, [("氯", 20), ("氨", 30)], population=120)
    services.create_risk_point({"enterprise": enterprise, "name": "液氯装卸区", "method": "lec",
                                "lec_l": 3, "lec_e": 6, "lec_c": 15}, actor=system())
    make_enterprise(2, name="武汉江岸汇通商贸有限公司", industry="industry_trade",
                    longitude=114.31, latitude=30.61)
    client = Client()
    client.force_login(supervisor)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie,
                              "url": live_server.url}])
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{live_server.url}/enterprises/")
        expect(page.get_by_role("link", name="武汉江岸长江化工有限公司")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "enterprises-list.png"), full_page=True)
        page.get_by_role("link", name="武汉江岸长江化工有限公司").click()
        expect(page.get_by_text("R = α·Σβq/Q = 44.00")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "enterprises-file.png"), full_page=True)
        page.goto(f"{live_server.url}/enterprises/map/")
        # One layer per colour present, named with its count (markers are on a canvas).
        layers = page.locator("#enterprise-map .leaflet-control-layers")
        expect(layers).to_contain_text("橙（较大风险）（1）", timeout=15000)
        expect(layers).to_contain_text("未评估（未评估）（1）")
        page.screenshot(path=str(SCREENSHOTS / "enterprises-map.png"))
        page.goto(f"{live_server.url}/enterprises/charts/")
        page.wait_for_selector(".echart canvas, .echart svg", timeout=15000)
        page.screenshot(path=str(SCREENSHOTS / "enterprises-charts.png"), full_page=True)
        browser.close()
    assert problems == []
