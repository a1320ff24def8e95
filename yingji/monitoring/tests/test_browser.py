"""The monitoring cockpit and alarm handling in a real browser, served as production
serves them: the ASGI application under uvicorn, so the Server-Sent Events stream
really streams (Django's WSGI live server would buffer it until it ends).

A district supervisor opens the cockpit (map by live colour, open alarms, feed); a
reading beyond the high-high limit arrives at the HTTP door and the alarm appears in
the open page; the supervisor reads the trend with its thresholds, acknowledges,
reports the handling, clears once the level is back to normal and closes another
alarm; a malformed message shows in the dead letters with its Chinese reason. A
supervisor of another district and the account of a neighbouring enterprise have
their cockpits open meanwhile and never receive the alarm.
Screenshots: var/screenshots/monitoring-*.png.
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import timezone

from yingji.core.testing import JIANGAN, JIANGAN_STREET, TEST_PASSWORD, WUCHANG, WUHAN, make_user, system
from yingji.core.testing_asgi import AsgiServer
from yingji.enterprises import services as enterprise_services
from yingji.enterprises.models import Enterprise
from yingji.enterprises.tests.factories import WUCHANG_STREET, make_enterprise
from yingji.monitoring.models import Alarm, DeadLetter
from yingji.monitoring.services import analytics
from yingji.monitoring.tests.factories import make_object, make_point, make_source
from yingji.monitoring.views import COLOUR_HEX

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Every page records the live events it receives, before any page script runs.
RECORD_LIVE = """window.__live = [];
document.addEventListener("yingji:live", function (e) { window.__live.push(e.detail); });"""


def _site(n: int, name: str, street: str, longitude: float, latitude: float) -> dict[str, Any]:
    enterprise = make_enterprise(n, street_code=street, name=name, longitude=longitude, latitude=latitude)
    obj = make_object(enterprise, "V-201", name="2号苯储罐", kind="tank")
    level = make_point(obj, "LT-201", name="2号苯储罐液位")
    temp = make_point(obj, "TT-201", name="2号苯储罐温度", point_type="temperature", unit="℃",
                      range_low=-20.0, range_high=100.0, low_low=None, low=None, high=60.0, high_high=80.0)
    source, token = make_source(enterprise, f"GW-{n:04d}")
    return {"enterprise": enterprise, "object": obj, "level": level, "temp": temp, "source": source,
            "token": token}


def _readings(point: str, values: list[float], start: float, unit: str | None = None) -> bytes:
    rows = [{"point": point, "value": v, "ts": start + i * 10, **({"unit": unit} if unit else {})}
            for i, v in enumerate(values)]
    return json.dumps({"readings": rows}).encode()


def _post(base: str, site: dict[str, Any], body: bytes) -> tuple[int, dict[str, Any]]:
    """A gateway's POST to the HTTP door of the running server."""
    request = urllib.request.Request(
        f"{base}/api/v1/monitoring/ingest/{site['source'].code}/", data=body, method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {site['token']}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cockpit_live_alarm_and_handling(asgi_server: AsgiServer, live_bus: None,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("YINGJI_REQUIRE_SERVICES") == "1":
            pytest.fail("未找到 Chromium")
        pytest.skip(f"未找到 Chromium（{CHROMIUM}）")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import Page, expect, sync_playwright

    base = asgi_server.url
    mine = _site(1, "武汉江岸石化储运有限公司", JIANGAN_STREET, 114.2950, 30.5950)
    neighbour = _site(2, "武汉大智精细化工有限公司", JIANGAN_STREET, 114.2860, 30.5880)
    far = _site(3, "武汉武昌燃气储配有限公司", WUCHANG_STREET, 114.3150, 30.5550)
    # Before anyone looks: a temperature excursion beyond 高高 is already open at ours.
    earlier = time.time() - 900
    door = Client()
    for site in (mine, far):
        response = door.post(f"/api/v1/monitoring/ingest/{site['source'].code}/",
                             _readings("TT-201", [85.0, 86.0, 86.5], earlier, "℃"),
                             content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {site['token']}")
        assert response.status_code == 200 and response.json()["alarms"] == 1
    existing = Alarm.objects.get(point=mine["temp"])
    assert existing.is_open and existing.severity == 1

    make_user("ja_sup", roles=["supervisor"], scope=JIANGAN, real_name="陈静")
    make_user("wc_sup", roles=["supervisor"], scope=WUCHANG, real_name="王磊")
    make_user("wh_duty", roles=["duty_officer"], scope=WUHAN, real_name="赵敏")
    member = make_user("qy_dazhi", roles=["enterprise"], scope=JIANGAN, real_name="刘洋")
    enterprise_services.add_member(neighbour["enterprise"], member, actor=system())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("monitoring-*.png"):
        old.unlink()

    problems: list[str] = []

    connection = connections["default"]
    with sync_playwright() as playwright:
        # Playwright's event loop makes Django keep connections per async context here:
        # the test goes on with its own connection (the one the SQLite server shares).
        connections["default"] = connection
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        def open_as(username: str, link: str = "监测预警驾驶舱") -> Page:
            context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN",
                                          timezone_id="Asia/Shanghai")
            context.add_init_script(RECORD_LIVE)
            page = context.new_page()
            page.on("console", lambda m: problems.append(f"{username}: {m.text}")
                    if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(f"{username}: {e}"))
            page.on("response", lambda r: problems.append(f"{username}: {r.status} {r.url}")
                    if r.status >= 400 else None)
            page.goto(f"{base}/login/")
            page.get_by_label("用户名").fill(username)
            page.get_by_label("密码").fill(TEST_PASSWORD)
            page.get_by_role("button", name="登录").click()
            expect(page.locator(".page-title")).to_have_text("工作台")
            page.locator("#sidebar-menu").get_by_role("link", name=link).click()
            if link == "监测预警驾驶舱":
                expect(page.locator(".page-title")).to_have_text(link)
                # Subscribed to the live stream before anything happens.
                page.wait_for_function("() => window.yingjiLive && window.yingjiLive.readyState === 1")
            return page

        # 1. The district supervisor's cockpit: counts, map by live colour, open alarms.
        page = open_as("ja_sup")
        expect(page.locator("#cockpit-counts [data-count=open]")).to_have_text("1")
        feed = page.locator("#alarm-feed")
        expect(feed).to_contain_text(existing.message)
        expect(feed).to_contain_text("武汉江岸石化储运有限公司")
        expect(feed).not_to_contain_text("武汉武昌燃气储配有限公司")
        expect(page.get_by_text("未结束报警（按监测对象归并）")).to_be_visible()
        map_box = page.locator("#monitoring-map")
        expect(map_box.locator(".leaflet-control-layers")).to_contain_text("蓝", timeout=15000)
        page.wait_for_function(
            "() => { const m = window.YingjiMap && YingjiMap.get('monitoring-map'); if (!m) return false;"
            " let n = 0; m.map.eachLayer(l => { if (l.feature && l.feature.properties.colour) n++; });"
            " return n >= 2; }")
        markers = page.evaluate(
            "() => { const out = {}; YingjiMap.get('monitoring-map').map.eachLayer(l => {"
            " const p = l.feature && l.feature.properties;"
            " if (p && p.colour) out[p.name] = {fill: l.options.fillColor, popup: p.popup}; });"
            " return out; }")
        in_scope = Enterprise.objects.filter(region__code__startswith=JIANGAN[:6])
        expected = {row["name"]: COLOUR_HEX[row["colour"]] for row in analytics.live_colours(in_scope)}
        assert {name: m["fill"] for name, m in markers.items()} == expected
        # The open 紧急 alarm lifts ours above its quiet neighbour.
        assert expected["武汉江岸石化储运有限公司"] != expected["武汉大智精细化工有限公司"]
        assert expected["武汉大智精细化工有限公司"] == COLOUR_HEX["blue"]
        assert "未结束报警1条（紧急1）" in markers["武汉江岸石化储运有限公司"]["popup"]
        # Zoomed in on the enterprise, a click on its marker tells why it has that colour.
        x, y = page.evaluate(
            "() => { const m = YingjiMap.get('monitoring-map').map; let at = null;"
            " m.eachLayer(l => { if (l.feature && l.feature.properties.name === '武汉江岸石化储运有限公司')"
            " at = l.getLatLng(); }); m.setView(at, 15, {animate: false});"
            " const p = m.latLngToContainerPoint(at); return [p.x, p.y]; }")
        box = map_box.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + x, box["y"] + y)
        expect(page.locator(".leaflet-popup-content")).to_contain_text(
            "武汉江岸石化储运有限公司：一般风险（黄）；未结束报警1条（紧急1）")
        page.mouse.move(box["x"] + 5, box["y"] + box["height"] - 5)  # the hover label goes
        expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
        page.screenshot(path=str(SCREENSHOTS / "monitoring-cockpit.png"), full_page=True)

        # The others watch their own cockpits meanwhile.
        outsider = open_as("wc_sup")
        expect(outsider.locator("#alarm-feed")).to_contain_text("武汉武昌燃气储配有限公司")
        expect(outsider.locator("#alarm-feed")).not_to_contain_text("武汉江岸石化储运有限公司")
        owner = open_as("qy_dazhi")
        expect(owner.locator("#alarm-feed")).to_contain_text("暂无报警")

        # 2. The tank level passes 高 at the HTTP door: the alarm appears without a reload.
        page.evaluate("() => { window.__sameDocument = true; }")
        start = time.time() - 120
        status, answer = _post(base, mine, _readings("LT-201", [8.5, 8.6, 8.7], start))
        # The level alarm, and with the temperature still in alarm the tank's combination alarm.
        assert status == 200 and answer["accepted"] == 3 and answer["alarms"] == 2, answer
        alarm = Alarm.objects.get(point=mine["level"])
        assert alarm.is_open and alarm.severity == 2 and alarm.state == "pushed" and alarm.level == "h"
        combination = Alarm.objects.get(monitored_object=mine["object"], kind="combination")
        # Then one alarm each at the neighbour and in the other district, which the
        # outsiders do receive: the stream is ordered, so once theirs arrived ours would have.
        for site in (neighbour, far):
            status, answer = _post(base, site, _readings("LT-201", [9.4, 9.5, 9.6], start))
            assert status == 200 and answer["alarms"] >= 1, answer
        new_item = feed.locator(f"[data-alarm-id='{alarm.pk}']")
        expect(new_item).to_contain_text("新报警")
        expect(new_item).to_contain_text(alarm.message)
        expect(new_item.locator(".badge")).to_have_text(alarm.get_severity_display())
        expect(new_item.locator(".badge")).to_have_class(re.compile(r"\bbg-orange\b"))
        expect(feed.locator(f"[data-alarm-id='{combination.pk}']")).to_contain_text(combination.message)
        # Shown in Beijing time as the server shows it, and each alarm once.
        expect(new_item).to_contain_text(f"{timezone.localtime(alarm.last_at):%m-%d %H:%M:%S}")
        expect(feed.locator("[data-alarm-id]")).to_have_count(4)
        # The counts and the open alarms per object follow without a reload.
        expect(page.locator("#cockpit-counts [data-count=open]")).to_have_text("4")
        expect(page.locator("#alarm-groups")).to_contain_text(alarm.message)
        expect(page.locator("#alarm-groups")).to_contain_text("武汉大智精细化工有限公司")

        # The level keeps rising past 高高: the same alarm escalates and moves to the top.
        status, answer = _post(base, mine, _readings("LT-201", [9.4, 9.5, 9.6], start + 30))
        assert status == 200 and answer["accepted"] == 3, answer
        alarm.refresh_from_db()
        assert alarm.is_open and alarm.level == "hh" and alarm.severity == 1
        top = feed.locator("[data-alarm-id]").first
        expect(top).to_have_attribute("data-alarm-id", str(alarm.pk))
        expect(top).to_contain_text("再次触发")
        expect(top.locator(".badge")).to_have_text("一级（紧急）")
        expect(top.locator(".badge")).to_have_class(re.compile(r"\bbg-red\b"))
        expect(feed.locator("[data-alarm-id]")).to_have_count(4)
        expect(page.locator("#alarm-groups")).to_contain_text(alarm.message)  # now 高高报
        expect(page.locator("#cockpit-counts [data-count=open]")).to_have_text("4")
        # The map's colours follow without a reload: the markers are what the server says now.
        expected = {row["name"]: COLOUR_HEX[row["colour"]] for row in analytics.live_colours(in_scope)}
        assert expected["武汉大智精细化工有限公司"] != COLOUR_HEX["blue"]  # its first alarm
        page.wait_for_function(
            "(want) => { const got = {}; YingjiMap.get('monitoring-map').map.eachLayer(l => {"
            " const p = l.feature && l.feature.properties;"
            " if (p && p.colour) got[p.name] = l.options.fillColor; });"
            " return Object.keys(want).every(k => got[k] === want[k]); }", arg=expected)
        assert page.evaluate("() => window.__sameDocument") is True
        page.screenshot(path=str(SCREENSHOTS / "monitoring-cockpit-live.png"), full_page=True)

        # 6. Out of scope: neither the other district nor the neighbour's account gets it.
        far_alarm = Alarm.objects.get(point=far["level"])
        neighbour_alarm = Alarm.objects.get(point=neighbour["level"])
        expect(outsider.locator(f"#alarm-feed [data-alarm-id='{far_alarm.pk}']")).to_be_visible()
        expect(owner.locator(f"#alarm-feed [data-alarm-id='{neighbour_alarm.pk}']")).to_be_visible()
        for other in (outsider, owner):
            received = other.evaluate("() => window.__live.filter(e => e.object_type === 'monitoring.alarm')"
                                      ".map(e => e.object_id)")
            assert not {alarm.pk, existing.pk, combination.pk} & set(received), received
            expect(other.locator("#alarm-feed")).not_to_contain_text("武汉江岸石化储运有限公司")
        expect(owner.locator("#cockpit-counts [data-count=open]")).to_have_text("1")
        owner.screenshot(path=str(SCREENSHOTS / "monitoring-cockpit-enterprise.png"), full_page=True)
        outsider.reload()
        expect(outsider.locator("#alarm-feed")).not_to_contain_text("武汉江岸石化储运有限公司")
        assert outsider.request.get(f"{base}/monitoring/alarms/{alarm.pk}/").status == 404
        assert owner.request.get(f"{base}/api/v1/monitoring/alarms/{alarm.pk}/").status == 404
        outsider.context.close()
        owner.context.close()

        # 3. From the feed to the alarm, and to its point's trend with the thresholds drawn.
        new_item.click()
        expect(page.locator(".page-title")).to_contain_text(alarm.message)
        page.goto(f"{base}/monitoring/points/{mine['level'].pk}/")
        chart = page.locator(".monitoring-trend")
        expect(chart).to_have_attribute("data-drawn", "6", timeout=15000)
        option = page.evaluate(
            "() => { const o = echarts.getInstanceByDom(document.querySelector('.monitoring-trend'))"
            ".getOption(); return {lines: o.series[0].markLine.data.map(d => [d.name, d.yAxis]),"
            " min: o.yAxis[0].min, max: o.yAxis[0].max}; }")
        assert option["lines"] == [["高高", 9.0], ["高", 8.0], ["低", 1.0], ["低低", 0.5]]
        assert (option["min"], option["max"]) == (0, 10)  # every limit and value, on round numbers
        expect(page.locator(".page-body")).to_contain_text("连续次数：3；持续时间（秒）：0；变化率上限（量程%/分钟）：不启用")
        page.screenshot(path=str(SCREENSHOTS / "monitoring-trend.png"), full_page=True)

        # 4. 签收, 处置反馈, then 消警 once the level is back to normal.
        page.goto(f"{base}/monitoring/alarms/{alarm.pk}/")

        def step(name: str, comment: str | None = None) -> None:
            form = page.locator(f"form.workflow-step[data-step={name}]")
            if comment is not None:
                form.locator("textarea[name=comment]").fill(comment)
            form.get_by_role("button").click()
            expect(page.locator(".alert-success")).to_be_visible()

        step("acknowledge")
        alarm.refresh_from_db()
        assert alarm.state == "acknowledged" and alarm.acknowledged_by.username == "ja_sup"
        expect(page.locator(".alert-success")).to_contain_text("签收完成：已签收")
        expect(page.locator(".page-body")).to_contain_text("陈静")
        step("feedback", "已关闭进料阀，液位正在回落，现场人员已到位")
        alarm.refresh_from_db()
        assert alarm.state == "handled" and alarm.feedback.startswith("已关闭进料阀")
        expect(page.locator(".page-body")).to_contain_text("已关闭进料阀，液位正在回落")
        # Still above the limit: 消警 is refused with the reason.
        page.locator("form.workflow-step[data-step=clear]").get_by_role("button").click()
        expect(page.locator(".alert-danger")).to_contain_text("监测数据尚未恢复正常，不能消警")
        alarm.refresh_from_db()
        assert alarm.state == "handled"
        status, answer = _post(base, mine, _readings("LT-201", [6.0, 5.8, 5.6], time.time() - 60))
        assert status == 200 and answer["accepted"] == 3, answer
        alarm.refresh_from_db()
        assert alarm.recovered_at is not None and alarm.state == "handled"
        page.reload()
        expect(page.get_by_text("监测值已恢复正常")).to_be_visible()
        expect(page.locator(".monitoring-trend")).to_have_attribute("data-drawn", re.compile(r"\d+"))
        page.screenshot(path=str(SCREENSHOTS / "monitoring-alarm-handled.png"), full_page=True)
        step("clear", "液位恢复正常，消警")
        alarm.refresh_from_db()
        assert alarm.state == "cleared" and not alarm.is_open and alarm.ended_at is not None
        expect(page.get_by_text("该报警已结束")).to_be_visible()
        expect(page.locator(".monitoring-trend")).to_have_attribute("data-drawn", re.compile(r"\d+"))
        page.screenshot(path=str(SCREENSHOTS / "monitoring-alarm-cleared.png"), full_page=True)

        # The earlier temperature alarm was a faulty transmitter: 关闭 with the reason.
        page.goto(f"{base}/monitoring/alarms/{existing.pk}/")
        step("close", "温度变送器故障误报，已更换")
        existing.refresh_from_db()
        assert existing.state == "closed" and not existing.is_open
        expect(page.locator(".alert-success")).to_contain_text("关闭完成：已关闭")

        # 5. Refused data at the door becomes dead letters with the reason in Chinese: a
        # broken message from our gateway (its credentials are right, so it is ours to
        # see), a reading of an unknown point, and a message with a wrong token (its sender
        # is unknown: only city-wide staff see it).
        status, answer = _post(base, mine, b'{"readings": [{"point": "LT-201", "value": 3.1')
        assert status == 400 and answer["error"]["code"] == "malformed"
        status, answer = _post(base, mine, _readings("LT-999", [3.0], time.time() - 30))
        assert status == 200 and [r["code"] for r in answer["rejected"]] == ["unknown_point"]
        impostor = {**mine, "token": "not-the-token"}
        status, answer = _post(base, impostor, _readings("LT-201", [3.0], time.time()))
        assert status == 401 and answer["error"]["code"] == "bad_credentials"
        malformed = DeadLetter.objects.get(reason_code="malformed")
        unknown = DeadLetter.objects.get(reason_code="unknown_point")
        stranger = DeadLetter.objects.get(reason_code="bad_credentials")
        for dead in (malformed, unknown, stranger):
            assert re.search(r"[\u4e00-\u9fff]", dead.reason), dead.reason
        page.locator("#sidebar-menu").get_by_role("link", name="死信（拒收数据）").click()
        rows = page.locator("#object-list tbody tr")
        expect(rows).to_have_count(2)
        for dead in (malformed, unknown):
            expect(rows.filter(has_text=dead.reason)).to_contain_text("武汉江岸石化储运有限公司")
        expect(page.locator("#object-list")).not_to_contain_text(stranger.reason)
        city = open_as("wh_duty", "死信（拒收数据）")
        rows = city.locator("#object-list tbody tr")
        expect(rows).to_have_count(3)
        expect(rows.filter(has_text=stranger.reason)).to_contain_text(mine["source"].code)
        expect(rows.filter(has_text=malformed.reason)).to_contain_text("HTTP")
        city.screenshot(path=str(SCREENSHOTS / "monitoring-dead-letters.png"), full_page=True)
        city.get_by_role("link", name=malformed.reason).click()
        expect(city.locator(".page-body")).to_contain_text('{"readings": [{"point": "LT-201", "value": 3.1')
        city.context.close()

        page.goto(f"{base}/monitoring/")
        still_open = Alarm.objects.filter(is_open=True, enterprise__region__code__startswith=JIANGAN[:6])
        assert {a.pk for a in still_open} == {combination.pk, neighbour_alarm.pk}
        expect(page.locator("#cockpit-counts [data-count=open]")).to_have_text("2")
        page.screenshot(path=str(SCREENSHOTS / "monitoring-cockpit-after.png"), full_page=True)
        browser.close()
    assert problems == [], problems
