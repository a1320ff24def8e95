"""One real browser pass over the hazard pages: the list with the overdue flag, the
detail with its workflow forms (下发整改 in the browser), the map layers and the
analysis charts, with no CSP or script errors. Screenshots: var/screenshots/hazards-*.png."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from yingji.core.testing import JIANGAN, actor_for, make_department, make_user, require_chromium
from yingji.enterprises.tests.factories import make_enterprise
from yingji.hazards.models import Hazard
from yingji.hazards.services import hazards, steps
from yingji.hazards.tests.conftest import assign_data, hazard_data

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hazard_pages_in_a_browser(live_server: Any) -> None:
    require_chromium()
    from django.utils import timezone
    from playwright.sync_api import expect, sync_playwright

    bureau = make_department("江岸区应急管理局", region_code=JIANGAN, kind="district_bureau")
    officer = make_user("ja_hz_browser", roles=["supervisor"], scope=JIANGAN, department=bureau,
                        real_name="何芳")
    enterprise = make_enterprise(1, name="武汉江岸长江化工有限公司", supervising_officer=officer)
    actor = actor_for(officer)
    late = steps.assign_rectification(hazards.create_hazard(hazard_data(enterprise, title="消防通道堵塞"),
                                              actor=actor), actor=actor, **assign_data())
    Hazard.objects.filter(pk=late.pk).update(deadline=timezone.now() - timezone.timedelta(days=3))
    fresh = hazards.create_hazard(hazard_data(enterprise, title="配电室未设挡鼠板"), actor=actor)
    client = Client()
    client.force_login(officer)
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
        page.goto(f"{live_server.url}/hazards/")
        expect(page.get_by_text("待整改（已逾期）")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "hazards-list.png"), full_page=True)
        page.goto(f"{live_server.url}/hazards/{fresh.pk}/")
        step = page.locator("form[data-step='assign']")
        step.locator("input[name='responsible_name']").fill("陈安全")
        step.locator("input[name='workdays']").fill("5")
        step.locator("textarea[name='measures']").fill("加装挡鼠板")
        step.get_by_role("button", name="下发整改").click()
        expect(page.get_by_text("下发整改完成：待整改")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "hazards-detail.png"), full_page=True)
        page.goto(f"{live_server.url}/hazards/map/")
        layers = page.locator("#hazard-map .leaflet-control-layers")
        expect(layers).to_contain_text("逾期未整改", timeout=15000)
        page.screenshot(path=str(SCREENSHOTS / "hazards-map.png"))
        page.goto(f"{live_server.url}/hazards/analysis/")
        page.wait_for_selector("[data-chart='hazard-line'] canvas", timeout=15000)
        page.screenshot(path=str(SCREENSHOTS / "hazards-analysis.png"), full_page=True)
        browser.close()
    assert problems == []
    assert Hazard.objects.get(pk=fresh.pk).state == "pending"
