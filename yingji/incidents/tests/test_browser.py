"""The duty officer's path in a real browser: log in, receive a call and enter the
incident, see the grade and the report countdown, report, dispatch the nearest team,
record departure and arrival, close and review. Screenshots: var/screenshots/incidents-*.png."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from yingji.core.testing import JIANGAN, TEST_PASSWORD, actor_for, make_user, require_chromium
from yingji.incidents.models import DispatchOrder, Incident, InfoReport
from yingji.incidents.services import reports
from yingji.resources.tests.factories import team

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_duty_officer_path(live_server: Any) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    make_user("ja_browser", roles=["duty_officer"], scope=JIANGAN, real_name="吴敏")
    leader = make_user("ja_browser_leader", roles=["duty_leader"], scope=JIANGAN)
    team("大智路消防站", longitude=114.2920, latitude=30.5910, capabilities="灭火、破拆")
    team("二七消防站", longitude=114.3300, latitude=30.6300)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(viewport={"width": 1440, "height": 1000},
                                   locale="zh-CN").new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        # The live stream is covered by test_live; here it stays quiet so that pages do
        # not reload under the clicks.
        page.route("**/events/stream*", lambda route: route.fulfill(
            status=200, content_type="text/event-stream", body="retry: 600000\n\n"))

        page.goto(f"{live_server.url}/login/")
        page.get_by_label("用户名").fill("ja_browser")
        page.get_by_label("密码").fill(TEST_PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_text("今日值班")).to_be_visible()

        # A call comes in: the fast intake form.
        page.goto(f"{live_server.url}/incidents/add/")
        form = page.locator("#intake-form")
        form.get_by_label("报告人", exact=True).fill("张先生")
        form.get_by_label("事件名称").fill("中山大道仓库火灾")
        form.get_by_label("事件类别").select_option(label="事故灾难")
        form.get_by_label("事件子类").select_option(label="火灾事故")
        form.get_by_label("地点").fill("大智街道中山大道100号")
        form.get_by_label("经度").fill("114.2905")
        form.get_by_label("纬度").fill("30.5900")
        form.get_by_label("死亡人数").fill("3")
        form.get_by_label("事件简况").fill("仓库起火，三人死亡，火势较大")
        preview = page.locator("#grade-preview")
        expect(preview.locator("[data-preview=grade_label]")).to_have_text("较大", timeout=10000)
        expect(preview).to_contain_text("7日内伤亡变化须补报")
        page.screenshot(path=str(SCREENSHOTS / "incidents-intake.png"), full_page=True)
        page.get_by_role("button", name="登记并开始计时").click()

        # The incident page: grade, first-report countdown, recommendations.
        expect(page.get_by_test_id("grade")).to_have_text("较大")
        expect(page.get_by_test_id("countdown").first).to_contain_text("剩余")
        recommendations = page.get_by_test_id("recommendations")
        expect(recommendations.locator("tbody tr").first).to_contain_text("大智路消防站")
        page.screenshot(path=str(SCREENSHOTS / "incidents-detail.png"), full_page=True)
        page.locator("#reports").get_by_role("button", name="报送").click()
        # The 首报 waits for the leader on duty, who signs it off (issue 13 item 4).
        expect(page.locator("#reports")).to_contain_text("待领导签发")
        reports.sign_off_report(InfoReport.objects.get(kind="first"), actor=actor_for(leader))
        page.reload()
        expect(page.locator("#reports")).to_contain_text("按时")

        recommendations = page.get_by_test_id("recommendations")
        recommendations.locator("tbody tr").first.get_by_role("button", name="调派").click()
        orders = page.get_by_test_id("orders")
        expect(orders).to_contain_text("大智路消防站")
        for step in ("接收指令", "出发", "到达现场"):
            page.get_by_test_id("orders").get_by_role("button", name=step).click()
            expect(page.locator(".alert-success")).to_be_visible()
        expect(page.get_by_test_id("arrival-rate")).to_have_text("100%")
        detail_url = page.url.split("#")[0]
        page.goto(f"{live_server.url}/incidents/command/")
        expect(page.get_by_test_id("command-incident")).to_contain_text("大智路消防站：已到达")
        expect(page.locator("#command-map .leaflet-control-layers")).to_contain_text(
            "已到达现场队伍", timeout=15000)
        page.screenshot(path=str(SCREENSHOTS / "incidents-command.png"))
        page.goto(detail_url)
        for step in ("完成任务", "归队"):
            page.get_by_test_id("orders").get_by_role("button", name=step).click()
            expect(page.locator(".alert-success")).to_be_visible()

        closing = page.locator("#closing")
        closing.get_by_label("结束事件说明（必填）").fill("明火扑灭，现场移交属地")
        closing.get_by_role("button", name="结束事件").click()
        expect(page.locator(".alert-success")).to_contain_text("事件已结束")
        review = page.locator("#review-form")
        review.locator("textarea[name=summary]").fill("接报及时，力量调派合理")
        review.locator("input[name=problem]").first.fill("仓库消防通道被占用")
        review.locator("input[name=responsible_unit]").first.fill("大智街道办事处")
        review.locator("input[name=due_date]").first.fill("2099-12-31")
        review.get_by_role("button", name="完成复盘").click()
        expect(page.locator(".alert-success")).to_contain_text("复盘已完成")
        expect(page.locator("#closing")).to_contain_text("仓库消防通道被占用")
        page.screenshot(path=str(SCREENSHOTS / "incidents-reviewed.png"), full_page=True)

        page.goto(f"{live_server.url}/incidents/stats/")
        page.wait_for_selector(".echart canvas, .echart svg", timeout=15000)
        page.screenshot(path=str(SCREENSHOTS / "incidents-stats.png"), full_page=True)
        browser.close()
    incident = Incident.objects.get(title="中山大道仓库火灾")
    assert incident.state == "reviewed" and incident.grade == "III"
    order = DispatchOrder.objects.get(incident=incident)
    assert order.state == "returned" and order.arrived_at is not None
    assert problems == []
