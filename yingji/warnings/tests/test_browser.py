"""A real browser on the warnings map pages: the public map of current warnings on a
phone screen (areas coloured by level, no CSP or script errors), and drawing a target
area by clicking on the map while editing a draft. Screenshots go to
var/screenshots/warnings-*.png."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from yingji.core.testing import actor_for, require_chromium
from yingji.warnings.models import Bulletin
from yingji.warnings.rules import polygon_problem
from yingji.warnings.services import bulletins
from yingji.warnings.tests.conftest import draft_data, publish

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"
SQUARE = {"type": "Polygon", "coordinates": [[[114.28, 30.58], [114.33, 30.58], [114.33, 30.62],
                                              [114.28, 30.62], [114.28, 30.58]]]}

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_map_and_polygon_drawing_in_a_browser(live_server: Any, officer, leader, people,
                                                     street) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    publish(bulletins.create_bulletin(draft_data(street), actor=actor_for(officer)), officer, leader)
    publish(bulletins.create_bulletin(
        draft_data(street, level="red", title="江岸区暴雨红色预警（划定范围）", polygon=SQUARE),
        actor=actor_for(officer)), officer, leader)
    draft = bulletins.create_bulletin(draft_data(street, title="待划定范围的预警"),
                                      actor=actor_for(officer))
    client = Client()
    client.force_login(officer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                    device_scale_factor=2, is_mobile=True, has_touch=True)
        page = phone.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{live_server.url}/public/warnings/")
        expect(page.locator("#warnings-map")).to_have_attribute("data-warning-layers", "2",
                                                                timeout=15000)
        layers = page.locator("#warnings-map .leaflet-control-layers")
        expect(layers).to_contain_text("红色（一级）（1）")
        expect(layers).to_contain_text("橙色（二级）（1）")
        # The map fits the page on a phone: no horizontal scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(SCREENSHOTS / "warnings-public-map.png"), full_page=True)
        phone.close()

        desk = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
        desk.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie,
                           "url": live_server.url}])
        page = desk.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{live_server.url}/warnings/{draft.pk}/edit/")
        board = page.locator("#polygon-map")
        expect(board).to_have_attribute("data-corners", "0", timeout=15000)
        board.scroll_into_view_if_needed()
        box = board.bounding_box()
        assert box is not None
        spots = [(0.35, 0.35), (0.65, 0.35), (0.7, 0.65), (0.3, 0.7)]
        for x, y in spots:
            page.mouse.click(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
        expect(board).to_have_attribute("data-corners", "4")
        expect(page.locator("#polygon-status")).to_contain_text("已绘制4个点")
        page.get_by_role("button", name="撤销上一点").click()
        expect(board).to_have_attribute("data-corners", "3")
        page.mouse.click(box["x"] + box["width"] * 0.32, box["y"] + box["height"] * 0.72)
        expect(board).to_have_attribute("data-corners", "4")
        drawn = json.loads(page.locator("[data-polygon-input]").input_value())
        ring = drawn["coordinates"][0]
        assert len(ring) == 5 and ring[0] == ring[-1]
        page.screenshot(path=str(SCREENSHOTS / "warnings-polygon-edit.png"), full_page=True)
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text("已修改预警信息")).to_be_visible()
        browser.close()
    saved = Bulletin.objects.get(pk=draft.pk).polygon
    assert saved == drawn and polygon_problem(saved) is None
    assert problems == []
