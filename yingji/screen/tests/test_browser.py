"""The command screen in Chromium on the demo city, as each role that opens it meets it
at 1920×1080: dark, no scrolling, Chinese only, the map with its base, every number a
link, an incident followed; the administrator's layout page. Then the long-running
checks: the page's JS heap over simulated events (YINGJI_SCREEN_SOAK_CYCLES, default a
shortened run; docs/benchmarks.md has the long one) and the map's frames per second
with 10,000 points. Screenshots: var/screenshots/screen-*.png."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from yingji.core.testing_browser import (
    CHROMIUM_ARGS,
    Walk,
    check_text,
    demo_city,
    sign_in,
    watch,
)

SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"
FIGURES = Path(settings.PROJECT_DIR) / "var" / "screen-figures.txt"
WALL = {"width": 1920, "height": 1080}
ROLES = ("wh_duty", "wh_leader", "wh_commander", "wh_supervisor", "ja_duty", "wh_admin")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory: Any) -> Iterator[str]:
    yield from demo_city(tmp_path_factory, "screen")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                              args=[*CHROMIUM_ARGS, "--enable-precise-memory-info"])
        yield chromium
        chromium.close()


def record(line: str) -> None:
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    with FIGURES.open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def open_screen(page: Any, site: str, result: Walk, current: dict[str, str]) -> None:
    current["url"] = "/screen/"
    page.goto(f"{site}/screen/")
    page.wait_for_selector("#screen[data-applied]", timeout=30000)
    page.wait_for_selector("#screen-map[data-boundaries]", timeout=30000)
    if page.locator("#screen-map .map-layer-panel [data-layer]").count():
        page.wait_for_selector("#screen-map[data-layers-loaded]", timeout=60000, state="attached")
    page.wait_for_load_state("networkidle")


def looks_right(page: Any, who: str) -> None:
    """Dark, filling the wall without scrolling, every number a link, the base drawn."""
    sizes = page.evaluate("""() => ({
        sh: document.documentElement.scrollHeight, sw: document.documentElement.scrollWidth,
        h: innerHeight, w: innerWidth,
        bg: getComputedStyle(document.body).backgroundColor,
        polygons: document.querySelectorAll('#screen-map .leaflet-yingji-boundaries-pane path').length,
        numbers: Array.from(document.querySelectorAll('.screen-num'))
          .map(n => [n.tagName, n.getAttribute('href') || '', n.textContent]),
    })""")
    assert sizes["sh"] <= sizes["h"] and sizes["sw"] <= sizes["w"], (who, sizes)
    red, green, blue = (int(c) for c in sizes["bg"].removeprefix("rgb(").rstrip(")").split(",")[:3])
    assert red + green + blue < 120, (who, sizes["bg"])
    assert sizes["polygons"] > 5, who
    numbers = sizes["numbers"]
    # The administrator arranges the screen but reads no module: panels say so.
    assert numbers or page.locator("text=您无权查看本面板的数据").count(), who
    assert all(tag == "A" and href.startswith("/") for tag, href, text in numbers if text != "—"), numbers


@pytest.mark.parametrize("username", ROLES)
def test_each_role_opens_the_screen(site: str, browser: Any, username: str) -> None:
    context = browser.new_context(viewport=WALL, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    result = Walk(username)
    current = watch(page, result)
    sign_in(page, site, username)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    open_screen(page, site, result, current)
    looks_right(page, username)
    check_text(page, "/screen/", result)
    page.screenshot(path=str(SCREENSHOTS / f"screen-{username}.png"))
    # 一屏联动: the first incident is followed by the whole screen.
    if page.locator(".screen-incident").count():
        page.locator(".screen-incident").first.click()
        page.wait_for_selector("#screen[data-following]", timeout=30000)
        page.wait_for_timeout(1200)  # the map's flight
        assert page.locator('.screen-focus[data-focus="summary"]').is_visible()
        assert not page.locator('.screen-col-right .screen-panel:not(.screen-focus)').first.is_visible()
        looks_right(page, username)
        check_text(page, "/screen/#follow", result)
        page.screenshot(path=str(SCREENSHOTS / f"screen-{username}-follow.png"))
        page.locator("#screen-unfollow").click()
        assert not page.locator("#screen[data-following]").count()
    if username == "wh_admin":
        current["url"] = "/screen/settings/"
        page.goto(f"{site}/screen/settings/")
        page.wait_for_load_state("networkidle")
        check_text(page, "/screen/settings/", result)
        page.screenshot(path=str(SCREENSHOTS / "screen-layout.png"), full_page=True)
    context.close()
    assert not result.findings, "\n".join(str(f) for f in result.findings)


def test_reconnects_without_a_reload(site: str, browser: Any) -> None:
    """The server is away (the stream answers 502, as a proxy does while the server
    restarts): the page retries by itself, is not reloaded, and re-reads its panels once
    the stream is back."""
    context = browser.new_context(viewport=WALL, locale="zh-CN")
    page = context.new_page()
    result = Walk("wh_leader")
    current = watch(page, result)
    sign_in(page, site, "wh_leader")
    open_screen(page, site, result, current)
    page.wait_for_selector("body[data-live-state=open]", timeout=30000, state="attached")
    page.evaluate("window.__sameDocument = true")

    refused = {"n": 0}

    def away(route: Any) -> None:
        refused["n"] += 1
        route.fulfill(status=502, body="bad gateway")

    page.route("**/events/stream*", away)
    page.evaluate("window.yingjiLive.close(); window.yingjiLive.onerror()")
    page.wait_for_selector("body[data-live-state=reconnecting]", timeout=30000, state="attached")
    page.wait_for_timeout(4000)  # retried after 1 s and 2 s, refused each time
    assert refused["n"] >= 2, refused
    applied = int(page.get_attribute("#screen", "data-applied") or 0)
    page.unroute("**/events/stream*")
    page.wait_for_selector("body[data-live-state=open]", timeout=60000, state="attached")
    page.wait_for_function(f"Number(document.getElementById('screen').dataset.applied) > {applied}",
                           timeout=30000)
    assert page.evaluate("window.__sameDocument") is True
    context.close()
    expected = ("502", "ERR_INTERNET_DISCONNECTED")
    failures = [f for f in result.findings if not any(e in f.detail for e in expected)]
    assert not failures, failures


def heap(cdp: Any) -> int:
    cdp.send("HeapProfiler.collectGarbage")
    return int(cdp.send("Runtime.getHeapUsage")["usedSize"])


SIMULATE = """async (n) => {
  const types = ["monitoring.alarm", "incidents.incident", "warnings.bulletin", "hazards.hazard",
                 "resources.rescueteam", "incidents.dutyshift", "incidents.inforeport"];
  const first = document.querySelector(".screen-incident");
  const id = first ? Number(first.dataset.incident) : null;
  for (let i = 0; i < n; i++) {
    for (const t of types) {
      document.dispatchEvent(new CustomEvent("yingji:live", {detail: {object_type: t, type: "x", id: i}}));
    }
    if (id && i % 10 === 0) { await YingjiScreen.follow(i % 20 === 0 ? id : null); }
    clearTimeout(YingjiScreen.state.timer); YingjiScreen.state.timer = null;
    await YingjiScreen.flush();
  }
  return YingjiScreen.state.applied;
}"""


def test_heap_stays_flat_over_simulated_events(site: str, browser: Any) -> None:
    """Each cycle is one burst of events of every kind and the re-reads it causes (at the
    screen's pace, one burst every 10 s, 720 cycles are 2 hours)."""
    cycles = int(os.environ.get("YINGJI_SCREEN_SOAK_CYCLES", "60"))
    context = browser.new_context(viewport=WALL, locale="zh-CN")
    page = context.new_page()
    result = Walk("wh_duty")
    current = watch(page, result)
    sign_in(page, site, "wh_duty")
    open_screen(page, site, result, current)
    cdp = context.new_cdp_session(page)
    page.evaluate(SIMULATE, 10)  # warm up: every panel and the follow view drawn once
    start = heap(cdp)
    samples = []
    step = max(1, cycles // 6)
    done = 0
    while done < cycles:
        page.evaluate(SIMULATE, min(step, cycles - done))
        done += min(step, cycles - done)
        samples.append(heap(cdp))
    end = samples[-1]
    nodes = page.evaluate("document.getElementsByTagName('*').length")
    record(f"heap cycles={cycles} start={start} end={end} max={max(samples)} "
           f"growth={100 * (end - start) / start:.1f}% dom_nodes={nodes}")
    context.close()
    assert end <= start * 1.2, (start, samples)
    assert not [f for f in result.findings if f.kind != "请求失败"], result.findings


FPS = """async ([n, clustered]) => {
  const m = YingjiMap.get("screen-map");
  const features = [];
  for (let i = 0; i < n; i++) {
    features.push({type: "Feature", geometry: {type: "Point", coordinates:
      [113.9 + Math.random() * 0.9, 30.3 + Math.random() * 0.6]}, properties: {name: "点" + i}});
  }
  const t0 = performance.now();
  await m.addGeoJSON("万点测试", {type: "FeatureCollection", features},
                     {color: "#4dabf7", cluster: clustered});
  const load = performance.now() - t0;
  const map = m.map;
  const frames = await new Promise(resolve => {
    let count = 0, dir = 1;
    const begin = performance.now();
    function frame(now) {
      count++;
      map.panBy([dir * 12, 0], {animate: false});
      if (count % 60 === 0) { dir = -dir; }
      if (now - begin < 4000) { requestAnimationFrame(frame); }
      else { resolve(count / ((now - begin) / 1000)); }
    }
    requestAnimationFrame(frame);
  });
  return {fps: frames, load: load};
}"""


@pytest.mark.xfail(strict=False, reason="target of 30 fps not met: 2-6 fps measured under software "
                   "rendering on the shared 2-core machine (docs/benchmarks.md)")
@pytest.mark.parametrize("clustered", [False, True], ids=["points", "clustered"])
def test_map_frames_with_ten_thousand_points(site: str, browser: Any, clustered: bool) -> None:
    context = browser.new_context(viewport=WALL, locale="zh-CN")
    page = context.new_page()
    result = Walk("wh_commander")
    current = watch(page, result)
    sign_in(page, site, "wh_commander")
    open_screen(page, site, result, current)
    found = page.evaluate(FPS, [10000, clustered])
    record(f"fps clustered={clustered} points=10000 fps={found['fps']:.1f} load_ms={found['load']:.0f}")
    page.screenshot(path=str(SCREENSHOTS / f"screen-10000-{'clustered' if clustered else 'points'}.png"))
    context.close()
    assert found["fps"] >= 30, found
