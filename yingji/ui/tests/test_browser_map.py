"""综合一张图 in a real browser: a city commander signs in and sees the district
boundaries of Wuhan drawn as the base with their names, hundreds of enterprises
clustered, layers switched off and on from the panel, the legend's "无坐标" note, and a
click on an object that opens its detail page; the hazards map gets the same base.
Screenshot: var/screenshots/map.png.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from yingji.core.models import Region, User
from yingji.core.testing import TEST_PASSWORD, WUCHANG, WUHAN, make_user, require_chromium
from yingji.enterprises.models import Enterprise
from yingji.enterprises.tests.factories import WUCHANG_STREET, make_enterprise
from yingji.resources.tests.factories import shelter, team

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"
BOUNDARIES = Path(settings.BASE_DIR) / "ui" / "static" / "vendor" / "boundaries" / "index.json"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def city(transactional_db: Any) -> User:
    """A commander of Wuhan, 400 enterprises over two districts, teams and shelters."""
    make_enterprise(1, name="武汉江岸石化储运有限公司", longitude=114.318, latitude=30.628)
    make_enterprise(2, street_code=WUCHANG_STREET, name="武汉武昌燃气储配有限公司",
                    longitude=114.335, latitude=30.552)
    make_enterprise(3, name="坐标未登记的企业", longitude=None, latitude=None)
    streets = {code: Region.objects.get(code=code) for code in ("420102002000", WUCHANG_STREET)}
    colours = ["red", "orange", "yellow", "blue", ""]
    # Bulk rows for the clustering only; the services are tested elsewhere.
    Enterprise.objects.bulk_create([Enterprise(
        name=f"测试企业{n:03d}", credit_code=f"91420100MA{n:08d}", industry="hazchem",
        region=streets["420102002000" if n % 2 else WUCHANG_STREET], address=f"测试路{n}号",
        longitude=114.26 + (n % 20) * 0.006, latitude=30.53 + (n // 20) * 0.005,
        risk_colour=colours[n % 5]) for n in range(400)])
    team(longitude=114.29, latitude=30.60)
    shelter("武昌首义广场避难场所", region_code=WUCHANG, longitude=114.31, latitude=30.54)
    return make_user("wh_commander", roles=["commander"], scope=WUHAN, real_name="指挥长")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_one_map_draws_boundaries_clusters_and_switches_layers(live_server: Any,
                                                                    city: User) -> None:
    chromium = require_chromium()
    assert BOUNDARIES.exists(), "请先运行 yingji vendor-assets（提取区划边界）"
    from playwright.sync_api import expect, sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))

        page.goto(f"{live_server.url}/map/")
        page.fill("input[name=username]", "wh_commander")
        page.fill("input[name=password]", TEST_PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page.locator(".page-title")).to_have_text("综合一张图")

        box = page.locator("#main-map")
        # The base: Wuhan's 13 districts as SVG polygons in their own pane, with labels.
        paths = box.locator(".leaflet-yingji-boundaries-pane svg path")
        expect(paths.first).to_be_attached()
        page.wait_for_function("() => Number(document.getElementById('main-map')"
                               ".getAttribute('data-boundaries')) >= 13")
        assert paths.count() >= 13
        expect(box.locator(".leaflet-tooltip.region-label", has_text="江岸区")).to_have_count(1)
        expect(box.locator(".leaflet-tooltip.region-label", has_text="武昌区")).to_have_count(1)

        # Every layer read, one after the other; the enterprises cluster.
        total = page.locator(".map-layer").count()
        assert total >= 8
        page.wait_for_function(
            f"() => document.getElementById('main-map').getAttribute('data-layers-loaded') === '{total}'")
        enterprises = page.locator(".map-layer[data-layer=enterprises]")
        expect(enterprises.locator(".map-layer-count")).to_have_text("402")
        expect(enterprises.locator(".map-layer-note")).to_have_text("1 个无坐标，未上图")
        expect(enterprises.locator(".map-legend-item")).to_have_count(5)
        clusters = box.locator(".map-cluster")
        expect(clusters.first).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "map.png"))
        page.evaluate("() => YingjiMap.get('main-map').map.setView([30.575, 114.315], 13,"
                      " {animate: false})")
        expect(box.locator(".map-cluster").first).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "map-zoomed.png"))

        # Switch the enterprises off: their clusters go; on again: they come back.
        shown = clusters.count() + box.locator(".map-point").count()
        enterprises.locator("input[type=checkbox]").uncheck()
        expect(box.locator(".map-cluster")).to_have_count(0)
        enterprises.locator("input[type=checkbox]").check()
        expect(clusters.first).to_be_visible()
        assert clusters.count() + box.locator(".map-point").count() == shown
        # A layer that starts off (shelters) appears when switched on.
        shelters = page.locator(".map-layer[data-layer=shelters]")
        expect(shelters.locator("input[type=checkbox]")).not_to_be_checked()
        expect(shelters.locator(".map-layer-count")).to_have_text("1")
        shelters.locator("input[type=checkbox]").check()
        # A live event about a shelter re-reads that layer.
        shelter("解放公园应急避难场所", longitude=114.29, latitude=30.61)
        page.evaluate("() => document.dispatchEvent(new CustomEvent('yingji:live',"
                      " {detail: {type: 'objects.create', object_type: 'resources.shelter'}}))")
        expect(shelters.locator(".map-layer-count")).to_have_text("2")

        # A click on an object opens its popup, whose link opens the object.
        enterprises.locator("input[type=checkbox]").uncheck()
        page.evaluate(
            "() => { const m = YingjiMap.get('main-map'); m.map.setView([30.54, 114.31], 16,"
            " {animate: false}); }")
        marker = box.locator(".map-point").first
        expect(marker).to_be_visible()
        marker.click()
        popup = box.locator(".leaflet-popup-content")
        expect(popup).to_contain_text("武昌首义广场避难场所")
        popup.get_by_role("link", name="查看详情 ›").click()
        expect(page.locator(".page-title")).to_have_text("武昌首义广场避难场所")

        # Another module's map gets the same base through map.js.
        page.goto(f"{live_server.url}/hazards/map/")
        expect(page.locator("#hazard-map .leaflet-yingji-boundaries-pane svg path").first
               ).to_be_attached()
        expect(page.locator("#hazard-map .leaflet-tooltip", has_text="江岸区")).to_have_count(1)
        # On a phone the panel starts folded and opens on demand.
        phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                 storage_state=page.context.storage_state())
        phone.goto(f"{live_server.url}/map/")
        expect(phone.locator(".map-layer-panel")).to_have_class(re.compile("collapsed"))
        phone.get_by_role("button", name="展开", exact=True).click()
        expect(phone.locator(".map-layer[data-layer=enterprises]")).to_be_visible()
        phone.wait_for_function("() => document.getElementById('main-map')"
                                ".getAttribute('data-layers-loaded') !== null")
        phone.screenshot(path=str(SCREENSHOTS / "map-phone.png"))
        browser.close()

    assert problems == [], problems
